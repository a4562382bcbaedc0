import path from 'node:path'
import { defineConfig } from 'prisma/config'

// The Prisma CLI would download a native schema engine; ours is a Node stand-in backed by the
// WASM build of the same engine (prisma/engine/schema-engine.mjs). Set before the CLI checks.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(__dirname, 'prisma', 'engine', 'schema-engine.mjs')

export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  migrations: {
    path: path.join('prisma', 'migrations'),
    seed: 'tsx --conditions=react-server scripts/seed.ts',
  },
  // `prisma generate` needs no database, so a missing URL must not fail it.
  datasource: {
    url: process.env.DATABASE_URL ?? '',
    ...(process.env.SHADOW_DATABASE_URL ? { shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL } : {}),
  },
})
