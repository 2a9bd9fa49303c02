import "#server-only";
import { MongoDBAdapter } from "@auth/mongodb-adapter";
import { ObjectId } from "mongodb";
import type { Adapter } from "next-auth/adapters";
import { syncLinkedProviders } from "@/lib/accounts";
import { recordAuthEvent } from "@/lib/audit";
import { collections } from "@/lib/core/collections";
import { getMongoClient } from "@/lib/core/db";
import { SIGN_IN_LINK_SECONDS } from "@/lib/email-flows";
import { sendSecurityNotice } from "@/lib/notices";
import { claimOnce } from "@/lib/rate-limit";
import { markEmailVerified } from "@/lib/users";
import { normalizeEmail } from "@/lib/users/shared";
import { oauthAttempt, recordCreated, recordLinked } from "./oauth-attempt";
import { currentRequestContext } from "./request-context";

type BaseAdapter = ReturnType<typeof MongoDBAdapter>;
type AdapterUser = Parameters<NonNullable<BaseAdapter["createUser"]>>[0];
type AdapterAccount = Parameters<NonNullable<BaseAdapter["linkAccount"]>>[0];

/** What NextAuth gets to see of a user: the adapter's fields, never the hash or the vault. */
function visibleUser({ id, name, email, emailVerified, image }: AdapterUser): AdapterUser {
  return { id, name, email, emailVerified, image };
}

function visibleOrNull(user: AdapterUser | null | undefined): AdapterUser | null {
  return user ? visibleUser(user) : null;
}

/**
 * `@auth/mongodb-adapter` on the MongoClient Mongoose already holds (one pool
 * for both), managing `users`, `accounts`, `sessions` and `verificationTokens`,
 * with what this app adds around it:
 *
 * - emails are normalised like everywhere else, in writes and lookups;
 * - a user without an email is stored without the field (never null), so the
 *   unique email index skips them (lib/users/repository.ts); `emailVerified` is
 *   set when the provider verified the address (NextAuth v4 passes null for
 *   OAuth), or for a sign-in link (which proved the mailbox);
 * - a link stores which provider account it is and a label to show (its
 *   `_id` dates it), never the provider's access, refresh or ID tokens: this
 *   app calls no provider API after sign-in, so a database leak leaks none;
 * - linking and unlinking recompute the user's `linkedProviders` from their
 *   links (lib/accounts), which a new user starts with empty;
 * - users are handed to NextAuth with the adapter's fields only;
 * - a sign-in link's token is used once even by concurrent requests;
 * - creating a user and linking an account are recorded in the audit trail.
 */
export function createAdapter(): Adapter {
  const base = MongoDBAdapter(getMongoClient, {
    collections: {
      Users: collections.users,
      Accounts: collections.accounts,
      Sessions: collections.sessions,
      VerificationTokens: collections.verificationTokens,
    },
  });
  // (Renamed: a `use…` name reads as a React hook to the linter.)
  const { createUser, getUser, getUserByEmail, getUserByAccount, linkAccount, unlinkAccount, useVerificationToken: takeVerificationToken } = base;
  if (!createUser || !getUser || !getUserByEmail || !getUserByAccount || !linkAccount || !unlinkAccount || !takeVerificationToken) {
    throw new Error("@auth/mongodb-adapter lacks a method this app relies on");
  }
  const adapter: BaseAdapter = {
    ...base,

    async createUser(data) {
      const request = currentRequestContext();
      const attempt = oauthAttempt();
      const identity = attempt?.identity;
      // NextAuth creates a user outside an OAuth callback only for a sign-in link, whose mailbox is proven.
      const byLink = !attempt && data.emailVerified instanceof Date;
      const email = typeof data.email === "string" && data.email !== "" ? normalizeEmail(data.email) : undefined;
      const now = new Date();
      const created = await createUser({
        id: new ObjectId().toHexString(),
        ...(data.name ? { name: data.name } : {}),
        ...(email ? { email } : {}),
        emailVerified: email && (byLink || identity?.email?.verified) ? now : null,
        image: data.image ?? null,
        linkedProviders: [],
        createdAt: now,
        updatedAt: now,
        // The adapter stores whatever it is given; its type insists on an email, which an account may lack.
      } as AdapterUser);
      recordCreated();
      if (identity || byLink) await recordAuthEvent({ type: "signup", userId: created.id, method: identity?.provider ?? "email", context: request });
      return visibleUser(created);
    },

    // The adapter's findOneAndDelete hands one token to concurrent callers on FerretDB v1:
    // the first claim of the (hashed) token decides, a unique _id on both servers.
    async useVerificationToken(params) {
      const used = await takeVerificationToken(params);
      return used && (await claimOnce(`sign-in-link:${used.token}`, SIGN_IN_LINK_SECONDS)) ? used : null;
    },

    async getUser(id) {
      return visibleOrNull(await getUser(id));
    },

    async getUserByEmail(email) {
      return visibleOrNull(await getUserByEmail(normalizeEmail(email)));
    },

    async getUserByAccount(account) {
      return visibleOrNull(await getUserByAccount(account));
    },

    async linkAccount(account) {
      const request = currentRequestContext();
      const attempt = oauthAttempt();
      const identity = attempt?.identity;
      // Only these fields: the tokens in `account` are never stored.
      const link: AdapterAccount = {
        userId: account.userId,
        type: account.type,
        provider: account.provider,
        providerAccountId: account.providerAccountId,
      };
      await linkAccount({ ...link, label: identity?.label ?? null });
      await syncLinkedProviders(account.userId);
      if (!attempt || !identity) return;
      recordLinked();
      // The provider vouches for the address: if it is this account's, it is verified now.
      if (identity.email?.verified) await markEmailVerified(account.userId, identity.email.address);
      await recordAuthEvent({
        type: "account.linked",
        userId: account.userId,
        method: identity.provider,
        deviceSessionId: attempt.signedIn?.deviceSessionId,
        context: request,
      });
      // Connected to an existing account: its owner hears about it (a sign-up's first provider is no news).
      if (!attempt.created) {
        await sendSecurityNotice(account.userId, { kind: "sign-in-method", provider: identity.provider, change: "connected" }, request);
      }
    },

    // NextAuth v4 never calls it; kept in step all the same, should a caller appear.
    async unlinkAccount(params) {
      const unlinked = await unlinkAccount(params);
      if (!unlinked) return undefined;
      await syncLinkedProviders(unlinked.userId);
      return unlinked;
    },
  };
  // @auth/mongodb-adapter is typed against @auth/core, next-auth v4 against its
  // own copy of the same interface; the shapes agree at runtime.
  return adapter as unknown as Adapter;
}
