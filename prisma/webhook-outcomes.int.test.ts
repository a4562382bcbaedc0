/**
 * Upgrading a desk whose webhook attempts were stored with raw socket errors (before issue 21):
 * the migration 20261202150500_webhook_outcomes rewrites each into its category, so no stored
 * text names an address or a host any more. Run through the Prisma CLI (our schema-engine
 * stand-in) on a real PostgreSQL database: the migrations before it, data as the old code wrote
 * it, then the migration itself.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestDatabase, query } from '@/lib/testing/databases'
import { shownError } from '@/lib/webhooks/outcome'

const ROOT = path.resolve(__dirname, '..')
const MIGRATION = '20261202150500_webhook_outcomes'
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'galley-outcomes-'))
let drop: (() => Promise<void>) | undefined
afterAll(async () => {
  await drop?.()
  fs.rmSync(dir, { recursive: true, force: true })
})

function deploy(url: string) {
  const res = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'prisma', 'build', 'index.js'), 'migrate', 'deploy', '--config', path.join(dir, 'prisma.config.mjs')], {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: url, PRISMA_SCHEMA_ENGINE_BINARY: path.join(ROOT, 'prisma', 'engine', 'schema-engine.mjs'), CHECKPOINT_DISABLE: '1', CI: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  })
  expect(res.status, res.stderr + res.stdout).toBe(0)
}

const A = '00000000-0000-4000-8000-00000000000a'
const HOOK = '00000000-0000-4000-8000-0000000000b1'
const D1 = '00000000-0000-4000-8000-0000000000d1'
const D2 = '00000000-0000-4000-8000-0000000000d2'

// What the old worker stored: undici's "fetch failed" with its cause, the timeout sentence, statuses.
const RAW: Array<[string | null, string | null]> = [
  ['fetch failed: connect ECONNREFUSED 10.0.0.7:5432', 'refused'],
  ['fetch failed: getaddrinfo ENOTFOUND billing.internal', 'DNS failure'],
  ['No answer within 10 s', 'timed out'],
  ['fetch failed: read ECONNRESET', 'connection reset'],
  ['fetch failed: other side closed', 'connection failed'],
  ['fetch failed: self-signed certificate', 'TLS error'],
  ['fetch failed: connect EHOSTUNREACH 192.168.1.20:22', 'unreachable'],
  ['This operation was aborted', 'timed out'],
  ['HTTP 302', 'redirect not followed'],
  ['HTTP 500', 'HTTP 500'],
  [null, null],
]

describe('the webhook outcomes migration', () => {
  it('rewrites raw attempt errors into the categories the API shows, and leaves categories and statuses alone', async () => {
    const db = await createTestDatabase('outcomes')
    drop = db.drop
    fs.mkdirSync(path.join(dir, 'migrations'))
    for (const m of fs.readdirSync(path.join(ROOT, 'prisma', 'migrations'))) {
      if (m === MIGRATION) continue
      fs.cpSync(path.join(ROOT, 'prisma', 'migrations', m), path.join(dir, 'migrations', m), { recursive: true })
    }
    fs.copyFileSync(path.join(ROOT, 'prisma', 'schema.prisma'), path.join(dir, 'schema.prisma'))
    fs.writeFileSync(path.join(dir, 'prisma.config.mjs'), `export default { schema: 'schema.prisma', migrations: { path: 'migrations' }, datasource: { url: process.env.DATABASE_URL } }\n`)
    deploy(db.url)

    const q = (s: string | null) => (s === null ? 'NULL' : `'${s.replace(/'/g, "''")}'`)
    await query(
      db.url,
      `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ('${A}', 'a@up.test', 'A', 'x', 'admin', now());
       INSERT INTO "Webhook" (id, url, secret, events, "createdById") VALUES ('${HOOK}', 'https://cms.example/hook', 'whsec_x', ARRAY['article.published'], '${A}');
       INSERT INTO "WebhookDelivery" (id, "webhookId", event, "auditId", status, "lastError") VALUES
         ('${D1}', '${HOOK}', 'article.published', 1, 'failed', 'fetch failed: connect ECONNREFUSED 10.0.0.7:5432'),
         ('${D2}', '${HOOK}', 'article.published', 2, 'failed', 'The webhook was deleted.');
       ${RAW.map(([raw], i) => `INSERT INTO "WebhookAttempt" ("deliveryId", "durationMs", error, at) VALUES ('${D1}', ${i}, ${q(raw)}, '2026-12-01 10:00:00'::timestamptz + make_interval(secs => ${i}));`).join('\n')}`,
    )

    fs.cpSync(path.join(ROOT, 'prisma', 'migrations', MIGRATION), path.join(dir, 'migrations', MIGRATION), { recursive: true })
    deploy(db.url)

    const attempts = await query<{ error: string | null }>(db.url, `SELECT error FROM "WebhookAttempt" ORDER BY at`)
    expect(attempts.map((a) => a.error)).toEqual(RAW.map(([, shown]) => shown))
    // The same mapping the API applies to anything stored otherwise.
    expect(RAW.map(([raw]) => shownError(raw))).toEqual(RAW.map(([, shown]) => shown))
    const deliveries = await query<{ id: string; lastError: string }>(db.url, `SELECT id, "lastError" FROM "WebhookDelivery" ORDER BY id`)
    expect(deliveries).toEqual([
      { id: D1, lastError: 'refused' },
      { id: D2, lastError: 'The webhook was deleted.' },
    ])
    const index = await query<{ indexname: string }>(db.url, `SELECT indexname FROM pg_indexes WHERE tablename = 'WebhookDelivery' AND indexname = 'WebhookDelivery_auditId_idx'`)
    expect(index).toHaveLength(1)
  }, 240_000)
})
