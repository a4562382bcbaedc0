/** `npm start` with DATABASE_URL: migrates, seeds, serves; and refuses to guess a session secret. */
import path from 'node:path'
import { spawn, spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { ApiClient } from '@/lib/testing/api-client'
import { createTestDatabase, query } from '@/lib/testing/databases'
import { signalServer } from '@/lib/server/test-env'

const ROOT = path.resolve(__dirname, '..')

describe('npm start configuration', () => {
  it('refuses to start with DATABASE_URL but no AUTH_SECRET, saying what to set', () => {
    const env = { ...process.env, AUTH_SECRET: '', PORT: '3999' }
    delete (env as Record<string, string | undefined>).AUTH_SECRET
    const res = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), '--conditions=react-server', 'scripts/serve.ts', 'start'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(res.status).toBe(1)
    expect(`${res.stdout}${res.stderr}`).toMatch(/AUTH_SECRET is not set\. With DATABASE_URL set/)
  })

  it('with DATABASE_URL and AUTH_SECRET: applies the migrations, seeds the demo data, serves, and stops on SIGTERM', async () => {
    const db = await createTestDatabase('start')
    const port = 3500 + Math.floor(Math.random() * 100)
    const env = { ...process.env, DATABASE_URL: db.url, AUTH_SECRET: 'start-test-secret-0123456789abcdefghij', PORT: String(port), DEMO_PASSWORD: 'galley-demo' }
    const server = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), '--conditions=react-server', 'scripts/serve.ts', 'start'], { cwd: ROOT, env, stdio: 'ignore', detached: true })
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)))
    try {
      const url = `http://127.0.0.1:${port}`
      let healthy = false
      for (let i = 0; i < 300 && !healthy; i++) {
        healthy = await fetch(`${url}/api/health`).then((r) => r.ok, () => false)
        if (!healthy) await new Promise((r) => setTimeout(r, 200))
      }
      expect(healthy).toBe(true)
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
})
