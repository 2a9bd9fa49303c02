import "#server-only";
import type { NextApiRequest, NextApiResponse } from "next";
import { accountReads } from "@/lib/account-reads";
import { recordAuthEvent, listAuthEvents } from "@/lib/audit";
import { ownId } from "@/lib/access/shared";
import type { Authenticated } from "@/lib/auth";
import { getEnv } from "@/lib/core/env";
import { log } from "@/lib/core/log";
import { conversationsForExport, eachGenerationForExport } from "@/lib/generation";
import { alreadySent, HttpError, requestContextOf, type Reply } from "@/lib/http";
import { enforceRateLimit } from "@/lib/rate-limit";
import { assertRecentAuthentication } from "@/lib/sessions";
import { ClientGoneError, PacedWriter } from "./json-stream";
import { EXPORT_FORMAT, exportFileName, type DataExport } from "./shared";

/**
 * "Download your data" (`GET /api/user/export`): the account's data as one
 * JSON file, written as it is read. It hands over the decrypted history, so
 * it asks what changing the account asks: a recent sign-in, the owner
 * themself (never an admin viewing as them), and a few a day at most.
 */

const HOUR_SECONDS = 60 * 60;

/** What a failed export leaves at the end of the file, so it cannot pass for a complete one (and is no longer JSON). */
export const BROKEN_EXPORT_MARKER = "\n!!! KeyForge: this export failed before its end. The file is incomplete: download it again.\n";

/** Checks the caller may export now, then streams the file; the route answers with what this returns. */
export async function sendDataExport(req: NextApiRequest, res: NextApiResponse, auth: Authenticated): Promise<Reply<never>> {
  const { session, data } = auth;
  if (data.actor?.impersonatedBy) throw HttpError.forbidden("Viewing as a user cannot download their data");
  const userId = ownId(data);
  assertRecentAuthentication(session.authTime);
  const perHour = getEnv().DATA_EXPORTS_PER_HOUR;
  await enforceRateLimit(
    `data-export:${userId}`,
    { limit: perHour, windowSeconds: HOUR_SECONDS },
    `You can download your data ${perHour === 1 ? "once" : `${perHour} times`} an hour.`,
  );
  const now = new Date();
  const head = await exportHead(auth, now);
  await recordAuthEvent({ type: "account.exported", userId, context: requestContextOf(req), deviceSessionId: session.deviceSessionId });

  res.status(200);
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Content-Disposition", `attachment; filename="${exportFileName(now)}"`);
  res.setHeader("Cache-Control", "no-store");
  const writer = new PacedWriter(res);
  try {
    // The parts read up front, pretty-printed without their closing brace; then the history, one entry a line.
    await writer.write(`${JSON.stringify(head, null, 2).slice(0, -2)},\n  "generations": [`);
    let first = true;
    for await (const generation of eachGenerationForExport(data)) {
      await writer.write(`${first ? "\n" : ",\n"}    ${JSON.stringify(generation)}`);
      first = false;
    }
    await writer.write("\n  ]\n}\n");
    res.end();
  } catch (error) {
    if (error instanceof ClientGoneError) {
      log.info("export.client_gone", { userId });
    } else {
      log.error("export.failed", error, { userId });
      // The marker makes what was saved visibly broken; cutting the connection makes the browser call the download failed.
      if (!res.destroyed) res.write(BROKEN_EXPORT_MARKER, () => res.destroy());
    }
  }
  return alreadySent();
}

/** Everything but the history: small parts, read before the first byte is sent, so a failure there is still a clean error answer. */
async function exportHead(auth: Authenticated, now: Date): Promise<Omit<DataExport, "generations">> {
  const [{ user }, email, connected, devices, twoFactor, apiKeys, { preferences }, notices, events, conversations] = await Promise.all([
    accountReads.me(auth),
    accountReads.email(auth),
    accountReads.connectedAccounts(auth),
    accountReads.sessions(auth),
    accountReads.twoFactor(auth),
    accountReads.apiKeys(auth),
    accountReads.preferences(auth),
    accountReads.notices(auth),
    listAuthEvents(auth.data, undefined, "all"),
    conversationsForExport(auth.data),
  ]);
  return {
    format: EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    profile: { id: user.id, name: user.name, email: user.email, image: user.image, role: user.role, createdAt: user.createdAt, hasPassword: user.hasPassword },
    email: { email: email.email, emailVerified: email.emailVerified, pendingEmail: email.pendingEmail },
    connectedAccounts: connected.accounts.map(({ provider, providerName, label, connectedAt }) => ({ provider, providerName, label, connectedAt })),
    devices: devices.sessions,
    twoStepVerification: { authenticatorApp: twoFactor.totp.enabled, recoveryCodesLeft: twoFactor.recoveryCodesLeft },
    passkeys: twoFactor.passkeys.map(({ name, createdAt, lastUsedAt }) => ({ name, createdAt, lastUsedAt })),
    apiKeys: apiKeys.apiKeys,
    preferences,
    notices: notices.notices,
    securityActivity: events.map(({ type, at, description, device, ip, warning }) => ({ type, at, description, device, ip, warning })),
    conversations,
  };
}
