/**
 * `npm test`: every test, in order —
 *   1. unit tests (Vitest, no database);
 *   2. a fresh database on DATABASE_URL's server, or on an embedded PostgreSQL under .data/test,
 *      migrated and seeded with the demo data; a production build when sources changed;
 *      Galley started on it;
 *   3. integration tests (Vitest) against that database and server;
 *   4. Playwright in Debian's Chromium against the same server.
 * Databases made here are dropped at the end; nothing depends on an earlier run.
 * `npm test -- unit|integration|e2e` runs one stage (2 is done for the last two).
 */
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { spawn, type ChildProcess } from 'node:child_process'
import postgres from 'postgres'
import { ROOT, applyMigrations, ensurePrismaClient } from '@/lib/server/runtime'
import { startEmbeddedPostgres, withDatabase, type EmbeddedServer } from '@/lib/server/embedded-postgres'
import { buildIfStale } from '@/lib/server/build-hash'

const log = (line: string) => console.log(`\n[test] ${line}`)
const bin = (pkg: string, file: string) => path.join(ROOT, 'node_modules', pkg, file)
const TEST_PORT = Number(process.env.GALLEY_TEST_PORT ?? 3100)

type Counts = { passed: number; failed: number; skipped: number }
const totals: Counts = { passed: 0, failed: 0, skipped: 0 }

function run(cmd: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, cmd, { cwd: ROOT, env, stdio: 'inherit' })
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

function addVitestCounts(file: string): void {
  if (!fs.existsSync(file)) return
  const report = JSON.parse(fs.readFileSync(file, 'utf8'))
  totals.passed += report.numPassedTests ?? 0
  totals.failed += report.numFailedTests ?? 0
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
}

function addPlaywrightCounts(file: string): void {
  if (!fs.existsSync(file)) return
  const stats = JSON.parse(fs.readFileSync(file, 'utf8')).stats ?? {}
  totals.passed += (stats.expected ?? 0) + (stats.flaky ?? 0)
  totals.failed += stats.unexpected ?? 0
  totals.skipped += stats.skipped ?? 0
}

async function vitest(project: string, env: NodeJS.ProcessEnv): Promise<number> {
  const out = path.join(ROOT, 'test-results', `vitest-${project}.json`)
  fs.rmSync(out, { force: true })
  const code = await run(
    [bin('vitest', 'vitest.mjs'), 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`],
    env,
  )
  addVitestCounts(out)
  return code
}

async function waitForHealth(url: string, server: ChildProcess, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The test server exited with code ${server.exitCode}.`)
    try {
      const res = await fetch(`${url}/api/health`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`The test server did not become healthy at ${url} within ${ms / 1000} s.`)
}

function stopServer(server: ChildProcess | undefined): Promise<void> {
  if (!server || server.exitCode !== null || !server.pid) return Promise.resolve()
  return new Promise((resolve) => {
    server.once('exit', () => resolve())
    try {
      process.kill(-server.pid!, 'SIGTERM') // the whole group: `next start` forks next-server
    } catch {
      resolve()
    }
    setTimeout(() => {
      try {
        process.kill(-server.pid!, 'SIGKILL')
      } catch {
        // already gone
      }
    }, 5_000).unref()
  })
}

async function main(): Promise<number> {
  const stage = process.argv[2] ?? 'all'
  fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true })
  ensurePrismaClient()
  const failures: string[] = []

  if (stage === 'all' || stage === 'unit') {
    log('Unit tests')
    if ((await vitest('unit', process.env)) !== 0) failures.push('unit')
    if (stage === 'unit') return report(failures)
  }

  let embedded: EmbeddedServer | undefined
  let server: ChildProcess | undefined
  const runId = `${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`
  const dbName = `galley_test_${runId}`
  let serverUrl: string
  try {
    if (process.env.DATABASE_URL) {
      serverUrl = withDatabase(process.env.DATABASE_URL, 'postgres')
      log(`Using the PostgreSQL server of DATABASE_URL for database ${dbName}`)
    } else {
      log('No DATABASE_URL: starting an embedded PostgreSQL for the tests')
      embedded = await startEmbeddedPostgres({ baseDir: path.join(ROOT, '.data', 'test'), port: 54339, log: (l) => console.log(`[test] ${l}`) })
      serverUrl = embedded.url
    }
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
    await admin.unsafe(`CREATE DATABASE "${dbName}"`)
    await admin.end()
    const databaseUrl = withDatabase(serverUrl, dbName)
    applyMigrations(databaseUrl)

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: crypto.randomBytes(33).toString('base64url'),
      DEMO_PASSWORD: 'galley-demo',
      NEXT_TELEMETRY_DISABLED: '1',
      GALLEY_TEST_SERVER_URL: serverUrl,
      GALLEY_TEST_BASE_URL: `http://127.0.0.1:${TEST_PORT}`,
      PORT: String(TEST_PORT),
    }
    // Seed through the same code path `npm start` uses.
    if ((await run([bin('tsx', 'dist/cli.mjs'), '--conditions=react-server', 'scripts/seed.ts'], env)) !== 0) {
      throw new Error('Seeding the test database failed.')
    }

    if (!(await buildIfStale(env, log))) throw new Error('next build failed.')
    log(`Starting Galley on ${env.GALLEY_TEST_BASE_URL} with database ${dbName}`)
    server = spawn(process.execPath, [bin('next', 'dist/bin/next'), 'start', '--port', String(TEST_PORT), '--hostname', '127.0.0.1'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true, // its own process group, so stopping it stops next-server too
    })
    await waitForHealth(env.GALLEY_TEST_BASE_URL!, server)

    if (stage === 'all' || stage === 'integration') {
      log('Integration tests (real PostgreSQL, real server)')
      if ((await vitest('integration', env)) !== 0) failures.push('integration')
    }
    if (stage === 'all' || stage === 'e2e') {
      log('Playwright (Debian Chromium)')
      const out = path.join(ROOT, 'test-results', 'playwright.json')
      fs.rmSync(out, { force: true })
      if ((await run([bin('@playwright/test', 'cli.js'), 'test', ...process.argv.slice(3)], env)) !== 0) failures.push('e2e')
      addPlaywrightCounts(out)
    }
  } catch (err) {
    console.error(`[test] ${(err as Error).message}`)
    failures.push('setup')
  } finally {
    await stopServer(server)
    try {
      const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} })
      await admin.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)
      await admin.end()
    } catch {
      // the server may be gone already
    }
    await embedded?.stop()
  }
  return report(failures)
}

function report(failures: string[]): number {
  console.log(`\n[test] ${failures.length ? `Failed stages: ${failures.join(', ')}` : 'All stages passed'}`)
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
  return failures.length ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
