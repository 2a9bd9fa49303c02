import "#server-only";
import { siteUrl } from "@/lib/core/env";

/**
 * Who the passkeys belong to: the site NEXTAUTH_URL names, never a request's
 * Host header (which a client chooses). The rpID is its host name, so a
 * passkey made on https://keyforge.example works there and nowhere else;
 * the origin is what the browser must say it was on.
 */
export function relyingParty(): { rpName: string; rpID: string; origin: string } {
  const site = new URL(siteUrl("/"));
  return { rpName: "KeyForge", rpID: site.hostname, origin: site.origin };
}

/** The challenge an answer's clientDataJSON echoes, or null when it is not readable JSON with one. */
export function challengeOf(clientDataJSON: string): string | null {
  try {
    const clientData: unknown = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8"));
    if (typeof clientData !== "object" || clientData === null || !("challenge" in clientData)) return null;
    return typeof clientData.challenge === "string" ? clientData.challenge : null;
  } catch {
    return null;
  }
}
