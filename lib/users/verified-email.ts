import "#server-only";
import type { DataAccess } from "@/lib/access";
import { ownId } from "@/lib/access/shared";
import { HttpError } from "@/lib/http";
import { userErrors } from "./errors";

/**
 * Storing an API key and generating need a verified address (403
 * EMAIL_NOT_VERIFIED otherwise): a key stored on an account whose address
 * nobody proved could be a squatter's, and a reset by the address's real owner
 * would have to remove it. Read from the database on every call, not from the
 * session token, so a code typed a moment ago counts at once.
 */
export async function assertEmailVerified(data: DataAccess): Promise<void> {
  const user = await data.users.findOne({ _id: ownId(data) }, { select: ["email", "emailVerified"] });
  if (!user) throw HttpError.accountNotFound();
  if (!user.email || !user.emailVerified) throw userErrors.emailNotVerified(user.email ?? null);
}
