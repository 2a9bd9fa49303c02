import "#server-only";

/**
 * The common-password rule of the new-password policy (server only: the list
 * is ~380 kB, too big to ship to the browser).
 */

let commonPasswords: ReadonlySet<string> | undefined;

/**
 * The ~49k passwords zxcvbn ranks as most common (all lower-case), loaded on
 * first use rather than at import, so routes that never check a new password
 * do not pay the ~30 ms it takes to load.
 */
function loadCommonPasswords(): ReadonlySet<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberately lazy: a synchronous load on first call keeps isCommonPassword synchronous
  const { dictionary } = require("@zxcvbn-ts/language-common") as typeof import("@zxcvbn-ts/language-common");
  return new Set(dictionary["passwords-common"]);
}

/** True when `password`, ignoring case, is on the common-password list. */
export function isCommonPassword(password: string): boolean {
  commonPasswords ??= loadCommonPasswords();
  return commonPasswords.has(password.toLowerCase());
}
