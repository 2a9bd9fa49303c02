import "#server-only";
import { recoveryCodeDocs, twoFactorDocs, userObjectId } from "./repository";
import { countRecoveryCodes } from "./recovery-codes";
import { dropPendingSignInsOf } from "./pending-sign-in";
import { isTotpEnabled } from "./totp";

/** Whether the user has a second step, and how many recovery codes are left. */
export async function twoFactorStateOf(userId: string): Promise<{ totpEnabled: boolean; recoveryCodesLeft: number }> {
  const [totpEnabled, recoveryCodesLeft] = await Promise.all([isTotpEnabled(userId), countRecoveryCodes(userId)]);
  return { totpEnabled, recoveryCodesLeft };
}

/**
 * Removes the authenticator secret (confirmed or pending), every recovery
 * code and every pending sign-in: turning the second step off, an admin's
 * reset, a reclaimed account. True when a confirmed second step was removed.
 */
export async function removeTotp(userId: string): Promise<boolean> {
  const _id = userObjectId(userId);
  const [removed] = await Promise.all([
    (await twoFactorDocs()).findOneAndDelete({ _id }),
    (await recoveryCodeDocs()).deleteMany({ userId: _id }),
    dropPendingSignInsOf(userId),
  ]);
  return Boolean(removed?.totp);
}
