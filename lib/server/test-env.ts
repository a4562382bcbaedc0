/**
 * A throw-away Galley for `npm test` and `npm run bench`: a fresh database on DATABASE_URL's
 * server (or an embedded PostgreSQL under .data/test), migrated and seeded, a production build
 * when sources changed, and `next start` on it. `stop()` removes it all. Node-only.
 */
import path from 'node:path'
import crypto from 'node:crypto'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import postgres from 'postgres'
import { ROOT, applyMigrations } from './runtime'
import { startEmbeddedPostgres, withDatabase, type EmbeddedServer } from './embedded-postgres'
import { buildIfStale } from './build-hash'

export type TestEnvironment = {
  /** Environment for child processes: DATABASE_URL, AUTH_SECRET, GALLEY_TEST_* … */
  env: NodeJS.ProcessEnv
  databaseUrl: string
  serverUrl: string
  baseUrl: string
  /** A second instance on the same database (port + 1), for the live specs across instances. */
  secondUrl: string
  stop: () => Promise<void>
}

/** Wait until a server answers /api/health (or fail when it exits or takes over `ms`). */
export async function waitForHealth(url: string, server: ChildProcess, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server exited with code ${server.exitCode}.`)
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false)
    if (ok) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`The server did not become healthy at ${url} within ${ms / 1000} s.`)
}

/**
 * `next start` on a port, in its own process group (it forks next-server, so stop the group).
 * On loopback only unless `hostname` says otherwise (`0.0.0.0`: a spec reaching it from this
 * machine's network address, as another machine would).
 */
export function startNextServer({ port, env, quiet = false, hostname = '127.0.0.1' }: { port: number; env: NodeJS.ProcessEnv; quiet?: boolean; hostname?: string }): ChildProcess {
  // Idle connections stay open for 65 s (Node's default is 5 s): a client reusing a connection the
  // server closes at that very moment gets ECONNRESET, which the tests' HTTP clients do not retry.
  return spawn(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '--port', String(port), '--hostname', hostname, '--keepAliveTimeout', '65000'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', quiet ? 'ignore' : 'inherit'],
    detached: true,
  })
}

/** Send a signal to a server's whole process group (SIGKILL simulates a crash). */
export function signalServer(server: ChildProcess | undefined, signal: NodeJS.Signals): void {
  try {
    if (server?.pid) process.kill(-server.pid, signal)
  } catch {
    // gone already
  }
}

/** Stop a server's process group: SIGTERM, then SIGKILL after 5 s. */
export function stopServer(server: ChildProcess | undefined): Promise<void> {
  if (!server || server.exitCode !== null || server.signalCode !== null || !server.pid) return Promise.resolve()
  return new Promise((resolve) => {
    server.once('exit', () => resolve())
    signalServer(server, 'SIGTERM')
    setTimeout(() => signalServer(server, 'SIGKILL'), 5_000).unref()
  })
}

export async function startTestEnvironment({ label, port, log }: { label: string; port: number; log: (line: string) => void }): Promise<TestEnvironment> {
  let embedded: EmbeddedServer | undefined
  let server: ChildProcess | undefined
  let second: ChildProcess | undefined
  let serverUrl: string
  if (process.env.DATABASE_URL) {
    serverUrl = withDatabase(process.env.DATABASE_URL, 'postgres')
  } else {
    log('No DATABASE_URL: starting an embedded PostgreSQL')
    embedded = await startEmbeddedPostgres({ baseDir: path.join(ROOT, '.data', 'test'), port: 54339, log })
    serverUrl = embedded.url
  }
  const dbName = `galley_${label}_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`CREATE DATABASE "${dbName}"`)
  await admin.end()
  const stop = async () => {
    await Promise.all([stopServer(server), stopServer(second)])
    const sql = postgres(serverUrl, { max: 1, onnotice: () => {} })
    await sql.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {})
    await sql.end()
    await embedded?.stop()
  }
  try {
    const databaseUrl = withDatabase(serverUrl, dbName)
    applyMigrations(databaseUrl)
    const baseUrl = `http://127.0.0.1:${port}`
    const secondUrl = `http://127.0.0.1:${port + 1}`
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: crypto.randomBytes(33).toString('base64url'),
      DEMO_PASSWORD: 'galley-demo',
      // Webhook receivers in the tests time out after 2 s (10 s by default), so retries are quick.
      GALLEY_WEBHOOK_TIMEOUT_MS: '2000',
      // The tests' receivers listen on 127.0.0.1: the first instance and the test processes (which
      // register webhooks through lib/db too) take them; the second instance does not (below).
      GALLEY_WEBHOOKS_ALLOW_PRIVATE: '1',
      NEXT_TELEMETRY_DISABLED: '1',
      GALLEY_TEST_SERVER_URL: serverUrl,
      GALLEY_TEST_BASE_URL: baseUrl,
      GALLEY_TEST_SECOND_URL: secondUrl,
      PORT: String(port),
    }
    // Seed through the same code path `npm start` uses.
    const seed = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), '--conditions=react-server', 'scripts/seed.ts'], { cwd: ROOT, env, stdio: 'inherit' })
    if (seed.status !== 0) throw new Error('Seeding the database failed.')
    if (!(await buildIfStale(env, log))) throw new Error('next build failed.')
    log(`Starting Galley on ${baseUrl} with database ${dbName}`)
    // The first instance serves the public corrections page; the second shows it is off by default.
    // It also may fetch pages from `localhost` (the import tests' own web server); the second may not.
    // Likewise webhooks: the first takes receivers on this machine (the tests' own, on 127.0.0.1) and
    // sends every delivery; the second refuses such URLs, and sends none (GALLEY_WEBHOOK_WORKER=0),
    // so which instance sends a delivery never depends on which one claimed it first. (Deliveries
    // from an instance without the opt-in are tested on a cluster of their own: webhooks.int.test.ts.)
    server = startNextServer({ port, env: { ...env, GALLEY_PUBLIC_CORRECTIONS: '1', GALLEY_IMPORT_ALLOW_HOSTS: 'localhost' } })
    log(`Starting a second instance on ${secondUrl} (same database and AUTH_SECRET)`)
    // The second instance also stands in for a demo server (GALLEY_DEMO=1: demo accounts on the sign-in page).
    second = startNextServer({ port: port + 1, env: { ...env, PORT: String(port + 1), GALLEY_PUBLIC_CORRECTIONS: '', GALLEY_IMPORT_ALLOW_HOSTS: '', GALLEY_WEBHOOKS_ALLOW_PRIVATE: '', GALLEY_WEBHOOK_WORKER: '0', GALLEY_DEMO: '1' } })
    await Promise.all([waitForHealth(baseUrl, server), waitForHealth(secondUrl, second)])
    return { env, databaseUrl, serverUrl, baseUrl, secondUrl, stop }
  } catch (err) {
    await stop()
    throw err
  }
}
