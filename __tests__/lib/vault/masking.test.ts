import { maskApiKey } from "@/lib/vault/masking";

describe("maskApiKey", () => {
  it("shows the first 8 and last 4 characters of a long key", () => {
    expect(maskApiKey("sk-abc12345678901234wxyz")).toBe("sk-abc12…wxyz");
    expect(maskApiKey("a".repeat(16) + "Z")).toBe("aaaaaaaa…aaaZ");
  });

  it("shows only the last 4 characters of a key of 16 or fewer", () => {
    expect(maskApiKey("1234567890123456")).toBe("…3456");
    expect(maskApiKey("12345678")).toBe("…5678");
  });

  it("never shows more than half of a very short key", () => {
    expect(maskApiKey("abcdef")).toBe("…def");
    expect(maskApiKey("ab")).toBe("…b");
    expect(maskApiKey("a")).toBe("…");
  });
});
