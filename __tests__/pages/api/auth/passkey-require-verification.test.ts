/** @jest-environment-options {"env": {"REQUIRE_EMAIL_VERIFICATION": "true"}} */
import { CookieJar, getSession, signedInUser } from "../../../helpers/auth";
import { addPasskey, passkeySignIn, signInOptions } from "../../../helpers/passkeys";
import { usersCollection } from "../../../helpers/users";

/** REQUIRE_EMAIL_VERIFICATION=true: a passkey signs in only once the account's email is confirmed, as the password does. */
describe("signing in with a passkey when confirmation is required", () => {
  it("refuses an account whose email is not confirmed, and signs it in once it is", async () => {
    const { user, jar: settingsJar } = await signedInUser();
    const { authenticator } = await addPasskey(settingsJar);
    await (await usersCollection()).updateOne({ _id: user._id }, { $unset: { emailVerified: "" } });

    const jar = new CookieJar();
    expect((await passkeySignIn(jar, authenticator.authenticate((await signInOptions(jar)).body))).error).toBe("EMAIL_NOT_VERIFIED");
    expect(await getSession(jar)).toBeNull();

    await (await usersCollection()).updateOne({ _id: user._id }, { $set: { emailVerified: new Date() } });
    expect((await passkeySignIn(jar, authenticator.authenticate((await signInOptions(jar)).body))).error).toBeNull();
    expect((await getSession(jar))?.user.id).toBe(user.id);
  });
});
