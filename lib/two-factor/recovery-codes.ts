import "#server-only";
import { createHash, randomBytes } from "node:crypto";
import { recoveryCodeDocs, userObjectId } from "./repository";
import { RECOVERY_CODE_COUNT } from "./shared";

/**
 * Recovery codes: ten random 80-bit codes, shown once, stored only as
 * hashes, each good for one sign-in. A SHA-256 is enough for random codes of
 * 80 bits (nothing to guess from), and unlike a key from NEXTAUTH_SECRET it
 * survives that secret's rotation. Using one deletes its document: a delete
 * that reports one document deleted happens once, however many race for it.
 */

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** 10 random bytes as 16 base32 characters in groups of four: "abcd-efgh-ijkl-mnop". */
function newRecoveryCode(): string {
  let bits = 0n;
  for (const byte of randomBytes(10)) bits = (bits << 8n) | BigInt(byte);
  let code = "";
  for (let i = 15; i >= 0; i--) code += BASE32[Number((bits >> BigInt(i * 5)) & 31n)];
  return code.match(/.{4}/g)?.join("-") ?? code;
}

/** The stored form of a code as typed, already normalised (recoveryCodeSchema: no dashes, lower case). */
function codeId(userId: string, normalised: string): string {
  return createHash("sha256").update(`${userId}:${normalised}`).digest("base64url");
}

/** A new set of codes for the user; every code of the old set stops working. */
export async function issueRecoveryCodes(userId: string): Promise<string[]> {
  const docs = await recoveryCodeDocs();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const createdAt = new Date();
  await docs.deleteMany({ userId: userObjectId(userId) });
  await docs.insertMany(codes.map((code) => ({ _id: codeId(userId, code.replaceAll("-", "")), userId: userObjectId(userId), createdAt })));
  return codes;
}

/** Uses up `normalised` if it is one of the user's codes: true once. */
export async function spendRecoveryCode(userId: string, normalised: string): Promise<boolean> {
  const result = await (await recoveryCodeDocs()).deleteOne({ _id: codeId(userId, normalised) });
  return result.deletedCount === 1;
}

export async function countRecoveryCodes(userId: string): Promise<number> {
  return (await recoveryCodeDocs()).countDocuments({ userId: userObjectId(userId) });
}
