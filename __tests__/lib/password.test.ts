import { randomBytes } from "node:crypto";
import { dictionary } from "@zxcvbn-ts/language-common";
import { COMMON_PASSWORD_MESSAGE, isCommonPassword } from "@/lib/common-passwords";
import { getEnv } from "@/lib/env";
import { closePasswordWorkers, hashPassword, verifyPassword, verifyPasswordOrDummy } from "@/lib/password";
import {
  PASSWORD_MAX_BYTES,
  passwordEqualsEmailMessage,
  passwordSchema,
  utf8ByteLength,
} from "@/lib/validations/password";

afterAll(closePasswordWorkers);

/** Median wall time of `runs` sequential calls, in ms (the median shrugs off one slow outlier). */
async function medianMs(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)] ?? Number.NaN;
}

function schemaMessages(value: unknown): string[] {
  const result = passwordSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

const BYTE_LIMIT_MESSAGE =
  "Use at most 72 bytes: bcrypt would ignore the rest. Shorten it (emoji and accented letters count as several bytes)";

describe("hashPassword and verifyPassword", () => {
  it("round-trips at the configured cost and rejects a wrong password", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(new RegExp(`^\\$2b\\$${String(getEnv().BCRYPT_COST).padStart(2, "0")}\\$`));
    expect(hash).not.toContain("correct horse battery");
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery!", hash)).toBe(false);
    expect(await verifyPassword("Correct horse battery", hash)).toBe(false);
  });

  it("salts every hash", async () => {
    const [first, second] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(first).not.toBe(second);
  });

  it("answers false, without throwing, for a malformed hash", async () => {
    const malformed = [
      "",
      "not-a-hash",
      "$2b$10$tooShort",
      `$3b$10$${"a".repeat(53)}`, // unknown version: bcryptjs itself would throw
      `$2b$99$${"a".repeat(53)}`, // illegal cost: bcryptjs itself would throw
      `$2b$31$${"a".repeat(53)}`, // legal but absurd cost: would tie a thread up for hours
      `$2b$10$${"!".repeat(53)}`,
    ];
    for (const hash of malformed) {
      await expect(verifyPassword("password1", hash)).resolves.toBe(false);
      await expect(verifyPasswordOrDummy("password1", hash)).resolves.toBe(false);
    }
  });

  it("does not trim: surrounding spaces are part of the password", async () => {
    expect(passwordSchema.parse(" password1 ")).toBe(" password1 ");
    const hash = await hashPassword(" password1 ");
    expect(await verifyPassword("password1", hash)).toBe(false);
    expect(await verifyPassword(" password1 ", hash)).toBe(true);
  });

  it("hashes a password of exactly 72 bytes and refuses a longer one instead of truncating it", async () => {
    const seventyTwoBytes = "é".repeat(36);
    expect(utf8ByteLength(seventyTwoBytes)).toBe(72);
    const hash = await hashPassword(seventyTwoBytes);
    expect(await verifyPassword(seventyTwoBytes, hash)).toBe(true);
    await expect(hashPassword(`${seventyTwoBytes}a`)).rejects.toThrow(RangeError);
  });
});

describe("verifyPasswordOrDummy", () => {
  it("checks a real hash like verifyPassword", async () => {
    const hash = await hashPassword("a real password");
    expect(await verifyPasswordOrDummy("a real password", hash)).toBe(true);
    expect(await verifyPasswordOrDummy("another password", hash)).toBe(false);
  });

  it("answers false for a missing hash, after spending about as long as a real comparison", async () => {
    expect(await verifyPasswordOrDummy("any password", null)).toBe(false); // also computes the dummy hash
    expect(await verifyPasswordOrDummy("any password", undefined)).toBe(false);

    const hash = await hashPassword("a real password");
    const realMs = await medianMs(5, () => verifyPassword("a wrong password", hash));
    const dummyMs = await medianMs(5, () => verifyPasswordOrDummy("a wrong password", null));
    // Loose on purpose: it proves a bcrypt comparison ran (a shortcut takes well under 1 ms).
    expect(dummyMs).toBeGreaterThan(realMs * 0.3);
  });
});

describe("passwordSchema", () => {
  it("accepts 8 to 72 bytes", () => {
    expect(schemaMessages("12345678")).toEqual([]);
    expect(schemaMessages("é".repeat(36))).toEqual([]);
    expect(schemaMessages("a".repeat(PASSWORD_MAX_BYTES))).toEqual([]);
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

  it("has a message for the form", () => {
    expect(COMMON_PASSWORD_MESSAGE).toBe(
      "This password is one of the most common passwords and easy to guess. Choose another.",
    );
  });
});

describe("passwordEqualsEmailMessage", () => {
  const message = "Your password must not be your email address";

  it("rejects the email address, in any case, and its local part", () => {
    expect(passwordEqualsEmailMessage("alice.smith@example.com", "alice.smith@example.com")).toBe(message);
    expect(passwordEqualsEmailMessage("Alice.Smith@Example.COM", "  alice.smith@example.com ")).toBe(message);
    expect(passwordEqualsEmailMessage("ALICE.SMITH", "alice.smith@example.com")).toBe(message);
  });

  it("accepts anything else", () => {
    expect(passwordEqualsEmailMessage("alice.smith@example.org", "alice.smith@example.com")).toBeNull();
    expect(passwordEqualsEmailMessage(" alice.smith@example.com", "alice.smith@example.com")).toBeNull();
    expect(passwordEqualsEmailMessage("alice.smith-2024", "alice.smith@example.com")).toBeNull();
    expect(passwordEqualsEmailMessage("anything1", "")).toBeNull();
  });
});
