import { openIdIdentity } from "@/lib/auth/providers/openid";
import { toNextAuthProfile } from "@/lib/auth/providers/identity";

/** Google's (and any OIDC provider's) identity from recorded ID token claims. */

const googleClaims = {
  iss: "https://accounts.google.com",
  azp: "1234987819200.apps.googleusercontent.com",
  aud: "1234987819200.apps.googleusercontent.com",
  sub: "10769150350006150715113082367",
  hd: "example.com",
  email: "Jsmith@Example.com",
  email_verified: true,
  at_hash: "HK6E_P6Dh8Y93mRNtsDB1Q",
  name: "John Smith",
  picture: "https://lh3.googleusercontent.com/a/photo.jpg",
  given_name: "John",
  family_name: "Smith",
  iat: 1353601026,
  exp: 1353604926,
};

describe("OpenID Connect identity", () => {
  it.each([
    ["whitespace around a dot", "user@victim.example .allowed.example"],
    ["two addresses", "a@one.example, b@two.example"],
    ["a display name", "Eve <eve@evil.example>"],
    ["a comment", "user@victim.example(comment)"],
  ])("keeps no email a provider sent with %s (never stored, never mailed)", (_name, email) => {
    const identity = openIdIdentity("oidc", { sub: "s-1", email, email_verified: true });
    expect(identity.email).toBeNull();
    expect(toNextAuthProfile(identity).email).toBeNull();
  });

  it("reads a verified Google identity", () => {
    const identity = openIdIdentity("google", googleClaims);
    expect(identity).toEqual({
      provider: "google",
      providerAccountId: "10769150350006150715113082367",
      name: "John Smith",
      image: "https://lh3.googleusercontent.com/a/photo.jpg",
      label: "jsmith@example.com",
      email: { address: "jsmith@example.com", verified: true },
    });
    expect(toNextAuthProfile(identity)).toEqual({
      id: googleClaims.sub,
      name: "John Smith",
      email: "jsmith@example.com",
      image: googleClaims.picture,
    });
  });

  it.each([
    ["the string \"true\"", "true", true],
    ["the string \"false\" (Google has sent it)", "false", false],
    ["boolean false", false, false],
    ["a missing claim", undefined, false],
    ["a number", 1, false],
    ["\"TRUE\" in capitals", "TRUE", false],
  ])("treats email_verified as %s → verified: %s", (_name, claim, verified) => {
    const identity = openIdIdentity("google", { ...googleClaims, email_verified: claim });
    expect(identity.email).toEqual({ address: "jsmith@example.com", verified });
    // NextAuth is only ever handed a verified address.
    expect(toNextAuthProfile(identity).email).toBe(verified ? "jsmith@example.com" : null);
  });

  it("has no email when the provider sends none, and falls back to preferred_username", () => {
    const identity = openIdIdentity("oidc", { sub: "f:1234", preferred_username: "jdoe", name: null });
    expect(identity).toMatchObject({ name: "jdoe", label: "jdoe", email: null, image: null });
  });

  it("refuses claims without a subject", () => {
    expect(() => openIdIdentity("oidc", { email: "x@example.com" })).toThrow();
  });
});
