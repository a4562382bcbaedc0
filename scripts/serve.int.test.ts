/**
 * `npm start` with DATABASE_URL: migrates, seeds, serves; and refuses to guess a session secret.
 * Without any configuration: the embedded database, and demo sign-in for this machine only. The
 * first line always says which demo sign-in it is.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { ApiClient } from '@/lib/testing/api-client'
import { createTestDatabase, query } from '@/lib/testing/databases'
import { signalServer } from '@/lib/server/test-env'
import { freePort } from '@/lib/testing/ports'

const ROOT = path.resolve(__dirname, '..')
/** `npm start`'s command (package.json). */
const START = ['--conditions=react-server', '--import', 'tsx', 'scripts/serve.ts', 'start']
const serve = (env: NodeJS.ProcessEnv, port: number) => spawn(process.execPath, START, { cwd: ROOT, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'ignore'], detached: true })

/** Everything a server process prints, as it comes. */
function output(server: ChildProcess): { lines: () => string[] } {
  let text = ''
  server.stdout!.on('data', (d: Buffer) => (text += d.toString()))
  return { lines: () => text.split('\n').filter(Boolean) }
}

async function waitHealthy(url: string): Promise<boolean> {
  for (let i = 0; i < 600; i++) {
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) return true
    await new Promise((r) => setTimeout(r, 200))
  }
  return false
}

const DEMO_DATABASE_URL = '[galley] Demo sign-in: off (a database of your own: DATABASE_URL) — GALLEY_DEMO=1 offers it to everyone'

describe('npm start configuration', () => {
  it('refuses to start with DATABASE_URL but no AUTH_SECRET, saying what to set', () => {
    const env = { ...process.env, AUTH_SECRET: '', PORT: '3999' }
    delete (env as Record<string, string | undefined>).AUTH_SECRET
    const res = spawnSync(process.execPath, START, {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(res.status).toBe(1)
    expect(`${res.stdout}${res.stderr}`).toMatch(/AUTH_SECRET is not set\. With DATABASE_URL set/)
    expect(res.stdout.split('\n')[0]).toBe(DEMO_DATABASE_URL)
  })

  it('says in its first line whether demo sign-in is on and for whom, and how to change it', () => {
    const firstLine = (extra: Record<string, string>) => {
      const env: NodeJS.ProcessEnv = { ...process.env, PORT: '3999', ...extra }
      delete env.AUTH_SECRET // stops right after the line, before serving anything
      const res = spawnSync(process.execPath, START, { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 })
      expect(res.status).toBe(1)
      return res.stdout.split('\n')[0]
    }
    expect(firstLine({ GALLEY_DEMO: '1' })).toBe('[galley] Demo sign-in: ON FOR EVERYONE who can reach this server (GALLEY_DEMO=1): anyone can continue as admin — set GALLEY_DEMO=0 to turn it off')
    expect(firstLine({ GALLEY_DEMO: '0' })).toBe('[galley] Demo sign-in: off (GALLEY_DEMO=0)')
  })

  it('with DATABASE_URL and AUTH_SECRET: applies the migrations, seeds the demo data, serves, and stops on SIGTERM', async () => {
    const db = await createTestDatabase('start')
    const port = await freePort()
    const env = { ...process.env, DATABASE_URL: db.url, AUTH_SECRET: 'start-test-secret-0123456789abcdefghij', PORT: String(port), DEMO_PASSWORD: 'galley-demo' }
    const server = serve(env, port)
    const printed = output(server)
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)))
    try {
      const url = `http://127.0.0.1:${port}`
      expect(await waitHealthy(url)).toBe(true)
      expect(printed.lines()[0]).toBe(DEMO_DATABASE_URL)
      const migrations = await query<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL')
      expect(migrations[0].n).toBeGreaterThan(0)
      const editor = await ApiClient.as('editor@galley.test', 'galley-demo', url)
      const titles = (await editor.get('/api/articles')).body.articles.map((a: { title: string }) => a.title)
      expect(titles).toEqual(['Huawei in early talks with U.S. firms on 5G licensing'])
      signalServer(server, 'SIGTERM')
      expect(await exited).toBe(0)
      expect(await fetch(`${url}/api/health`).then(() => 'up', () => 'down')).toBe('down')
    } finally {
      signalServer(server, 'SIGKILL')
      await db.drop()
    }
  }, 120_000)

  // This machine's network address (eth0's): a request to it leaves from it, so the server sees a
  // source that is not loopback, as from another machine. Without one there is nothing to tell apart.
  const address = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address
  it.skipIf(!address)('without configuration: the embedded database, and demo sign-in for this machine only, as its first line says', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'galley-start-'))
    fs.chmodSync(dataDir, 0o755) // the postgres system user must reach the data directory
    const port = await freePort()
    const env: NodeJS.ProcessEnv = { ...process.env, GALLEY_DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), DEMO_PASSWORD: 'galley-demo' }
    for (const name of ['DATABASE_URL', 'AUTH_SECRET', 'GALLEY_DEMO']) delete env[name]
    const server = serve(env, port)
    const printed = output(server)
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)))
    try {
      expect(await waitHealthy(`http://127.0.0.1:${port}`)).toBe(true)
      expect(printed.lines()[0]).toBe('[galley] Demo sign-in: on for this machine only (localhost) — set GALLEY_DEMO=0 to turn it off / GALLEY_DEMO=1 to offer it to everyone')
      const signInPage = (host: string) => fetch(`http://${host}:${port}/signin`).then((r) => r.text())
      const local = await signInPage('127.0.0.1')
      expect(local).toContain('data-testid="demo-accounts"')
      expect(local).toContain('name="email" value="admin@galley.test"')
      const remote = await signInPage(address!)
      expect(remote).toContain('Sign in to Galley')
      expect(remote).not.toContain('data-testid="demo-accounts"')
      expect(remote).not.toContain('value="admin@galley.test"')
      expect(await new ApiClient(`http://${address}:${port}`).signIn('admin@galley.test', 'galley-demo')).toBe(false)
      expect(await new ApiClient(`http://127.0.0.1:${port}`).signIn('admin@galley.test', 'galley-demo')).toBe(true)
      signalServer(server, 'SIGTERM')
      expect(await exited).toBe(0)
    } finally {
      // Stopped cleanly (the embedded PostgreSQL with it) even when an assertion failed.
      if (server.exitCode === null) {
        signalServer(server, 'SIGTERM')
        await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))])
      }
      signalServer(server, 'SIGKILL')
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }, 180_000)
})
