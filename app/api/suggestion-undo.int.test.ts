/**
 * Taking a decision on a suggestion back, over HTTP against real PostgreSQL: undo (by whoever
 * decided, or an admin) of a dismissal and of an acceptance, refused with 409 once someone built on
 * the fix the acceptance made (reviewed, edited, commented, moved by a revision); the dismissed
 * list and restore; each decision and each undo an audit event of its own, in the article's history
 * and its live log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, unique } from '@/lib/testing/api-client'
import { db, disconnectDb } from '@/lib/db/client'

// Written for these tests: a scraped share bar, a spinner phrase, a doubled word and a name spelled two ways.
const BODY =
  'HARBOURTON (Desk) – The Harbourton ferry board on Thursday agreed to buy two electric boats and also a charging pier, its chair Lena Moreau said.\n\n' +
  'The boats will carry 120 passengers each, each, Moreau said, and should sail from 2027.\n\n' +
  'Board member Ivo Petrakis voted against it; Petrakos said the pier alone would cost more than the boats.\n\nShare this:\nAdvertisement'

let editor: ApiClient
let reviewer: ApiClient
let admin: ApiClient
afterAll(disconnectDb)
beforeAll(async () => {
  editor = await ApiClient.as('editor@galley.test')
  reviewer = await ApiClient.as('reviewer@galley.test')
  admin = await ApiClient.as('admin@galley.test')
})

async function article() {
  const res = await editor.post('/api/articles', { title: unique('Undo'), body: BODY })
  expect(res.status).toBe(201)
  return res.body as { id: string }
}
async function open(id: string, who = editor) {
  const res = await who.get(`/api/articles/${id}/suggestions`)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.suggestions as any[]
}
async function dismissed(id: string, who = editor) {
  const res = await who.get(`/api/articles/${id}/suggestions?status=dismissed`)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.suggestions as any[]
}
const audit = async (entityId: string) => (await db().auditEvent.findMany({ where: { entityId }, orderBy: { id: 'asc' }, select: { action: true, actorId: true, before: true, after: true } }))
const history = async (id: string) => (await editor.get(`/api/articles/${id}/history`)).body.events.map((e: any) => `${e.action}: ${e.description}`) as string[]

describe('undo a dismissal', () => {
  it('reopens it for whoever dismissed it; audited as its own event, in the history and the live log', async () => {
    const a = await article()
    const s = (await open(a.id)).find((x) => x.check === 'residue')
    expect((await editor.post(`/api/suggestions/${s.id}/dismiss`)).status).toBe(204)
    expect((await open(a.id)).map((x) => x.id)).not.toContain(s.id)
    const res = await editor.post(`/api/suggestions/${s.id}/undo`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.suggestion).toMatchObject({ id: s.id, status: 'open', exact: s.exact, correction: s.correction })
    expect((await open(a.id)).map((x) => x.id)).toContain(s.id)
    const row = await db().suggestion.findUniqueOrThrow({ where: { id: s.id } })
    expect(row).toMatchObject({ status: 'open', decidedById: null, decidedAt: null })
    expect(row.reopenedAt).toBeInstanceOf(Date)
    const events = await audit(s.id)
    expect(events.map((e) => e.action)).toEqual(['suggestion.dismiss', 'suggestion.undo'])
    expect(events[1].after).toMatchObject({ status: 'open', undone: 'dismissed', deletedAnnotationId: null })
    // The article's history keeps both, though the suggestion is open again.
    const h = await history(a.id)
    expect(h.some((x) => x.startsWith('suggestion.dismiss: dismissed a residue suggestion on'))).toBe(true)
    expect(h.some((x) => x.startsWith('suggestion.undo: undid dismissing a residue suggestion on'))).toBe(true)
    // In the article's live log like the decision it takes back (pages hear "reopened").
    const live = await db().$queryRaw<Array<{ action: string }>>`
      SELECT e.action FROM "LiveEvent" l JOIN "AuditEvent" e ON e.id = l."auditId" WHERE l."articleId" = ${a.id}::uuid AND e."entityId" = ${s.id} ORDER BY l.seq`
    expect(live.map((x) => x.action)).toEqual(['suggestion.dismiss', 'suggestion.undo'])
  })

  it('is refused to someone else (403: restore is theirs), allowed to an admin, and refused when nothing is decided (409)', async () => {
    const a = await article()
    const s = (await open(a.id)).find((x) => x.check === 'spinner')
    expect((await editor.post(`/api/suggestions/${s.id}/undo`)).status).toBe(409) // open: nothing to undo
    expect((await editor.post(`/api/suggestions/${s.id}/dismiss`)).status).toBe(204)
    const other = await reviewer.post(`/api/suggestions/${s.id}/undo`)
    expect(other.status).toBe(403)
    expect(other.body.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('restore') })
    expect((await admin.post(`/api/suggestions/${s.id}/undo`)).status).toBe(200)
    expect((await editor.post(`/api/suggestions/${s.id}/undo`)).status).toBe(409) // already undone
    expect((await editor.post('/api/suggestions/00000000-0000-4000-8000-000000000000/undo')).status).toBe(404)
    expect((await editor.post('/api/suggestions/nope/undo')).status).toBe(404)
    expect((await new ApiClient().post(`/api/suggestions/${s.id}/undo`)).status).toBe(401)
  })
})

describe('undo an acceptance', () => {
  it('deletes the fix it became and reopens the suggestion; both audited', async () => {
    const a = await article()
    const s = (await open(a.id)).find((x) => x.check === 'spinner' && x.exact === 'and also')
    const fix = await editor.post(`/api/suggestions/${s.id}/accept`)
    expect(fix.status).toBe(201)
    const res = await editor.post(`/api/suggestions/${s.id}/undo`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.suggestion).toMatchObject({ id: s.id, status: 'open' })
    const ann = await db().annotation.findUniqueOrThrow({ where: { id: fix.body.id } })
    expect(ann.deletedAt).toBeInstanceOf(Date)
    expect((await editor.get(`/api/articles/${a.id}/annotations`)).body.annotations.map((x: any) => x.id)).not.toContain(fix.body.id)
    expect((await db().suggestion.findUniqueOrThrow({ where: { id: s.id } })).annotationId).toBeNull()
    expect((await audit(s.id)).map((e) => e.action)).toEqual(['suggestion.accept', 'suggestion.undo'])
    expect((await audit(fix.body.id)).map((e) => e.action)).toEqual(['annotation.create', 'annotation.delete'])
    const h = await history(a.id)
    expect(h.find((x) => x.startsWith('suggestion.undo'))).toBe('suggestion.undo: undid accepting a spinner suggestion on “and also” (the fix it became is deleted)')
    // It can be decided again.
    expect((await editor.post(`/api/suggestions/${s.id}/accept`)).status).toBe(201)
  })

  it('is refused with 409 once someone built on the fix: reviewed, edited, commented, or moved by a revision', async () => {
    const cases: Array<[string, (fixId: string, articleId: string) => Promise<void>, RegExp]> = [
      ['reviewed', async (id) => void expect((await reviewer.post(`/api/annotations/${id}/review`, { decision: 'approve' })).status).toBe(200), /approved since/],
      ['edited', async (id) => void expect((await editor.patch(`/api/annotations/${id}`, { version: 1, note: 'checked with the desk' })).status).toBe(200), /edited since/],
      ['commented', async (id) => void expect((await reviewer.post(`/api/annotations/${id}/comments`, { body: 'Source for this?' })).status).toBe(201), /has comments/],
      [
        'moved',
        async (_id, articleId) => void expect((await editor.put(`/api/articles/${articleId}/body`, { body: `Updated. ${BODY}`, baseRevision: 1 })).status).toBe(200),
        /text changed since/,
      ],
    ]
    for (const [what, build, message] of cases) {
      const a = await article()
      const s = (await open(a.id)).find((x) => x.check === 'spinner' && x.exact === 'and also')
      const fix = (await editor.post(`/api/suggestions/${s.id}/accept`)).body
      await build(fix.id, a.id)
      const res = await editor.post(`/api/suggestions/${s.id}/undo`)
      expect(res.status, what).toBe(409)
      expect(res.body.error.code, what).toBe('conflict')
      expect(res.body.error.message, what).toMatch(message)
      expect((await db().annotation.findUniqueOrThrow({ where: { id: fix.id } })).deletedAt, what).toBeNull()
      expect((await db().suggestion.findUniqueOrThrow({ where: { id: s.id } })).status, what).toBe('accepted')
      expect((await audit(s.id)).map((e) => e.action), what).toEqual(['suggestion.accept'])
    }
  })

  it('an undo racing a review: exactly one wins, and the fix is either deleted unreviewed or reviewed and kept', async () => {
    const a = await article()
    const s = (await open(a.id)).find((x) => x.check === 'spinner' && x.exact === 'and also')
    const fix = (await editor.post(`/api/suggestions/${s.id}/accept`)).body
    const [undo, review] = await Promise.all([editor.post(`/api/suggestions/${s.id}/undo`), reviewer.post(`/api/annotations/${fix.id}/review`, { decision: 'approve' })])
    const ann = await db().annotation.findUniqueOrThrow({ where: { id: fix.id } })
    const reviews = await db().review.count({ where: { annotationId: fix.id } })
    if (undo.status === 200) {
      expect(review.status).not.toBe(200)
      expect(ann.deletedAt).not.toBeNull()
      expect(reviews).toBe(0)
    } else {
      expect(undo.status).toBe(409)
      expect(review.status).toBe(200)
      expect(ann.deletedAt).toBeNull()
      expect(reviews).toBe(1)
    }
  })
})

describe('dismissed suggestions', () => {
  it('are listed with who dismissed them, restored by anyone who may write (audited), and leave the list', async () => {
    const a = await article()
    const s = (await open(a.id)).find((x) => x.check === 'repeated-word')
    expect(await dismissed(a.id)).toEqual([])
    expect((await editor.post(`/api/suggestions/${s.id}/dismiss`)).status).toBe(204)
    const list = await dismissed(a.id, reviewer)
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ id: s.id, status: 'dismissed', exact: s.exact, decidedBy: { name: 'Demo Editor' }, decidedAt: expect.any(String) })
    // Someone else restores it (restore is not undo: anyone who may dismiss may bring one back).
    const res = await reviewer.post(`/api/suggestions/${s.id}/restore`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.suggestion).toMatchObject({ id: s.id, status: 'open' })
    expect(await dismissed(a.id)).toEqual([])
    expect((await open(a.id)).map((x) => x.id)).toContain(s.id)
    expect((await editor.post(`/api/suggestions/${s.id}/restore`)).status).toBe(409) // open, not dismissed
    const events = await audit(s.id)
    expect(events.map((e) => e.action)).toEqual(['suggestion.dismiss', 'suggestion.restore'])
    expect((await history(a.id)).some((h) => h.startsWith('suggestion.restore: restored a dismissed repeated-word suggestion'))).toBe(true)
  })

  it('restore refuses an accepted suggestion, one the text no longer has, bad status filters, and readers without rights', async () => {
    const a = await article()
    const list = await open(a.id)
    const accepted = list.find((x) => x.check === 'spinner')
    expect((await editor.post(`/api/suggestions/${accepted.id}/accept`)).status).toBe(201)
    expect((await editor.post(`/api/suggestions/${accepted.id}/restore`)).status).toBe(409)
    const residue = list.find((x) => x.check === 'residue')
    expect((await editor.post(`/api/suggestions/${residue.id}/dismiss`)).status).toBe(204)
    // The share bar goes from the text: the dismissal is no longer listed, and cannot be restored.
    expect((await editor.put(`/api/articles/${a.id}/body`, { body: BODY.replace('\n\nShare this:\nAdvertisement', ''), baseRevision: 1 })).status).toBe(200)
    expect((await dismissed(a.id)).map((x) => x.id)).not.toContain(residue.id)
    const gone = await editor.post(`/api/suggestions/${residue.id}/restore`)
    expect(gone.status).toBe(409)
    expect(gone.body.error.message).toContain('no longer found')
    expect((await editor.post(`/api/suggestions/${residue.id}/undo`)).status).toBe(409)
    expect((await editor.get(`/api/articles/${a.id}/suggestions?status=accepted`)).status).toBe(422)
    expect((await new ApiClient().post(`/api/suggestions/${residue.id}/restore`)).status).toBe(401)
  })

  it('a reopened suggestion the text no longer has is kept (its history stays with the article)', async () => {
    const a = await article()
    const s = (await open(a.id)).find((x) => x.check === 'residue')
    expect((await editor.post(`/api/suggestions/${s.id}/dismiss`)).status).toBe(204)
    expect((await editor.post(`/api/suggestions/${s.id}/undo`)).status).toBe(200)
    expect((await editor.put(`/api/articles/${a.id}/body`, { body: BODY.replace('\n\nShare this:\nAdvertisement', ''), baseRevision: 1 })).status).toBe(200)
    expect((await open(a.id)).map((x) => x.id)).not.toContain(s.id)
    expect(await db().suggestion.findUnique({ where: { id: s.id } })).toMatchObject({ current: false, status: 'open' })
    const h = await history(a.id)
    expect(h.filter((x) => x.startsWith('suggestion.')).map((x) => x.split(':')[0])).toEqual(['suggestion.dismiss', 'suggestion.undo'])
  })
})
