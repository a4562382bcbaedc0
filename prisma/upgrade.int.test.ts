/**
 * Upgrading a desk that already has approved fixes: the integrity migration keeps an approval
 * only where it provably covers the words the fix stands on now, and sends the rest back to
 * review. Run through the Prisma CLI (our schema-engine stand-in) on a real PostgreSQL database:
 * the migrations before it, data as the old code wrote it, then the migration itself.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestDatabase, query } from '@/lib/testing/databases'

const ROOT = path.resolve(__dirname, '..')
const INTEGRITY = '20261201230000_integrity'
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'galley-upgrade-'))
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

const E = '00000000-0000-4000-8000-00000000000e'
const R = '00000000-0000-4000-8000-00000000000f'
const A = '00000000-0000-4000-8000-00000000000a'
const ART = '00000000-0000-4000-8000-0000000000a1'
const fixId = (n: number) => `00000000-0000-4000-8000-0000000000f${n}`

describe('the integrity migration on a desk with approved fixes', () => {
  it('keeps provable approvals, reopens the rest with the words they were for, and records who wrote each fix', async () => {
    const db = await createTestDatabase('upgrade')
    drop = db.drop
    fs.mkdirSync(path.join(dir, 'migrations'))
    // The desk as it was before the integrity migration: every migration before it (the later ones
    // may build on it, as the public corrections' does on its deletedAt), and the lock file.
    const all = fs.readdirSync(path.join(ROOT, 'prisma', 'migrations'))
    for (const m of all) {
      if (/^\d/.test(m) && m >= INTEGRITY) continue
      fs.cpSync(path.join(ROOT, 'prisma', 'migrations', m), path.join(dir, 'migrations', m), { recursive: true })
    }
    fs.copyFileSync(path.join(ROOT, 'prisma', 'schema.prisma'), path.join(dir, 'schema.prisma'))
    fs.writeFileSync(path.join(dir, 'prisma.config.mjs'), `export default { schema: 'schema.prisma', migrations: { path: 'migrations' }, datasource: { url: process.env.DATABASE_URL } }\n`)
    deploy(db.url)

    // What the old code left behind. Times are explicit so the order of events is the real one.
    const body = 'Vincent Pain spoke on Friday. Sales grew 6.4 percent. The ministry said 40 people came. It rained 3 days.'
    const sp = (needle: string) => ({ start: body.indexOf(needle), end: body.indexOf(needle) + needle.length })
    const fix = (n: number, needle: string, correction: string, prefix: string, suffix: string) =>
      `INSERT INTO "Annotation" (id, "articleId", kind, start, "end", exact, prefix, suffix, correction, category, status, version, "createdById", "createdAt", "updatedAt")
       VALUES ('${fixId(n)}', '${ART}', 'error', ${sp(needle).start}, ${sp(needle).end}, '${needle}', '${prefix}', '${suffix}', '${correction}', 'fact', 'approved', 2, '${E}', '2026-11-01 10:00', '2026-11-01 10:00');`
    const anchor = (n: number, method: string, exact: string, prefix: string, suffix: string, at: string) =>
      `INSERT INTO "AnnotationAnchor" ("annotationId", revision, method, start, "end", exact, prefix, suffix, at) VALUES ('${fixId(n)}', 1, '${method}', 0, 1, '${exact}', '${prefix}', '${suffix}', '${at}');`
    const approve = (n: number, reviewer: string, at: string) => `INSERT INTO "Review" ("annotationId", "reviewerId", decision, at) VALUES ('${fixId(n)}', '${reviewer}', 'approve', '${at}');`
    const edit = (n: number, actor: string, from: string, to: string, at: string) =>
      `INSERT INTO "AuditEvent" ("actorId", action, "entityType", "entityId", before, after, at) VALUES ('${actor}', 'annotation.update', 'Annotation', '${fixId(n)}', '{"correction": "${from}", "start": 1}', '{"correction": "${to}", "start": 1}', '${at}');`
    await query(
      db.url,
      `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES
         ('${E}', 'e@up.test', 'E', 'x', 'editor', now()), ('${R}', 'r@up.test', 'R', 'x', 'reviewer', now()), ('${A}', 'a@up.test', 'A', 'x', 'admin', now());
       INSERT INTO "Article" (id, title, body, revision, "createdById", "updatedAt") VALUES ('${ART}', 'Old desk', '${body}', 2, '${E}', now());
       ${fix(1, 'Pain', 'Pang', 'Vincent ', ' spoke')}
       ${anchor(1, 'created', 'Pain', 'Vincent ', ' spoke', '2026-11-01 10:00')}
       ${anchor(1, 'moved', 'Pain', 'Vincent ', ' spoke', '2026-11-02 09:00')}
       ${approve(1, R, '2026-11-01 11:00')}
       ${fix(2, '6.4 percent', '6 percent', 'grew ', '.')}
       ${anchor(2, 'created', '5 percent', 'grew ', '.', '2026-11-01 10:00')}
       ${approve(2, R, '2026-11-01 11:00')}
       ${anchor(2, 'moved', '6.4 percent', 'grew ', '.', '2026-11-02 09:00')}
       ${fix(3, '40 people', '4,000 people', 'said ', ' came')}
       ${anchor(3, 'created', '40 people', 'said ', ' came', '2026-11-01 10:00')}
       ${edit(3, A, '400 people', '4,000 people', '2026-11-01 10:30')}
       ${approve(3, A, '2026-11-01 11:00')}
       ${fix(4, '3 days', '2 days', 'rained ', '.')}
       ${anchor(4, 'created', '3 days', 'rained ', '.', '2026-11-01 10:00')}
       ${edit(4, E, '4 days', '2 days', '2026-11-01 10:59:58')}
       ${approve(4, R, '2026-11-01 11:00')}`,
    )

    // Upgrading: the integrity migration and everything after it.
    for (const m of all) if (/^\d/.test(m) && m >= INTEGRITY) fs.cpSync(path.join(ROOT, 'prisma', 'migrations', m), path.join(dir, 'migrations', m), { recursive: true })
    deploy(db.url)

    const rows = await query<{ id: string; status: string; approvedExact: string | null; approvedCorrection: string | null; textChangedFrom: string | null; textChangedWasApproved: boolean | null; contributorIds: string[]; version: number }>(
      db.url,
      `SELECT id, status, "approvedExact", "approvedCorrection", "textChangedFrom", "textChangedWasApproved", "contributorIds"::text[] AS "contributorIds", version FROM "Annotation" ORDER BY id`,
    )
    const byId = new Map(rows.map((r) => [r.id, r]))
    // 1: untouched since approval, reviewed by someone else: still approved, for exactly its words.
    expect(byId.get(fixId(1))).toMatchObject({ status: 'approved', approvedExact: 'Pain', approvedCorrection: 'Pang', textChangedFrom: null, contributorIds: [E], version: 2 })
    // 2: approved for "5 percent", since stretched onto "6.4 percent": back to review.
    expect(byId.get(fixId(2))).toMatchObject({ status: 'open', approvedExact: null, textChangedFrom: '5 percent', textChangedWasApproved: true, version: 3 })
    // 3: the admin rewrote the correction and approved it: four-eyes was not met.
    expect(byId.get(fixId(3))).toMatchObject({ status: 'open', textChangedWasApproved: true })
    expect(new Set(byId.get(fixId(3))!.contributorIds)).toEqual(new Set([E, A]))
    // 4: its correction changed two seconds before the approval: nobody can say what was seen.
    expect(byId.get(fixId(4))).toMatchObject({ status: 'open', textChangedWasApproved: true })
    const audit = await query<{ entityId: string; after: { why: string } }>(db.url, `SELECT "entityId", after FROM "AuditEvent" WHERE action = 'fix.text_changed' ORDER BY "entityId"`)
    expect(audit.map((a) => a.entityId)).toEqual([fixId(2), fixId(3), fixId(4)])
    expect(audit[0].after.why).toContain('could not prove')
  }, 240_000)
})
