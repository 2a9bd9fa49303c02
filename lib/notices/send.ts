import "#server-only";
import { SIGN_IN_METHOD_NAMES, type OAuthProviderId, type SignInMethod } from "@/lib/accounts/shared";
import { BackgroundTasks } from "@/lib/core/background";
import { onShutdown } from "@/lib/core/lifecycle";
import { getEnv, siteUrl } from "@/lib/core/env";
import { log } from "@/lib/core/log";
import { describeUserAgent, type RequestContext } from "@/lib/http";
import { mailTemplates, queueMail, type ActivityPlace, type MailMessage, type Recipient } from "@/lib/mail";
import { API_KEY_PROVIDER_LABELS, type ApiKeyProvider } from "@/lib/vault/shared";
import { findNoticeRecipient } from "./repository";
import type { OptionalNotice } from "./shared";

/** A change to an account that its owner hears about by email. */
type SecurityNotice =
  | { kind: "new-sign-in"; method: SignInMethod }
  /** `removed`: what a reset removed from an account whose address had never been confirmed, in words. */
  | { kind: "password-changed"; how: "changed" | "reset" | "set"; removed?: string }
  | { kind: "sign-in-method"; provider: OAuthProviderId; change: "connected" | "disconnected" }
  | { kind: "api-key-added"; provider: ApiKeyProvider }
  /** A provider's sign-in took back an account set up with an unverified address: what was removed, in words. */
  | { kind: "account-reclaimed"; method: SignInMethod; removed: string | null }
  /** Two-step verification turned on or off by the owner, or reset by an admin (support). */
  | { kind: "two-factor"; change: "enabled" | "disabled" | "reset-by-admin" }
  /** A recovery code was spent on a sign-in: how many are left. */
  | { kind: "recovery-code-used"; left: number }
  | { kind: "passkey-added"; name: string };

/** The setting that turns a notice off, or null for those always sent (they are about how the account signs in). */
function settingOf(notice: SecurityNotice): OptionalNotice | null {
  switch (notice.kind) {
    case "new-sign-in":
      return "newSignIn";
    case "api-key-added":
      return "apiKeyAdded";
    default:
      return null;
  }
}

/** A sign-in method's name in a sentence: "your email and password", "GitHub", or OIDC_NAME. */
export function signInMethodName(method: SignInMethod): string {
  return method === "oidc" ? getEnv().OIDC_NAME : SIGN_IN_METHOD_NAMES[method];
}

/** The request's browser and system, address and time, as the mails describe them. */
export function activityPlace(context: RequestContext, at = new Date()): ActivityPlace {
  const { browser, os } = describeUserAgent(context.userAgent);
  return { device: `${browser} on ${os}`, ip: context.ip, at };
}

function messageFor(recipient: Recipient, notice: SecurityNotice, place: ActivityPlace): MailMessage {
  switch (notice.kind) {
    case "new-sign-in":
      return mailTemplates.newSignIn(recipient, signInMethodName(notice.method), place, siteUrl("/settings/security#sessions"));
    case "password-changed":
      return mailTemplates.passwordChanged(
        recipient,
        notice.how,
        place,
        siteUrl(`/auth/forgot-password?${new URLSearchParams({ email: recipient.email })}`),
        notice.removed,
      );
    case "sign-in-method":
      return mailTemplates.signInMethodChanged(recipient, signInMethodName(notice.provider), notice.change, place, siteUrl("/settings/account#connected-accounts"));
    case "api-key-added":
      return mailTemplates.apiKeyAdded(recipient, API_KEY_PROVIDER_LABELS[notice.provider], place, siteUrl("/settings/keys#api-keys"));
    case "account-reclaimed":
      return mailTemplates.accountReclaimed(recipient, { how: `Signing in with ${signInMethodName(notice.method)}`, removed: notice.removed }, siteUrl("/settings/account"));
    case "two-factor":
    case "recovery-code-used":
    case "passkey-added":
      return mailTemplates.secondFactorChanged(recipient, secondFactorChangeInWords(notice), place, siteUrl("/settings/security#two-step"));
  }
}

/** What changed about how the account proves a sign-in, as the notice's subject and first sentence. */
function secondFactorChangeInWords(notice: Extract<SecurityNotice, { kind: "two-factor" | "recovery-code-used" | "passkey-added" }>): { subject: string; sentence: string } {
  switch (notice.kind) {
    case "two-factor":
      if (notice.change === "enabled") return { subject: "Two-step verification is on", sentence: "Two-step verification was turned on for your account" };
      if (notice.change === "disabled") return { subject: "Two-step verification was turned off", sentence: "Two-step verification was turned off for your account" };
      return {
        subject: "An admin reset your two-step verification",
        sentence: "An admin reset two-step verification for your account (a support request) and signed out every device",
      };
    case "recovery-code-used":
      return {
        subject: "A recovery code was used to sign in",
        sentence: `A recovery code was used to sign in to your account; ${notice.left === 1 ? "1 code is" : `${notice.left} codes are`} left`,
      };
    case "passkey-added":
      return { subject: "A passkey was added", sentence: `A passkey named "${notice.name}" was added to your account` };
  }
}

async function send(userId: string, notice: SecurityNotice, context: RequestContext): Promise<void> {
  const recipient = await findNoticeRecipient(userId);
  if (!recipient?.email || recipient.disabled) return;
  const setting = settingOf(notice);
  if (setting && !recipient.settings[setting]) return;
  await queueMail(messageFor({ email: recipient.email, name: recipient.name, verified: recipient.verified }, notice, activityPlace(context)));
}

/** Notices not in the outbox yet, so tests (and a graceful shutdown) can wait for them. */
const sending = new BackgroundTasks();

/**
 * Emails the account's owner about `notice`, unless they turned that kind off
 * or the account has no email. Resolves once the mail is in the outbox
 * (durable: any instance sends it), not once it is sent; callers await it
 * before they answer, so the notice is in the outbox before the change it
 * reports is confirmed. Never rejects: a failure (a full outbox, the database)
 * is logged and the request goes on.
 */
export function sendSecurityNotice(userId: string, notice: SecurityNotice, context: RequestContext): Promise<void> {
  return sending.run(
    () => send(userId, notice, context),
    (error) => log.error("notice.failed", error, { kind: notice.kind }),
  );
}

/** Resolves once every notice started so far is in the outbox (or its failure logged). */
export function noticesSent(): Promise<void> {
  return sending.settled();
}

onShutdown("notices", noticesSent);
