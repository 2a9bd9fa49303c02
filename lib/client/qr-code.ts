import "client-only";

/**
 * `text` as a QR code's SVG markup, drawn in the browser: no image service
 * sees the secret, and inline SVG needs nothing from the page's CSP. The
 * library loads on first use, so only the setup pays for it.
 */
export async function qrCodeSvg(text: string): Promise<string> {
  const { toString } = await import("qrcode");
  return toString(text, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
}
