/**
 * What `npm start`, `npm run dev`, `npm run user` and `npm test` need before Galley can serve:
 * a database (DATABASE_URL's, or an embedded one under .data/), migrations applied, an auth
 * secret, and the demo seed on an empty database. Node-only; never imported by Next.
 */
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { spawnSync } from 'node:child_process'
import postgres from 'postgres'
import { startEmbeddedPostgres, withDatabase, type EmbeddedServer } from './embedded-postgres'

export const ROOT = path.resolve(__dirname, '..', '..')
export const DATA_DIR = path.resolve(ROOT, process.env.GALLEY_DATA_DIR ?? '.data')
/** Above the usual 5432 so a system PostgreSQL can keep its port. */
export const DEFAULT_EMBEDDED_PORT = 54329

export class ConfigError extends Error {}

export type Database = { url: string; embedded?: EmbeddedServer }

/** Create a database on the server behind `serverUrl` unless it exists. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const sql = postgres(withDatabase(serverUrl, 'postgres'), { max: 1, onnotice: () => {} })
  try {
    const rows = await sql`SELECT 1 FROM pg_database WHERE datname = ${name}`
    if (rows.length === 0) await sql.unsafe(`CREATE DATABASE "${name.replaceAll('"', '""')}"`)
  } finally {
    await sql.end()
  }
}

/** DATABASE_URL when set; otherwise start the embedded server and use its `galley` database. */
export async function resolveDatabase(log: (line: string) => void): Promise<Database> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL }
  const port = Number(process.env.EMBEDDED_PG_PORT ?? DEFAULT_EMBEDDED_PORT)
  const embedded = await startEmbeddedPostgres({ baseDir: DATA_DIR, port, log })
  log(`Embedded PostgreSQL is running on 127.0.0.1:${embedded.port} (data in ${path.relative(ROOT, embedded.dataDir)}/).`)
  await ensureDatabase(embedded.url, 'galley')
  return { url: withDatabase(embedded.url, 'galley'), embedded }
}

/**
 * AUTH_SECRET signs session cookies. Demo mode (embedded database) generates one into .data/;
 * with a real DATABASE_URL we refuse to guess.
 */
export function resolveAuthSecret(embedded: boolean): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET
  if (!embedded) {
    throw new ConfigError(
      'AUTH_SECRET is not set. With DATABASE_URL set, Galley needs a fixed secret to sign sessions: ' +
        'set AUTH_SECRET to a random string of 32 or more characters (e.g. `openssl rand -base64 33`).',
    )
  }
  const file = path.join(DATA_DIR, 'auth-secret')
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim()
  fs.mkdirSync(DATA_DIR, { recursive: true })
  const secret = crypto.randomBytes(33).toString('base64url')
  fs.writeFileSync(file, secret + '\n', { mode: 0o600 })
  return secret
}

/** Run the Prisma CLI (through the engine stand-in); throws with its output when it fails. */
export function runPrisma(args: string[], env: Record<string, string>): string {
  const cli = path.join(ROOT, 'node_modules', 'prisma', 'build', 'index.js')
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
    encoding: 'utf8',
  })
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`
  if (result.status !== 0) throw new Error(`prisma ${args.join(' ')} failed:\n${output.trim()}`)
  return output
}

/** Generate the Prisma client when it is missing (postinstall normally did it). */
export function ensurePrismaClient(): void {
  if (fs.existsSync(path.join(ROOT, 'lib', 'generated', 'prisma', 'client.ts'))) return
  runPrisma(['generate'], {})
}

/** Apply every pending migration in prisma/migrations. */
export function applyMigrations(databaseUrl: string): void {
  runPrisma(['migrate', 'deploy'], { DATABASE_URL: databaseUrl })
}
