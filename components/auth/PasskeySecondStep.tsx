/**
 * The second step's "Use a passkey" (issue 28, passkeys): one of the
 * account's passkeys finishes a pending sign-in. Renders nothing until the
 * passkey sign-in is built; the two-factor page already gives it its place.
 */
export function PasskeySecondStep() {
  return null;
}
