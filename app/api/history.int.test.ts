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
      'Demo Reviewer: fix.approve: approved a fix: Per company bio',
      'Demo Editor: article.revise: saved revision 2 (approved fixes published); annotations: 0 moved, 0 found again, 0 need re-anchoring',
      'Demo Editor: article.publish: published 1 approved fix(es) as revision 2',
    ])
    for (const e of res.body.events) expect(Object.keys(e)).toEqual(expect.arrayContaining(['at', 'actor', 'action']))
    expect((await new ApiClient().get(`/api/articles/${article.id}/history`)).status).toBe(401)
    expect((await editor.get('/api/articles/00000000-0000-0000-0000-000000000000/history')).status).toBe(404)
  })
})
