import { randomBytes } from "node:crypto";
import type { ObjectId } from "mongodb";
import { generate } from "otplib";
import { passkeyDocs } from "@/lib/passkeys/repository";
import { beginTotpSetup, confirmTotpSetup } from "@/lib/two-factor";
import { nextAuth, type CookieJar } from "./auth";
import type { CallResult } from "./http";

/**
 * Two-step verification in tests: an authenticator app's codes at a chosen
 * time, TOTP turned on through the real core functions, and the second step
 * through NextAuth's real `two-factor` callback.
 */

/** The pending sign-in's ticket cookie (no `__Secure-` prefix: tests run on http). */
export const TICKET_COOKIE = "keyforge.two-factor";

/** The authenticator app's code for `secret` at `ms` (a Date.now() value). */
export function totpCodeAt(secret: string, ms: number): Promise<string> {
  return generate({ secret, epoch: Math.floor(ms / 1000) });
}

/** Turns TOTP on for the user as Settings would (setup, then a confirmed code at the current time); the secret. */
export async function enableTotp(userId: string, label = "test@example.com"): Promise<string> {
  const { secret } = await beginTotpSetup(userId, label);
  if (!(await confirmTotpSetup(userId, await totpCodeAt(secret, Date.now())))) throw new Error("enableTotp: the code was refused");
  return secret;
}

interface SecondStepResult {
  status: number;
  /** The `?error=` code NextAuth answered with, if any. */
  error: string | null;
  setCookies: string[];
  response: CallResult;
}

/** POST /api/auth/callback/two-factor as `signIn("two-factor", { redirect: false })` sends it, in `jar`'s browser. */
export async function secondStep(jar: CookieJar, proof: { code: string } | { recoveryCode: string }): Promise<SecondStepResult> {
  const { csrfToken } = (await nextAuth("csrf", { jar })).body as { csrfToken: string };
  const response = await nextAuth("callback/two-factor", {
    method: "POST",
    jar,
    form: { ...proof, csrfToken, callbackUrl: "http://localhost:3000/settings", json: "true" },
  });
  const { url } = response.body as { url: string };
  return { status: response.status, error: new URL(url).searchParams.get("error"), setCookies: response.headers.getSetCookie(), response };
}

/** Stores a passkey for `userId` as a registration would (the key itself is never checked here). */
export async function addPasskey(userId: ObjectId, name = "Laptop"): Promise<void> {
  await (await passkeyDocs()).insertOne({
    _id: randomBytes(16).toString("base64url"),
    userId,
    name,
    publicKey: randomBytes(77),
    counter: 0,
    transports: ["internal"],
    deviceType: "multiDevice",
    backedUp: true,
    createdAt: new Date(),
    lastUsedAt: null,
  });
}
