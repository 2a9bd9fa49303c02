/** @jest-environment-options {"env": {"OIDC_TRUSTED_EMAIL_DOMAINS": "corp.example, Staff.Corp.Example"}} */
import type { ObjectId } from "mongodb";
import { CookieJar, getSession, signIn, signedInUser } from "../../../helpers/auth";
import { oidcProviderForThisFile, oidcSignIn, providerAccount } from "../../../helpers/oauth";
import { createTestUser, rawCollection, usersCollection } from "../../../helpers/users";

/**
 * nOAuth: an OIDC issuer can say `email_verified: true` for any address its
 * tenant admins type in. With OIDC_TRUSTED_EMAIL_DOMAINS set, only addresses in
 * those domains count as proven by the configured OIDC provider: no other may
 * link to, or take back, an existing account by its email.
 */
const oidc = oidcProviderForThisFile();

async function accountsOf(userId: ObjectId) {
  return (await rawCollection("accounts")).find({ userId }).toArray();
}

async function markEmailVerified(userId: ObjectId) {
  await (await usersCollection()).updateOne({ _id: userId }, { $set: { emailVerified: new Date() } });
}

describe("OIDC_TRUSTED_EMAIL_DOMAINS", () => {
  it("an address outside the trusted domains does not link to the account that has it", async () => {
    const owner = await createTestUser({ email: "victim@mail.example" });
    await markEmailVerified(owner._id);
    const login = await providerAccount(oidc.current(), { email: "victim@mail.example", email_verified: true });

    const result = await oidcSignIn(new CookieJar(), login);

    expect(result.error).toBe("OAuthEmailNotVerified");
    expect(await accountsOf(owner._id)).toHaveLength(0);
  });

  it("an address outside the trusted domains does not take back a squatted account", async () => {
    const { user: holder, jar } = await signedInUser({ email: "unverified@mail.example" });
    const login = await providerAccount(oidc.current(), { email: "unverified@mail.example", email_verified: true });

    expect((await oidcSignIn(new CookieJar(), login)).error).toBe("OAuthEmailNotVerified");

    expect((await getSession(jar))?.user.id).toBe(holder.id);
    expect((await signIn(new CookieJar(), { email: holder.email, password: holder.password })).error).toBeNull();
    expect(await accountsOf(holder._id)).toHaveLength(0);
  });

  it("a new account from outside the trusted domains gets no email", async () => {
    const login = await providerAccount(oidc.current(), { email: "guest@mail.example", email_verified: true, name: "Guest" });
    const jar = new CookieJar();
    expect((await oidcSignIn(jar, login)).error).toBeNull();
    expect((await getSession(jar))?.user).toMatchObject({ name: "Guest", email: null });
  });

  it("an address in a trusted domain (any letter case) links as before", async () => {
    for (const address of ["alice@corp.example", "bob@staff.corp.example"]) {
      const owner = await createTestUser({ email: address });
      await markEmailVerified(owner._id);
      const login = await providerAccount(oidc.current(), { email: address.toUpperCase(), email_verified: true });
      const jar = new CookieJar();
      expect((await oidcSignIn(jar, login)).error).toBeNull();
      expect((await getSession(jar))?.user.id).toBe(owner.id);
      expect(await accountsOf(owner._id)).toHaveLength(1);
    }
  });

  it("a subdomain that is not listed is not trusted", async () => {
    const owner = await createTestUser({ email: "eve@evil.corp.example" });
    await markEmailVerified(owner._id);
    const login = await providerAccount(oidc.current(), { email: "eve@evil.corp.example", email_verified: true });
    expect((await oidcSignIn(new CookieJar(), login)).error).toBe("OAuthEmailNotVerified");
  });
});
