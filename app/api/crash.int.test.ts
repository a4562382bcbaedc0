/**
 * Crashes, on a Galley of its own (embedded PostgreSQL in a temporary folder, its own server):
 * kill -9 the server during a burst of writes and restart it — every acknowledged write is there,
 * with no partial rows; restart PostgreSQL under the running app — /api/health recovers by itself.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync, type ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient } from '@/lib/testing/api-client'
import { query } from '@/lib/testing/databases'
import { startEmbeddedPostgres, withDatabase, type EmbeddedServer } from '@/lib/server/embedded-postgres'
import { applyMigrations, ensureDatabase } from '@/lib/server/runtime'
import { signalServer, startNextServer } from '@/lib/server/test-env'
import { freePort } from '@/lib/testing/ports'

const ROOT = path.resolve(__dirname, '..', '..')
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'galley-crash-'))
fs.chmodSync(base, 0o755)
// Ports the system hands out now, not random guesses that another suite's server may hold.
const PG_PORT = await freePort()
const APP_PORT = await freePort()
const url = `http://127.0.0.1:${APP_PORT}`
let pg: EmbeddedServer
let databaseUrl: string
let server: ChildProcess | undefined

const startServer = () => startNextServer({ port: APP_PORT, env: { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: 'crash-test-secret-0123456789abcdefghij' }, quiet: true })
async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true
    await new Promise((r) => setTimeout(r, 200))
  }
  return false
}
const healthy = async () => (await fetch(`${url}/api/health`)).status === 200

beforeAll(async () => {
  pg = await startEmbeddedPostgres({ baseDir: base, port: PG_PORT, log: () => {} })
  await ensureDatabase(pg.url, 'galley')
  databaseUrl = withDatabase(pg.url, 'galley')
  applyMigrations(databaseUrl)
  const seed = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), '--conditions=react-server', 'scripts/seed.ts'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, DEMO_PASSWORD: 'galley-demo' }, stdio: 'ignore' })
  expect(seed.status).toBe(0)
  server = startServer()
  expect(await waitFor(healthy, 60_000)).toBe(true)
}, 120_000)

afterAll(async () => {
  signalServer(server, 'SIGKILL')
  await pg?.stop()
  fs.rmSync(base, { recursive: true, force: true })
})

describe('crashes', () => {
  it('kill -9 during a burst of writes: every acknowledged write survives, with no partial rows', async () => {
    const live = await Promise.all(Array.from({ length: 16 }, () => ApiClient.as('editor@galley.test', 'galley-demo', url)))
    const article = (await live[0].post('/api/articles', { title: 'Crash test', body: 'Vincent Pain spoke on Friday.' })).body
    const acknowledged: string[] = []
    let killed = false
    setTimeout(() => {
      killed = true
      signalServer(server, 'SIGKILL')
    }, 1500)
    await Promise.all(
      live.map(async (c) => {
        while (!killed) {
          const res = await c.post(`/api/articles/${article.id}/annotations`, { kind: 'claim', start: 8, end: 12, exact: 'Pain' }).catch(() => null)
          if (res?.status === 201) acknowledged.push(res.body.id)
        }
        // Requests in flight at the kill may fail; they were never acknowledged.
      }),
    )
    expect(acknowledged.length).toBeGreaterThan(10)
    server = startServer()
    expect(await waitFor(healthy, 60_000)).toBe(true)
    const stored = await query<{ id: string }>(databaseUrl, `SELECT id FROM "Annotation" WHERE "articleId" = '${article.id}'`)
    const ids = new Set(stored.map((r) => r.id))
    expect(acknowledged.filter((id) => !ids.has(id))).toEqual([])
    // No partial rows: each stored annotation has its audit event and its first anchor.
    const partial = await query(
      databaseUrl,
      `SELECT a.id FROM "Annotation" a WHERE a."articleId" = '${article.id}' AND (
         NOT EXISTS (SELECT 1 FROM "AuditEvent" e WHERE e."entityId" = a.id::text AND e.action = 'annotation.create')
         OR NOT EXISTS (SELECT 1 FROM "AnnotationAnchor" x WHERE x."annotationId" = a.id))`,
    )
    expect(partial).toEqual([])
    const again = await ApiClient.as('editor@galley.test', 'galley-demo', url)
    expect((await again.post(`/api/articles/${article.id}/annotations`, { kind: 'claim', start: 0, end: 7, exact: 'Vincent' })).status).toBe(201)
  }, 120_000)

  it('restarting PostgreSQL under the running app: health says down, then recovers by itself', async () => {
    expect(await healthy()).toBe(true)
    await pg.stop()
    expect(await waitFor(async () => (await fetch(`${url}/api/health`)).status === 503, 20_000)).toBe(true)
    const down = await (await fetch(`${url}/api/health`)).json()
    expect(down).toEqual({ status: 'degraded', db: 'down' })
    pg = await startEmbeddedPostgres({ baseDir: base, port: PG_PORT, log: () => {} })
    expect(pg.url).toContain(`:${PG_PORT}/`)
    expect(await waitFor(healthy, 30_000)).toBe(true)
    const client = new ApiClient(url)
    expect(await client.signIn('reviewer@galley.test', 'galley-demo')).toBe(true)
    expect((await client.get('/api/articles')).status).toBe(200)
  }, 120_000)
})
