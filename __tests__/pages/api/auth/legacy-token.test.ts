/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "3600"}} */
import { getSession, rewriteSessionToken, sessionTokenOf, signedInUser } from "../../../helpers/auth";

/**
 * Tokens issued before the authentication time existed: the jwt callback
 * dates them from their device session on first use, even though the next
 * revalidation is an hour away, so no route ever sees a session without one.
 */
describe("a session token without authTime", () => {
  it("gets its authentication time on first use, between revalidations", async () => {
    const { jar } = await signedInUser();
    await rewriteSessionToken(jar, (token) => {
      const legacy = { ...token, checkedAt: Date.now() };
      delete legacy.authTime;
      return legacy;
    });
    const session = await getSession(jar);
    expect(session?.authTime).toBeGreaterThan(Date.now() - 60_000);
    expect((await sessionTokenOf(jar))?.authTime).toBe(session?.authTime);
  });
});
