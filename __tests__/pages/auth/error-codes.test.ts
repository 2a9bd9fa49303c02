import * as errorPage from "@/pages/auth/error";
import * as signinPage from "@/pages/auth/signin";
import { CookieJar, signedInUser } from "../../helpers/auth";
import { renderPage } from "../../helpers/pages";

/** Error codes come from the query string: a prototype key must be an unknown code, not a lookup into Object.prototype. */
describe("error codes from the query string", () => {
  it.each(["__proto__", "constructor", "toString", "hasOwnProperty"])("/auth/signin?error=%s shows the generic message", async (code) => {
    const page = await renderPage(signinPage, `/auth/signin?error=${code}`, new CookieJar());
    expect(page.html).toMatch(/<p role="alert"[^>]*>Sign-in did not work\. Please try again\.<\/p>/);
  });

  it.each(["__proto__", "constructor", "valueOf"])("/auth/error?error=%s shows the generic message", async (code) => {
    const page = await renderPage(errorPage, `/auth/error?error=${code}`, new CookieJar());
    expect(page.redirect).toBeNull();
    expect(page.html).toMatch(/<p role="alert">Something went wrong while signing you in\. Please try again\.<\/p>/);
  });

  it("explains SIGNIN_UNAVAILABLE in words on the sign-in page", async () => {
    const page = await renderPage(signinPage, "/auth/signin?error=SIGNIN_UNAVAILABLE", new CookieJar());
    expect(page.html).toContain("Signing in is not possible right now. Try again in a moment.");
  });
});

describe("refused OAuth sign-ins on the error page", () => {
  it("says which provider refused and how the account signs in instead, with names from the server", async () => {
    const page = await renderPage(errorPage, "/auth/error?error=OAuthEmailNotVerified&provider=google&methods=password,github,<script>", new CookieJar());
    expect(page.html).toContain(
      "An account with this email already exists, and Google has not confirmed that the address is yours, so we did not connect them. " +
        "Sign in with your email and password or GitHub, then connect Google in Settings, under Connected accounts.",
    );
    expect(page.html).not.toContain("<script>");
    expect(page.html).toContain('href="/auth/signin"');
  });

  it("sends a signed-in person back to Settings", async () => {
    const { jar } = await signedInUser();
    const page = await renderPage(errorPage, "/auth/error?error=OAuthReauthRequired&provider=github", jar);
    expect(page.html).toContain("To connect GitHub, confirm it is you first");
    expect(page.html).toContain('href="/settings/account#connected-accounts"');
  });
});
