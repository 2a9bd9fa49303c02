import "#server-only";
import type { AuthenticatorTransportFuture } from "@simplewebauthn/server";

const TRANSPORTS: readonly AuthenticatorTransportFuture[] = ["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"];

function isTransport(value: string): value is AuthenticatorTransportFuture {
  return TRANSPORTS.some((transport) => transport === value);
}

/** The stored transports a browser understands (stored as plain strings, as the authenticator reported them). */
export function knownTransports(stored: readonly string[]): AuthenticatorTransportFuture[] {
  return stored.filter(isTransport);
}
