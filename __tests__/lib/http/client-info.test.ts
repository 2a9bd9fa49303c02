/** @jest-environment-options {"env": {"TRUST_PROXY": "true"}} */
import { clientIp } from "@/lib/http";

describe("clientIp behind a trusted proxy (TRUST_PROXY=true)", () => {
  it("takes the entry our proxy appended (the last), not what the client claimed", () => {
    const req = { headers: { "x-forwarded-for": "1.1.1.1, 203.0.113.9" }, socket: { remoteAddress: "10.0.0.2" } };
    expect(clientIp(req as never)).toBe("203.0.113.9");
  });

  it("falls back to the socket when there is no header", () => {
    expect(clientIp({ headers: {}, socket: { remoteAddress: "10.0.0.2" } } as never)).toBe("10.0.0.2");
  });
});
