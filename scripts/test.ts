/**
 * `npm test`: every test, in order —
 *   1. unit tests (Vitest, no database);
 *   2. a fresh database on DATABASE_URL's server, or on an embedded PostgreSQL under .data/test,
 *      migrated and seeded with the demo data; a production build when sources changed;
 *      Galley started on it;
 *   3. integration tests (Vitest) against that database and server;
 *   4. Playwright in Debian's Chromium against the same server.
 * Databases made here are dropped at the end; nothing depends on an earlier run.
 * `npm test -- unit|integration|e2e [filters…]` runs one stage (2 is done for the last two); the
 * filters go to Vitest or Playwright, e.g. `npm test -- integration desk-api`.
 */
import fs from 'node:fs'
import path from 'node:path'
import { spawn } from 'node:child_process'
import { ROOT, ensurePrismaClient } from '@/lib/server/runtime'
import { startTestEnvironment, type TestEnvironment } from '@/lib/server/test-env'

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

async function vitest(project: string, env: NodeJS.ProcessEnv, filters: string[] = []): Promise<number> {
  const out = path.join(ROOT, 'test-results', `vitest-${project}.json`)
  fs.rmSync(out, { force: true })
  const code = await run(
    [bin('vitest', 'vitest.mjs'), 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...filters],
    env,
  )
  addVitestCounts(out)
  return code
}

async function main(): Promise<number> {
  const stage = process.argv[2] ?? 'all'
  fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true })
  ensurePrismaClient()
  const failures: string[] = []

  if (stage === 'all' || stage === 'unit') {
    log('Unit tests')
    if ((await vitest('unit', process.env, stage === 'unit' ? process.argv.slice(3) : [])) !== 0) failures.push('unit')
    if (stage === 'unit') return report(failures)
  }

  let testEnv: TestEnvironment | undefined
  try {
    testEnv = await startTestEnvironment({ label: 'test', port: TEST_PORT, log: (l) => console.log(`[test] ${l}`) })
    const env = testEnv.env
    if (stage === 'all' || stage === 'integration') {
      log('Integration tests (real PostgreSQL, real server)')
      if ((await vitest('integration', env, stage === 'integration' ? process.argv.slice(3) : [])) !== 0) failures.push('integration')
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
    await testEnv?.stop()
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
