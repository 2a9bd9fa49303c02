// @ts-check

/**
 * Headers every response carries, static files included: no framing
 * (clickjacking on the sign-in and vault forms; CSP frame-ancestors says it
 * again for current browsers), no MIME sniffing, no full URLs leaking to
 * other sites, and no window another site opened keeping a handle on ours
 * (COOP). The headers that depend on the request (the CSP with its per-request
 * nonce, HSTS over https) are set by proxy.ts from lib/core/security-headers.ts.
 */
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // ESM-only (the adapter, and otplib's base32 and hash plugins); listing them also lets next/jest
  // transform them for the CommonJS test runtime.
  transpilePackages: ["@auth/mongodb-adapter", "@scure/base", "@noble/hashes"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

module.exports = nextConfig;
