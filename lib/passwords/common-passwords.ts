import "#server-only";
import { commonPasswordCheck } from "./shared";

/**
 * The common-password rule of the new-password policy on the server. The
 * browser loads the same list lazily (lib/client/common-passwords.ts).
 */

let isCommon: ((password: string) => boolean) | undefined;

/**
 * The check over the ~49k passwords zxcvbn ranks as most common, loaded on
 * first use rather than at import, so routes that never check a new password
 * do not pay the ~30 ms it takes to load.
 */
function loadCommonPasswordCheck(): (password: string) => boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberately lazy: a synchronous load on first call keeps isCommonPassword synchronous
  const { dictionary } = require("@zxcvbn-ts/language-common") as typeof import("@zxcvbn-ts/language-common");
  return commonPasswordCheck(dictionary["passwords-common"]);
}

/** True when `password`, ignoring case, is on the common-password list. */
export function isCommonPassword(password: string): boolean {
  isCommon ??= loadCommonPasswordCheck();
  return isCommon(password);
}
