import { findEnvProblems } from "@/lib/core/env";

const valid = {
  MONGODB_URI: "mongodb://127.0.0.1:27017/app",
  NEXTAUTH_SECRET: "x".repeat(43),
  ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString("base64")}`,
};

describe("session lifetime variables", () => {
  it("default to 30 days sliding and 90 days absolute", async () => {
    const { parseEnv } = await import("@/lib/core/env");
    expect(parseEnv(valid)).toMatchObject({ SESSION_MAX_AGE: 30 * 86_400, SESSION_ABSOLUTE_MAX_AGE: 90 * 86_400 });
  });

  it.each([
    [{ SESSION_ABSOLUTE_MAX_AGE: "3600", SESSION_MAX_AGE: "86400" }, /SESSION_ABSOLUTE_MAX_AGE .*at least SESSION_MAX_AGE/],
    [{ SESSION_MAX_AGE: "30" }, /SESSION_MAX_AGE .*at least 300/],
    [{ SESSION_ABSOLUTE_MAX_AGE: String(401 * 86_400) }, /SESSION_ABSOLUTE_MAX_AGE .*at most 34560000/],
    [{ SESSION_MAX_AGE: "soon" }, /SESSION_MAX_AGE /],
  ])("refuses %j", (extra, problem) => {
    expect(findEnvProblems({ ...valid, ...extra }).join("\n")).toMatch(problem);
  });
});
