// @ts-check

/**
 * Headers every response carries: no framing (clickjacking on the sign-in and
 * vault forms), no MIME sniffing, and no full URLs leaking to other sites.
 */
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // ESM-only; listing it also lets next/jest transform it for the CommonJS test runtime.
  transpilePackages: ["@auth/mongodb-adapter"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

module.exports = nextConfig;
