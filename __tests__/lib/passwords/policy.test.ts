import { randomBytes } from "node:crypto";
import { dictionary } from "@zxcvbn-ts/language-common";
import { assertNewPassword, findNewPasswordProblem } from "@/lib/passwords";
import { isCommonPassword } from "@/lib/passwords/common-passwords";
import {
  commonPasswordCheck,
  NEW_PASSWORD_HINT,
  newPasswordProblem,
  PASSWORD_RULES,
  passwordSchema,
  passwordStrength,
  utf8ByteLength,
} from "@/lib/passwords/shared";

function schemaMessages(value: unknown): string[] {
  const result = passwordSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

const BYTE_LIMIT_MESSAGE =
  "Use at most 72 bytes: bcrypt would ignore the rest. Shorten it (emoji and accented letters count as several bytes)";

describe("passwordSchema", () => {
  it("accepts 8 to 72 bytes", () => {
    expect(schemaMessages("12345678")).toEqual([]);
    expect(schemaMessages("é".repeat(36))).toEqual([]);
    expect(schemaMessages("a".repeat(PASSWORD_RULES.maxBytes))).toEqual([]);
  });

  it("counts bytes, not characters, against the 72 limit", () => {
    const seventyThreeBytes = `${"é".repeat(36)}a`; // 37 characters
    expect(utf8ByteLength(seventyThreeBytes)).toBe(73);
    expect(schemaMessages(seventyThreeBytes)).toEqual([BYTE_LIMIT_MESSAGE]);
    expect(schemaMessages("🔑".repeat(19))).toEqual([BYTE_LIMIT_MESSAGE]); // 19 characters, 76 bytes
    expect(schemaMessages("a".repeat(73))).toEqual([BYTE_LIMIT_MESSAGE]);
  });

  it("says what is wrong with a missing or short password", () => {
    expect(schemaMessages(undefined)).toEqual(["Enter a password"]);
    expect(schemaMessages(12345678)).toEqual(["Enter a password"]);
    expect(schemaMessages("")).toEqual(["Enter a password"]);
    expect(schemaMessages("1234567")).toEqual(["Use at least 8 characters"]);
    // 8 bytes but only 4 characters: the message speaks of characters, so characters are counted.
    expect(schemaMessages("éééé")).toEqual(["Use at least 8 characters"]);
    expect(schemaMessages("éééééééé")).toEqual([]);
  });

  it("keeps case and spaces", () => {
    expect(passwordSchema.parse("  MiXeD case  ")).toBe("  MiXeD case  ");
  });
});

describe("isCommonPassword", () => {
  it("finds passwords from the zxcvbn common list, ignoring case", () => {
    const list = dictionary["passwords-common"];
    expect(list.length).toBeGreaterThan(40_000);
    expect(list).toContain("password123");
    expect(list).toContain("qwertyuiop");
    expect(isCommonPassword("password123")).toBe(true);
    expect(isCommonPassword("qwertyuiop")).toBe(true);
    expect(isCommonPassword("PassWord123")).toBe(true);
    expect(isCommonPassword(list[list.length - 1] ?? "")).toBe(true); // the whole list, not a prefix
  });

  it("does not flag an uncommon password", () => {
    expect(isCommonPassword(randomBytes(12).toString("base64url"))).toBe(false);
    expect(isCommonPassword(" password123")).toBe(false);
  });

  it("is the policy's last rule on the server, with a message that says why; the browser has no list", () => {
    const message = "This password is one of the most common passwords and easy to guess. Choose another.";
    expect(findNewPasswordProblem("PassWord123", "ada@example.com")).toBe(message);
    expect(() => assertNewPassword("PassWord123", "ada@example.com", "newPassword")).toThrow(
      expect.objectContaining({ status: 400, options: { fields: { newPassword: [message] } } }),
    );
    expect(newPasswordProblem("PassWord123", { email: "ada@example.com" })).toBeNull();
    expect(findNewPasswordProblem("short", "ada@example.com")).toBe("Use at least 8 characters");
  });
});

describe("the new-password policy with an email", () => {
  const message = "Your password must not be your email address";

  it("rejects the email address, in any case, and its local part", () => {
    expect(newPasswordProblem("alice.smith@example.com", { email: "alice.smith@example.com" })).toBe(message);
    expect(newPasswordProblem("Alice.Smith@Example.COM", { email: "  alice.smith@example.com " })).toBe(message);
    expect(newPasswordProblem("ALICE.SMITH", { email: "alice.smith@example.com" })).toBe(message);
  });

  it("accepts anything else", () => {
    expect(newPasswordProblem("alice.smith@example.org", { email: "alice.smith@example.com" })).toBeNull();
    expect(newPasswordProblem(" alice.smith@example.com", { email: "alice.smith@example.com" })).toBeNull();
    expect(newPasswordProblem("alice.smith-2024", { email: "alice.smith@example.com" })).toBeNull();
    expect(newPasswordProblem("anything1", { email: "" })).toBeNull();
  });
});

describe("the new-password hint", () => {
  it("gives the lengths from the rules, and says longer is stronger", () => {
    expect(NEW_PASSWORD_HINT).toBe("8 to 72 characters; longer passphrases are stronger.");
    expect(NEW_PASSWORD_HINT).toContain(`${PASSWORD_RULES.minCharacters} to ${PASSWORD_RULES.maxBytes} characters`);
  });
});

describe("commonPasswordCheck", () => {
  it("is the server's check: the same answers over the same list, whatever the case", () => {
    const isCommon = commonPasswordCheck(dictionary["passwords-common"]);
    for (const password of ["password123", "PassWord123", "qwertyuiop", " password123", randomBytes(12).toString("base64url")]) {
      expect(isCommon(password)).toBe(isCommonPassword(password));
    }
    expect(isCommon("QWERTYUIOP")).toBe(true);
  });
});

describe("passwordStrength", () => {
  const email = "ada@example.com";

  it("is empty before anything is typed", () => {
    expect(passwordStrength("", { email })).toEqual({ level: "empty" });
  });

  it("is too weak, with the policy's own message, when a rule is broken", () => {
    expect(passwordStrength("short", { email })).toEqual({ level: "too-weak", problem: "Use at least 8 characters" });
    expect(passwordStrength("ADA@example.com", { email })).toEqual({
      level: "too-weak",
      problem: "Your password must not be your email address",
    });
    expect(passwordStrength("🔑".repeat(19), { email })).toEqual({ level: "too-weak", problem: BYTE_LIMIT_MESSAGE });
  });

  it("applies the common-password list when it is given, and goes by length without it", () => {
    const isCommon = commonPasswordCheck(dictionary["passwords-common"]);
    expect(passwordStrength("qwertyuiop", { email, isCommon })).toEqual({
      level: "too-weak",
      problem: "This password is one of the most common passwords and easy to guess. Choose another.",
    });
    expect(passwordStrength("qwertyuiop", { email })).toEqual({ level: "fair" });
  });

  it("grows with the length in characters: fair, good, then strong", () => {
    expect(passwordStrength("x7#kQ2!m", { email })).toEqual({ level: "fair" }); // 8
    expect(passwordStrength("x7#kQ2!mP9$z", { email })).toEqual({ level: "good" }); // 12
    expect(passwordStrength("correct horse", { email })).toEqual({ level: "good" }); // 13
    expect(passwordStrength("correct horse battery staple", { email })).toEqual({ level: "strong" });
    // Characters, not bytes: 15 accented letters are 30 bytes but still "good", one more is "strong".
    expect(passwordStrength("é".repeat(15), { email })).toEqual({ level: "good" });
    expect(passwordStrength("é".repeat(16), { email })).toEqual({ level: "strong" });
  });

  it("never calls a password the policy refuses anything but too weak", () => {
    const isCommon = commonPasswordCheck(dictionary["passwords-common"]);
    for (const password of ["", "1234567", "a".repeat(73), "ada", "Password123", "x7#kQ2!mP9$z", "correct horse battery staple"]) {
      const problem = newPasswordProblem(password, { email, isCommon });
      const strength = passwordStrength(password, { email, isCommon });
      if (password === "") expect(strength.level).toBe("empty");
      else if (problem) expect(strength).toEqual({ level: "too-weak", problem });
      else expect(["fair", "good", "strong"]).toContain(strength.level);
    }
  });
});
