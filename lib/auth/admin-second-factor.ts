import "#server-only";
import type { Session } from "next-auth";
import { adminTwoFactorRequired } from "@/lib/core/env";
import { countPasskeys } from "@/lib/passkeys";
import { isTotpEnabled } from "@/lib/two-factor";

/** Where an admin without a second factor is sent from every admin page: it says what to set up, and where. */
export const ADMIN_SECOND_FACTOR_PAGE = "/admin/two-step-required";

/**
 * Whether this admin session must set up a second factor before the admin
 * console opens (REQUIRE_ADMIN_TWO_FACTOR): an admin with neither an
 * authenticator app nor a passkey. Read from the database on every admin
 * request, so setting one up (or an admin's reset) counts at once. A view-as
 * session is the viewed user's, never an admin's, so this never touches it.
 */
export async function adminNeedsSecondFactor(session: Session): Promise<boolean> {
  if (session.user.role !== "admin" || !adminTwoFactorRequired()) return false;
  const [totp, passkeys] = await Promise.all([isTotpEnabled(session.user.id), countPasskeys(session.user.id)]);
  return !totp && passkeys === 0;
}
