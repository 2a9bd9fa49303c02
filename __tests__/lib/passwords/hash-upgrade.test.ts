import { hashSync } from "bcryptjs";
import { getEnv } from "@/lib/core/env";
import { hashNeedsUpgrade } from "@/lib/passwords";

// getEnv() parses the environment on its first call (none of the imports makes
// one), once per test file, so this file runs with a cost of its own.
process.env.BCRYPT_COST = "12";

describe("hashNeedsUpgrade", () => {
  it("flags hashes made at a lower cost than BCRYPT_COST", () => {
    expect(getEnv().BCRYPT_COST).toBe(12);
    expect(hashNeedsUpgrade(hashSync("password1", 10))).toBe(true);
    expect(hashNeedsUpgrade(hashSync("password1", 11))).toBe(true);
  });

  it("leaves hashes at or above BCRYPT_COST alone", () => {
    expect(hashNeedsUpgrade(hashSync("password1", 12))).toBe(false);
    expect(hashNeedsUpgrade(hashSync("password1", 13))).toBe(false);
  });

  it("flags a hash it cannot read", () => {
    expect(hashNeedsUpgrade("not-a-hash")).toBe(true);
  });
});
