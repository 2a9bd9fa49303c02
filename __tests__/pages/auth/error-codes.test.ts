import * as errorPage from "@/pages/auth/error";
import * as signinPage from "@/pages/auth/signin";
import { CookieJar } from "../../helpers/auth";
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
