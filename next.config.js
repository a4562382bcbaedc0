/**
 * Security headers on every response. Pages get a nonce-based Content-Security-Policy from
 * proxy.ts (a fresh nonce per request); the API serves JSON and downloads, which never need to run
 * anything, so its policy allows nothing but inline styles (for an opened HTML export).
 */
const API_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
const SECURITY_HEADERS = [
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
]

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The argon2 binding loads a native module at run time.
  serverExternalPackages: ['@node-rs/argon2', 'harper.js'],
  async headers() {
    return [
      { source: '/:path*', headers: SECURITY_HEADERS },
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: API_CSP }] },
    ]
  },
}

module.exports = nextConfig
