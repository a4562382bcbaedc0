/** The audit trail: append-only in the database itself, and readable per article as a newsroom log. */
import { afterAll, describe, expect, it } from 'vitest'
import { ApiClient, unique } from '@/lib/testing/api-client'
import { db, disconnectDb } from '@/lib/db/client'

afterAll(disconnectDb)

describe('audit trail', () => {
  it('refuses UPDATE, DELETE and TRUNCATE on AuditEvent, whoever asks', async () => {
    const [event] = await db().auditEvent.findMany({ take: 1, orderBy: { id: 'asc' } })
    expect(event).toBeDefined()
    await expect(db().auditEvent.update({ where: { id: event.id }, data: { action: 'forged' } })).rejects.toThrow(/append-only/)
    await expect(db().auditEvent.delete({ where: { id: event.id } })).rejects.toThrow(/append-only/)
    await expect(db().$executeRawUnsafe('TRUNCATE "AuditEvent"')).rejects.toThrow(/append-only/)
    expect((await db().auditEvent.findUnique({ where: { id: event.id } }))?.action).toBe(event.action)
  })

  it('GET /api/articles/:id/history reads like a log, oldest first', async () => {
    const editor = await ApiClient.as('editor@galley.test')
    const reviewer = await ApiClient.as('reviewer@galley.test')
    const body = 'Vincent Pain spoke on Friday.'
    const article = (await editor.post('/api/articles', { title: unique('History'), body })).body
    const fix = (await editor.post(`/api/articles/${article.id}/annotations`, { kind: 'error', start: 8, end: 12, exact: 'Pain', correction: 'Pang', category: 'name' })).body
    await reviewer.post(`/api/annotations/${fix.id}/review`, { decision: 'approve', comment: 'Per company bio' })
    await editor.post(`/api/articles/${article.id}/publish`)
    const res = await editor.get(`/api/articles/${article.id}/history`)
    expect(res.status).toBe(200)
    const lines = res.body.events.map((e: any) => `${e.actor?.name}: ${e.action}: ${e.description}`)
    expect(lines).toEqual([
      expect.stringMatching(/^Demo Editor: article.create: imported the article “History-/),
      'Demo Editor: annotation.create: proposed a fix: “Pain” → “Pang” (name)',
      'Demo Reviewer: fix.approve: approved the fix “Pain” → “Pang”, saying “Per company bio”',
      'Demo Editor: article.revise: saved revision 2 (approved fixes published); annotations: 0 moved, 0 found again, 0 need re-anchoring',
      'Demo Editor: article.publish: published 1 approved fix as revision 2',
    ])
    for (const e of res.body.events) expect(Object.keys(e)).toEqual(expect.arrayContaining(['at', 'actor', 'action']))
    expect((await new ApiClient().get(`/api/articles/${article.id}/history`)).status).toBe(401)
    expect((await editor.get('/api/articles/00000000-0000-0000-0000-000000000000/history')).status).toBe(404)
  })

  it('keeps audit rows small: a text past 2,000 characters is kept as its start and its length, the annotation keeps it whole', async () => {
    const editor = await ApiClient.as('editor@galley.test')
    const long = 'The council said the bridge would open in 2026. '.repeat(2_500) // 120,000 characters
    const article = (await editor.post('/api/articles', { title: unique('Long claim'), body: long })).body
    const claim = await editor.post(`/api/articles/${article.id}/annotations`, { kind: 'claim', start: 0, end: long.length - 1, exact: long.slice(0, -1), note: 'n'.repeat(10_000) })
    expect(claim.status).toBe(201)
    const events = (await editor.get(`/api/articles/${article.id}/history`)).body.events as any[]
    const created = events.find((e) => e.action === 'annotation.create')
    expect(created.after.exact).toHaveLength(2_000 + '… [119999 characters in all]'.length)
    expect(created.after.exact.endsWith('… [119999 characters in all]')).toBe(true)
    expect(created.after.note.endsWith('… [10000 characters in all]')).toBe(true)
    expect(created.after.kind).toBe('claim')
    expect(created.description).toMatch(/^marked a claim \(unverified\): “The council said/)
    const [{ size }] = await db().$queryRaw<Array<{ size: number }>>`SELECT max(pg_column_size(after))::int AS size FROM "AuditEvent" WHERE "entityId" IN (${article.id}, ${claim.body.id})`
    expect(size).toBeLessThan(8_000)
    // The annotation itself is whole.
    const stored = (await editor.get(`/api/articles/${article.id}/annotations`)).body.annotations[0]
    expect(stored.exact).toHaveLength(long.length - 1)
    expect(stored.note).toHaveLength(10_000)
  })

  it('pages the history: 200 events at a time, oldest first, with a cursor for the next page', async () => {
    const editor = await ApiClient.as('editor@galley.test')
    const article = (await editor.post('/api/articles', { title: unique('Long history'), body: 'Vincent Pain spoke on Friday.' })).body
    for (let i = 0; i < 3; i++) expect((await editor.patch(`/api/articles/${article.id}`, { title: unique(`Retitled ${i}`) })).status).toBe(200)
    const me = (await db().user.findUniqueOrThrow({ where: { email: 'editor@galley.test' } })).id
    await db().$executeRaw`INSERT INTO "AuditEvent" ("actorId", action, "entityType", "entityId", before, after)
      SELECT ${me}::uuid, 'article.update', 'Article', ${article.id}, jsonb_build_object('title', 'T' || n), jsonb_build_object('title', 'T' || (n + 1)) FROM generate_series(1, 300) n`
    const first = await editor.get(`/api/articles/${article.id}/history`)
    expect(first.status).toBe(200)
    expect(first.body.events).toHaveLength(200)
    expect(first.body.events[0].action).toBe('article.create')
    expect(first.body.nextCursor).toBe(first.body.events[199].id)
    const second = await editor.get(`/api/articles/${article.id}/history?after=${first.body.nextCursor}`)
    expect(second.body.events).toHaveLength(104)
    expect(second.body.nextCursor).toBeNull()
    const ids = [...first.body.events, ...second.body.events].map((e: any) => BigInt(e.id))
    expect(ids.every((x, i) => i === 0 || x > ids[i - 1])).toBe(true)
    expect(second.body.events.at(-1).description).toBe('retitled the article “T300” → “T301”')
    expect((await editor.get(`/api/articles/${article.id}/history?limit=3`)).body.events).toHaveLength(3)
    expect((await editor.get(`/api/articles/${article.id}/history?limit=501`)).status).toBe(422)
    expect((await editor.get(`/api/articles/${article.id}/history?after=yesterday`)).status).toBe(422)
    expect((await editor.get(`/api/articles/${article.id}/history?after=9999999999999999999`)).status).toBe(422)
  })
})
