import { maskApiKey } from "@/lib/vault/masking";

/** How many characters of `value` a mask shows (the mask is "<start>…<end>"). */
const shown = (mask: string) => mask.replace("…", "").length;

describe("maskApiKey", () => {
  it("shows the first 8 and last 4 characters of a key of 32 characters or more", () => {
    expect(maskApiKey("sk-abc1234567890123456789012wxyz")).toBe("sk-abc12…wxyz");
    expect(maskApiKey("a".repeat(60) + "Z")).toBe("aaaaaaaa…aaaZ");
  });

  it("shows the first 4 and last 4 characters of a key of 17 to 31", () => {
    expect(maskApiKey("sk-abc12345678901234wxyz")).toBe("sk-a…wxyz");
    expect(maskApiKey("abcd" + "x".repeat(13))).toBe("abcd…xxxx");
    expect(maskApiKey("a".repeat(30) + "Z")).toBe("aaaa…aaaZ");
  });

  it("shows only the last 4 characters of a key of 16 or fewer", () => {
    expect(maskApiKey("1234567890123456")).toBe("…3456");
    expect(maskApiKey("123456789012")).toBe("…9012");
  });

  it("never shows more than a third of a key of 16 or fewer", () => {
    expect(maskApiKey("12345678")).toBe("…78");
    expect(maskApiKey("abcdef")).toBe("…ef");
    expect(maskApiKey("abc")).toBe("…c");
    expect(maskApiKey("ab")).toBe("…");
    expect(maskApiKey("a")).toBe("…");
  });

  it("never shows 12 characters or half of any key, whatever its length", () => {
    for (let length = 1; length <= 200; length += 1) {
      const count = shown(maskApiKey("k".repeat(length)));
      expect(count).toBeLessThanOrEqual(12);
      expect(count * 2).toBeLessThan(length);
      if (length <= 16) expect(count).toBeLessThanOrEqual(length / 3);
    }
  });
});
