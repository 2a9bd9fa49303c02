import { Piscina } from "piscina";
import { getEnv } from "@/lib/core/env";
import { closePasswordWorkers, hashPassword, verifyPassword, verifyPasswordOrDummy } from "@/lib/passwords";
import { passwordSchema, utf8ByteLength } from "@/lib/passwords/shared";

afterAll(closePasswordWorkers);

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

  it("answers false for a missing hash, after spending a real comparison: at the configured cost, against a dummy hash", async () => {
    const handedToPool = jest.spyOn(Piscina.prototype, "run");
    try {
      expect(await verifyPasswordOrDummy("any password", null)).toBe(false);
      expect(await verifyPasswordOrDummy("any password", undefined)).toBe(false);
      expect(await verifyPasswordOrDummy("any password", "not-a-hash")).toBe(false);

      // Each call compared the password, in the worker pool, against one well-formed hash of the configured cost:
      // the same work as checking a wrong password, so the answer's timing does not tell whether the account exists.
      const compares = handedToPool.mock.calls.filter(([, options]) => options?.name === "comparePassword").map(([task]) => task);
      expect(compares).toHaveLength(3);
      const cost = String(getEnv().BCRYPT_COST).padStart(2, "0");
      for (const task of compares) {
        expect(task).toEqual({ password: "any password", hash: expect.stringMatching(new RegExp(`^\\$2b\\$${cost}\\$[./A-Za-z0-9]{53}$`)) });
      }
      expect(new Set(compares.map((task) => task.hash)).size).toBe(1);
    } finally {
      handedToPool.mockRestore();
    }
  });
});
