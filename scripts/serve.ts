/**
 * `npm start` / `npm run dev`: database (DATABASE_URL's or embedded), migrations, demo seed,
 * a production build when there is no current one, then Next.js on PORT (default 3000).
 * Stops the embedded database with the app.
 */
import fs from 'node:fs'
import path from 'node:path'
import { spawn } from 'node:child_process'
import { ConfigError, ROOT, applyMigrations, ensurePrismaClient, resolveAuthSecret, resolveDatabase } from '@/lib/server/runtime'
import { buildIsCurrent, recordBuild } from '@/lib/server/build-hash'

const mode = process.argv[2] === 'dev' ? 'dev' : 'start'
const log = (line: string) => console.log(`[galley] ${line}`)
const nextBin = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next')

function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [nextBin, ...args], { cwd: ROOT, env, stdio: 'inherit' })
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

async function main(): Promise<number> {
  const started = Date.now()
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
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0))
  try {
    const secret = resolveAuthSecret(Boolean(database.embedded))
    applyMigrations(database.url)
    process.env.DATABASE_URL = database.url
    const { seedDemo, DEMO_USERS } = await import('@/lib/db/seed')
    const { disconnectDb } = await import('@/lib/db/client')
    const password = process.env.DEMO_PASSWORD || 'galley-demo'
    const articleBody = fs.readFileSync(path.join(ROOT, 'prisma', 'seed', 'demo-article.txt'), 'utf8')
    if (await seedDemo({ password, articleBody })) {
      log('Empty database: seeded the demo article and demo users:')
      for (const u of DEMO_USERS) log(`  ${u.email.padEnd(22)} ${u.role.padEnd(9)} password: ${password}`)
    }
    await disconnectDb()

    const port = process.env.PORT ?? '3000'
    const env = { ...process.env, DATABASE_URL: database.url, AUTH_SECRET: secret, NEXT_TELEMETRY_DISABLED: '1' }
    if (mode === 'start' && !buildIsCurrent()) {
      log('No current production build; building (once per code change)…')
      const code = await run(['build'], { ...env, NODE_ENV: 'production' })
      if (code !== 0) throw new Error('next build failed (see above).')
      recordBuild()
    }
    log(`Ready to start after ${((Date.now() - started) / 1000).toFixed(1)} s; Galley on http://localhost:${port}`)
    child = spawn(process.execPath, [nextBin, mode, '--port', port], { cwd: ROOT, env, stdio: 'inherit' })
    child.on('exit', (code) => void shutdown(code ?? 0))
    return await new Promise<number>(() => {})
  } catch (err) {
    console.error(`[galley] ${err instanceof ConfigError ? '' : 'Could not start: '}${(err as Error).message}`)
    await shutdown(1)
    return 1
  }
}

main().catch((err) => {
  console.error('[galley] Could not start:', err)
  process.exit(1)
})
