import { providerEmail } from "@/lib/auth/providers/identity";
import { emailSchema, normalizeEmail } from "@/lib/users/shared";

/**
 * One spelling per mailbox: every path that takes an email (sign-up, sign-in,
 * forgot password, email change, a provider's profile, the seed) normalizes
 * it with normalizeEmail, directly or through emailSchema.
 */

describe("normalizeEmail", () => {
  it.each([
    ["user@bücher.example", "user@xn--bcher-kva.example"],
    ["USER@BÜCHER.EXAMPLE", "user@xn--bcher-kva.example"],
    ["user@xn--bcher-kva.example", "user@xn--bcher-kva.example"],
    ["user@münchen。de", "user@xn--mnchen-3ya.de"],
    ["  Ada＠Example．com ", "ada@example.com"],
    // The local part is the mailbox owner's: only the domain has an ASCII spelling.
    ["jürgen@example.com", "jürgen@example.com"],
  ])("%s is stored and compared as %s", (typed, stored) => {
    expect(normalizeEmail(typed)).toBe(stored);
    expect(emailSchema.parse(typed)).toBe(stored);
  });

  it("gives a provider's address the same spelling", () => {
    expect(providerEmail("Grace@Bücher.example")).toBe("grace@xn--bcher-kva.example");
  });

  it.each(["ada@exa%41mple.com", "ada@evil.example/x.com", "ada@evil.example?.com", "ada@1.2.3.0x10", "ada@example.123", "ada@xn--a.example", "ada@[::1]"])(
    "refuses %s, whose domain is no host name",
    (email) => {
      expect(emailSchema.safeParse(email).success).toBe(false);
    },
  );
});
