/**
 * Issue 22 over HTTP against the running server and real PostgreSQL: the same fix saved twice is a
 * 409 naming the first (also under a real race), a fix made by hand takes the desk's identical
 * suggestion, "fix every occurrence" makes one group of fixes in one transaction, and a reviewer
 * decides on the group — each fix its own four-eyes review, all or none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, unique } from '@/lib/testing/api-client'
import { createUser } from '@/lib/db/users'
import { db, disconnectDb } from '@/lib/db/client'

// An emoji first: offsets are code points, not UTF-16 units. "Spain" and "Paine" are other words.
const BODY = '🚀 Vincent Pain spoke in Spain. Paine was not there. "Pain\'s office agreed," said Pain. Later, Pang left.'
const cp = (needle: string, from = 0) => {
  const i = BODY.indexOf(needle, from)
  return { start: [...BODY.slice(0, i)].length, end: [...BODY.slice(0, i)].length + [...needle].length, exact: needle }
}
// For the desk's own name suggestion "Pain" → "Pang" (one direction, from the majority with no
// source): "Pang" twice, and one "Pain" where BODY's first one is.
const PANG_MAJORITY = '🚀 Vincent Pain spoke in Spain. Later, Pang left, said Pang.'
const PAINS = [cp('Pain'), cp('Pain', BODY.indexOf('"Pain')), cp('Pain', BODY.indexOf('said Pain'))]

let editor: ApiClient
let editor2: ApiClient
let reviewer: ApiClient
let reviewer2: ApiClient
beforeAll(async () => {
  const make = async (role: 'editor' | 'reviewer', name: string) => {
    const { user } = await createUser({ email: `${unique(role)}@same-fix.test`, name, role, password: 'same-fix-password-1' })
    return ApiClient.as(user.email, 'same-fix-password-1')
  }
  ;[editor, editor2, reviewer, reviewer2] = await Promise.all([make('editor', 'Ann Editor'), make('editor', 'Bo Editor'), make('reviewer', 'Cy Reviewer'), make('reviewer', 'Di Reviewer')])
}, 60_000)
afterAll(disconnectDb)

async function article(body = BODY): Promise<string> {
  const res = await editor.post('/api/articles', { title: unique('Same fix'), body })
  expect(res.status).toBe(201)
  return res.body.id
}
const fix = (at: { start: number; end: number; exact: string }, correction = 'Pang') => ({ kind: 'error', ...at, correction, category: 'name' })
const liveFixes = (articleId: string) => db().annotation.findMany({ where: { articleId, kind: 'error', deletedAt: null }, orderBy: { start: 'asc' } })

describe('the same fix saved twice', () => {
  it('editing a fix, or re-attaching one, into a copy of another live fix is a 409 naming it, and changes nothing', async () => {
    const body = 'Vincent Pain spoke on Friday. Later, Payn left.'
    const id = await article(body)
    const at = (needle: string) => ({ start: body.indexOf(needle), end: body.indexOf(needle) + needle.length, exact: needle })
    const first = (await editor.post(`/api/articles/${id}/annotations`, fix(at('Pain')))).body
    // Another correction on the same words is another fix; edited into the first one's, it is a copy.
    const other = (await editor2.post(`/api/articles/${id}/annotations`, fix(at('Pain'), 'Paine'))).body
    const edit = await editor2.patch(`/api/annotations/${other.id}`, { version: other.version, correction: 'Pang' })
    expect(edit.status).toBe(409)
    expect(edit.body.error.details.sameFix).toMatchObject({ id: first.id, exact: 'Pain', correction: 'Pang' })
    expect(edit.body.error.message).toContain('"Pain" → "Pang"')
    expect((await db().annotation.findUniqueOrThrow({ where: { id: other.id } })).correction).toBe('Paine')

    // A fix that lost its place ("Payn" gone from the text), re-attached onto the first fix's words.
    const lost = (await editor2.post(`/api/articles/${id}/annotations`, fix(at('Payn')))).body
    expect((await editor.put(`/api/articles/${id}/body`, { body: 'Vincent Pain spoke on Friday. Later, he left.', baseRevision: 1 })).status).toBe(200)
    const orphan = await db().annotation.findUniqueOrThrow({ where: { id: lost.id } })
    expect(orphan.orphaned).toBe(true)
    const reattach = await editor2.post(`/api/annotations/${lost.id}/reattach`, { ...at('Pain'), version: orphan.version })
    expect(reattach.status).toBe(409)
    expect(reattach.body.error.details.sameFix).toMatchObject({ id: first.id })
    expect(await db().annotation.findUniqueOrThrow({ where: { id: lost.id } })).toMatchObject({ orphaned: true, exact: 'Payn', version: orphan.version })
  })

  it('two tabs saving the same fix at the same moment, 10 times: one 201 and one 409 naming the first, one fix stored', async () => {
    for (let round = 0; round < 10; round++) {
      const id = await article()
      const tabs = [editor, round % 2 ? editor : editor2]
      const results = await Promise.all(tabs.map((t) => t.post(`/api/articles/${id}/annotations`, fix(PAINS[0]))))
      expect(results.map((r) => r.status).sort()).toEqual([201, 409])
      const stored = await liveFixes(id)
      expect(stored).toHaveLength(1)
      const refused = results.find((r) => r.status === 409)!.body.error
      expect(refused.code).toBe('conflict')
      expect(refused.details.sameFix).toMatchObject({ id: stored[0].id, exact: 'Pain', correction: 'Pang', status: 'open', start: PAINS[0].start, end: PAINS[0].end })
      // Words a person reads, not a raw id.
      expect(refused.message).toContain('"Pain" → "Pang"')
      expect(refused.message).toMatch(/proposed by (Ann|Bo) Editor, waiting for review/)
      expect(refused.message).not.toContain(stored[0].id)
    }
  }, 120_000)

  it('another correction of the same words, or the same correction elsewhere, is not a duplicate; a deleted or rejected one does not block', async () => {
    const id = await article()
    const first = await editor.post(`/api/articles/${id}/annotations`, fix(PAINS[0]))
    expect(first.status).toBe(201)
    expect((await editor.post(`/api/articles/${id}/annotations`, fix(PAINS[0], 'Pan'))).status).toBe(201)
    expect((await editor.post(`/api/articles/${id}/annotations`, fix(PAINS[1]))).status).toBe(201)
    expect((await editor.post(`/api/articles/${id}/annotations`, { kind: 'claim', ...PAINS[0] })).status).toBe(201)
    expect((await reviewer.post(`/api/annotations/${first.body.id}/review`, { decision: 'reject' })).status).toBe(200)
    expect((await editor2.post(`/api/articles/${id}/annotations`, fix(PAINS[0]))).status).toBe(201)
  })

  it('an approved fix blocks the same fix too; an edit or a re-attach that would copy another live fix is a 409', async () => {
    const id = await article()
    const a = (await editor.post(`/api/articles/${id}/annotations`, fix(PAINS[0]))).body
    expect((await reviewer.post(`/api/annotations/${a.id}/review`, { decision: 'approve' })).status).toBe(200)
    const again = await editor2.post(`/api/articles/${id}/annotations`, fix(PAINS[0]))
    expect(again.status).toBe(409)
    expect(again.body.error.message).toContain('already approved')
    const b = (await editor.post(`/api/articles/${id}/annotations`, fix(PAINS[0], 'Pan'))).body
    const edit = await editor.patch(`/api/annotations/${b.id}`, { version: b.version, correction: 'Pang' })
    expect(edit.status).toBe(409)
    expect(edit.body.error.details.sameFix.id).toBe(a.id)
    expect((await db().annotation.findUniqueOrThrow({ where: { id: b.id } })).correction).toBe('Pan')
  })
})

describe('a fix made by hand beside the desk’s identical suggestion', () => {
  it('takes the suggestion (audited, listed as taken); accepting it afterwards is refused', async () => {
    const id = await article(PANG_MAJORITY)
    const before = (await editor.get(`/api/articles/${id}/suggestions`)).body
    const sug = before.suggestions.find((s: any) => s.check === 'name' && s.exact === 'Pain' && s.correction === 'Pang' && s.start === PAINS[0].start)
    expect(sug).toBeTruthy()
    const made = await editor.post(`/api/articles/${id}/annotations`, fix(PAINS[0]))
    expect(made.status).toBe(201)
    const after = (await editor.get(`/api/articles/${id}/suggestions`)).body
    expect(after.suggestions.map((s: any) => s.id)).not.toContain(sug.id)
    expect(after.taken).toEqual(expect.arrayContaining([expect.objectContaining({ id: sug.id, status: 'accepted', takenBy: made.body.id })]))
    const row = await db().suggestion.findUniqueOrThrow({ where: { id: sug.id } })
    expect(row).toMatchObject({ status: 'accepted', annotationId: made.body.id })
    const audit = await db().auditEvent.findFirst({ where: { entityType: 'Suggestion', entityId: sug.id, action: 'suggestion.accept' } })
    expect(audit?.after).toMatchObject({ annotationId: made.body.id, byHand: true })
    const history = (await editor.get(`/api/articles/${id}/history`)).body.events.map((e: any) => e.description)
    expect(history.some((d: string) => d.includes('the same fix was made by hand'))).toBe(true)
    expect((await editor2.post(`/api/suggestions/${sug.id}/accept`, {})).status).toBe(409)
    expect(await liveFixes(id)).toHaveLength(1)
  })

  it('the suggestion accepted first: the same fix by hand is a 409 naming the accepted one', async () => {
    const id = await article(PANG_MAJORITY)
    const sug = (await editor.get(`/api/articles/${id}/suggestions`)).body.suggestions.find((s: any) => s.exact === 'Pain' && s.correction === 'Pang')
    const accepted = await editor2.post(`/api/suggestions/${sug.id}/accept`, {})
    expect(accepted.status).toBe(201)
    const hand = await editor.post(`/api/articles/${id}/annotations`, fix(PAINS[0]))
    expect(hand.status).toBe(409)
    expect(hand.body.error.details.sameFix).toMatchObject({ id: accepted.body.id, createdByName: 'Bo Editor' })
  })

  it('a fix made before the checks ran: its suggestion is listed as taken, and accepting it is a 409 naming the fix (the suggestion settled)', async () => {
    const id = await article(PANG_MAJORITY)
    const made = (await editor.post(`/api/articles/${id}/annotations`, fix(PAINS[0]))).body
    const list = (await editor.get(`/api/articles/${id}/suggestions`)).body
    expect(list.suggestions.find((s: any) => s.exact === 'Pain' && s.correction === 'Pang' && s.start === PAINS[0].start)).toBeUndefined()
    const taken = list.taken.find((s: any) => s.takenBy === made.id)
    expect(taken).toMatchObject({ status: 'open', exact: 'Pain', correction: 'Pang' })
    const res = await editor2.post(`/api/suggestions/${taken.id}/accept`, {})
    expect(res.status).toBe(409)
    expect(res.body.error.details.sameFix.id).toBe(made.id)
    expect(await db().suggestion.findUniqueOrThrow({ where: { id: taken.id } })).toMatchObject({ status: 'accepted', annotationId: made.id })
    expect(await liveFixes(id)).toHaveLength(1)
  })

  it('undoing a suggestion the same fix settled never deletes that fix: it is its author’s', async () => {
    const id = await article(PANG_MAJORITY)
    const made = (await editor.post(`/api/articles/${id}/annotations`, fix(PAINS[0]))).body
    const taken = (await editor.get(`/api/articles/${id}/suggestions`)).body.taken.find((s: any) => s.takenBy === made.id)
    // Bo accepts it too: a 409 that settles the suggestion to Ann's fix, with Bo's decision.
    expect((await editor2.post(`/api/suggestions/${taken.id}/accept`, {})).status).toBe(409)
    const undo = await editor2.post(`/api/suggestions/${taken.id}/undo`)
    expect(undo.status).toBe(409)
    expect(undo.body.error.message).toContain('settled by the same fix already on the desk')
    expect((await liveFixes(id)).map((f) => f.id)).toEqual([made.id])
  })

  it('undoing an acceptance is refused once the fix was copied to the other occurrences (the copies were built on it)', async () => {
    // "Pang" the majority; "Pain" twice, one of them suggested (the name check leaves a sentence's first word alone).
    const id = await article('🚀 Vincent Pang spoke in Spain. Later, Pain left, said Pang. Pain slept; Pang agreed.')
    const sug = (await editor.get(`/api/articles/${id}/suggestions`)).body.suggestions.find((s: any) => s.check === 'name' && s.exact === 'Pain')
    const accepted = (await editor.post(`/api/suggestions/${sug.id}/accept`, {})).body
    expect((await editor.post(`/api/annotations/${accepted.id}/occurrences`, {})).status).toBe(201)
    const undo = await editor.post(`/api/suggestions/${sug.id}/undo`)
    expect(undo.status).toBe(409)
    expect(undo.body.error.message).toContain('other occurrence')
    expect((await liveFixes(id)).every((f) => f.groupId)).toBe(true)
  })

  it('hand-made fix and acceptance of the identical suggestion at the same moment, 10 times: one fix, the suggestion accepted once', async () => {
    for (let round = 0; round < 10; round++) {
      const id = await article(PANG_MAJORITY)
      const sug = (await editor.get(`/api/articles/${id}/suggestions`)).body.suggestions.find((s: any) => s.exact === 'Pain' && s.correction === 'Pang')
      const results = await Promise.all([editor.post(`/api/articles/${id}/annotations`, fix(PAINS[0])), editor2.post(`/api/suggestions/${sug.id}/accept`, {})])
      expect(results.map((r) => r.status).sort()).toEqual([201, 409])
      const stored = await liveFixes(id)
      expect(stored).toHaveLength(1)
      expect(await db().suggestion.findUniqueOrThrow({ where: { id: sug.id } })).toMatchObject({ status: 'accepted', annotationId: stored[0].id })
    }
  }, 120_000)
})

describe('fix every occurrence', () => {
  it('makes each other whole-word occurrence its own open fix, in one group with the first, each audited', async () => {
    const id = await article()
    const first = (await editor.post(`/api/articles/${id}/annotations`, { ...fix(PAINS[0]), note: 'Pang throughout (wire).' })).body
    const res = await editor.post(`/api/annotations/${first.id}/occurrences`, { revision: 1, occurrences: PAINS.slice(1).map(({ start, end }) => ({ start, end })) })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.created.map((c: any) => [c.start, c.end, c.exact, c.correction, c.category, c.status, c.groupId])).toEqual(
      PAINS.slice(1).map((p) => [p.start, p.end, 'Pain', 'Pang', 'name', 'open', res.body.groupId]),
    )
    expect(res.body.fix).toMatchObject({ id: first.id, groupId: res.body.groupId, version: first.version })
    const stored = await liveFixes(id)
    expect(stored.map((s) => s.groupId)).toEqual([res.body.groupId, res.body.groupId, res.body.groupId])
    expect(stored.map((s) => s.note)).toEqual(Array(3).fill('Pang throughout (wire).'))
    for (const c of res.body.created) {
      expect(await db().auditEvent.count({ where: { entityType: 'Annotation', entityId: c.id, action: 'annotation.create' } })).toBe(1)
      expect(await db().annotationAnchor.count({ where: { annotationId: c.id } })).toBe(1)
    }
    // Nothing left to fix: the places already carry the fix.
    const again = await editor.post(`/api/annotations/${first.id}/occurrences`, {})
    expect(again.status).toBe(201)
    expect(again.body.created).toEqual([])
    expect(again.body.alreadyFixed.map((f: any) => f.start)).toEqual(PAINS.slice(1).map((p) => p.start))
  })

  it('copies count the fix’s author as theirs too: a reviewer who wrote the fix cannot review an admin’s copies of it', async () => {
    const id = await article()
    const admin = await ApiClient.as('admin@galley.test')
    const first = (await reviewer.post(`/api/articles/${id}/annotations`, fix(PAINS[0]))).body
    const res = await admin.post(`/api/annotations/${first.id}/occurrences`, {})
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const copy = res.body.created[0]
    expect((await db().annotation.findUniqueOrThrow({ where: { id: copy.id } })).contributorIds).toContain(first.createdBy)
    const own = await reviewer.post(`/api/annotations/${copy.id}/review`, { decision: 'approve', version: copy.version })
    expect(own.status).toBe(403)
    const group = await reviewer.post(`/api/fix-groups/${res.body.groupId}/review`, { decision: 'approve', fixes: [first, ...res.body.created].map((f: any) => ({ id: f.id, version: f.version })) })
    expect(group.status).toBe(403)
    expect((await liveFixes(id)).map((f) => f.status)).toEqual(['open', 'open', 'open'])
  })

  it('a group never grows past what one decision takes, and nothing made names no group', async () => {
    const id = await article()
    const first = (await editor.post(`/api/articles/${id}/annotations`, fix(PAINS[0]))).body
    // Only "Pain" twice more here; the limit itself is lib/text/occurrences MAX_GROUP, and a request
    // naming nothing new makes nothing and gives no group id.
    const none = await editor.post(`/api/annotations/${first.id}/occurrences`, { occurrences: [] })
    expect(none.status, JSON.stringify(none.body)).toBe(201)
    expect(none.body).toMatchObject({ groupId: null, created: [] })
    expect((await db().annotation.findUniqueOrThrow({ where: { id: first.id } })).groupId).toBeNull()
  })

  it('is all or none: a place that is not an occurrence, or a stale revision, makes nothing', async () => {
    const id = await article()
    const first = (await editor.post(`/api/articles/${id}/annotations`, fix(PAINS[0]))).body
    const spain = cp('Spain')
    const stray = await editor.post(`/api/annotations/${first.id}/occurrences`, { occurrences: [{ start: PAINS[1].start, end: PAINS[1].end }, { start: spain.start + 1, end: spain.end }] })
    expect(stray.status).toBe(409)
    expect(stray.body.error.message).toContain('is not another whole-word occurrence of "Pain"')
    expect((await editor.post(`/api/annotations/${first.id}/occurrences`, { revision: 2 })).status).toBe(409)
    expect((await editor.post(`/api/annotations/${first.id}/occurrences`, { occurrences: [{ start: 3, end: 2 }] })).status).toBe(422)
    expect(await liveFixes(id)).toHaveLength(1)
    expect((await db().annotation.findUniqueOrThrow({ where: { id: first.id } })).groupId).toBeNull()
  })

  it('racing a hand-made fix on one of the places, 10 times: never two fixes on one place', async () => {
    for (let round = 0; round < 10; round++) {
      const id = await article()
      const first = (await editor.post(`/api/articles/${id}/annotations`, fix(PAINS[0]))).body
      const [all, hand] = await Promise.all([editor.post(`/api/annotations/${first.id}/occurrences`, {}), editor2.post(`/api/articles/${id}/annotations`, fix(PAINS[2]))])
      expect(all.status).toBe(201)
      const stored = await liveFixes(id)
      expect(stored.map((s) => s.start)).toEqual(PAINS.map((p) => p.start))
      if (hand.status === 201) expect(all.body.alreadyFixed.map((f: any) => f.id)).toEqual([hand.body.id])
      else expect(hand.body.error.details.sameFix.id).toBe(all.body.created[1].id)
    }
  }, 120_000)

  it('only by the fix’s author (or an admin), only for a fix, and not for anonymous callers', async () => {
    const id = await article()
    const first = (await editor.post(`/api/articles/${id}/annotations`, fix(PAINS[0]))).body
    const other = await editor2.post(`/api/annotations/${first.id}/occurrences`, {})
    expect(other.status).toBe(403)
    expect(other.body.error.message).toContain('Ann Editor')
    expect((await new ApiClient().post(`/api/annotations/${first.id}/occurrences`, {})).status).toBe(401)
    const claim = (await editor.post(`/api/articles/${id}/annotations`, { kind: 'claim', ...PAINS[1] })).body
    expect((await editor.post(`/api/annotations/${claim.id}/occurrences`, {})).status).toBe(422)
    const admin = await ApiClient.as('admin@galley.test')
    expect((await admin.post(`/api/annotations/${first.id}/occurrences`, {})).status).toBe(201)
    expect(await liveFixes(id)).toHaveLength(3)
  })
})

describe('a reviewer deciding on a group', () => {
  async function group() {
    const id = await article()
    const first = (await editor.post(`/api/articles/${id}/annotations`, fix(PAINS[0]))).body
    const res = (await editor.post(`/api/annotations/${first.id}/occurrences`, {})).body
    const fixes = [res.fix, ...res.created].map((f: any) => ({ id: f.id, version: f.version }))
    return { id, groupId: res.groupId as string, fixes }
  }

  it('approves every fix, each its own review and audit event; the author and editors cannot', async () => {
    const g = await group()
    expect((await editor.post(`/api/fix-groups/${g.groupId}/review`, { decision: 'approve', fixes: g.fixes })).status).toBe(403)
    const res = await reviewer.post(`/api/fix-groups/${g.groupId}/review`, { decision: 'approve', comment: 'Pang per the wire', fixes: g.fixes })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.decided.map((d: any) => d.status)).toEqual(['approved', 'approved', 'approved'])
    for (const f of g.fixes) {
      const reviews = await db().review.findMany({ where: { annotationId: f.id } })
      expect(reviews.map((r) => [r.decision, r.comment])).toEqual([['approve', 'Pang per the wire']])
      const audit = await db().auditEvent.findFirst({ where: { entityType: 'Annotation', entityId: f.id, action: 'fix.approve' } })
      expect(audit?.after).toMatchObject({ groupId: g.groupId, status: 'approved' })
    }
    // Decided: the group cannot be decided again.
    expect((await reviewer2.post(`/api/fix-groups/${g.groupId}/review`, { decision: 'reject', fixes: g.fixes })).status).toBe(409)
  })

  it('a reviewer who wrote one of the fixes is refused for the whole group, and nothing is decided', async () => {
    const id = await article()
    const first = (await reviewer.post(`/api/articles/${id}/annotations`, fix(PAINS[0]))).body
    const res = (await reviewer.post(`/api/annotations/${first.id}/occurrences`, {})).body
    const fixes = [res.fix, ...res.created].map((f: any) => ({ id: f.id, version: f.version }))
    const own = await reviewer.post(`/api/fix-groups/${res.groupId}/review`, { decision: 'approve', fixes })
    expect(own.status).toBe(403)
    expect(own.body.error.message).toContain('another reviewer must decide')
    expect(await db().annotation.count({ where: { groupId: res.groupId, status: 'open' } })).toBe(3)
    expect(await db().review.count({ where: { annotationId: { in: fixes.map((f) => f.id) } } })).toBe(0)
  })

  it('a fix changed since the reviewer read it, or one they have not seen, makes it a 409 and decides nothing', async () => {
    const g = await group()
    const unseen = await reviewer.post(`/api/fix-groups/${g.groupId}/review`, { decision: 'approve', fixes: g.fixes.slice(0, 2) })
    expect(unseen.status).toBe(409)
    expect(unseen.body.error.message).toContain('1 more open fix than you saw')
    const [, second] = g.fixes
    expect((await editor.patch(`/api/annotations/${second.id}`, { version: second.version, note: 'changed' })).status).toBe(200)
    const stale = await reviewer.post(`/api/fix-groups/${g.groupId}/review`, { decision: 'approve', fixes: g.fixes })
    expect(stale.status).toBe(409)
    expect(await db().annotation.count({ where: { groupId: g.groupId, status: 'open' } })).toBe(3)
    expect((await reviewer.post(`/api/fix-groups/${g.groupId}/review`, { decision: 'approve', fixes: [g.fixes[0], { id: g.fixes[1].id, version: 1 }, { id: unique('x').padEnd(36, '0'), version: 1 }] })).status).toBe(422)
    expect((await reviewer.post('/api/fix-groups/00000000-0000-4000-8000-000000000000/review', { decision: 'approve', fixes: g.fixes })).status).toBe(404)
  })
})
