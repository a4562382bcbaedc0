/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Prisma's generated client and the argon2 binding load native/WASM code at run time.
  serverExternalPackages: ['@node-rs/argon2'],
}

module.exports = nextConfig
