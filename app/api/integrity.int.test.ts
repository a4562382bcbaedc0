/**
 * Integrity: a correction reaches readers only if a reviewer approved exactly those words. Tried
 * over HTTP against the running server and real PostgreSQL, as an attacker and as a careless
 * colleague would: wire updates under approved fixes, re-attaching and dismissing other people's
 * fixes, rewriting a fix and approving it oneself, restoring an earlier text, archived and deleted
 * articles, paging the review queue, and revision reasons.
 */
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, unique } from '@/lib/testing/api-client'
import { createUser } from '@/lib/db/users'
import { db, disconnectDb } from '@/lib/db/client'

const PASSWORD = 'integrity-password-1'
/** Code-point span of the nth occurrence of `needle` in `text`. */
function at(text: string, needle: string, nth = 0) {
  let i = -1
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1)
  if (i < 0) throw new Error(`${needle} not in text`)
  const start = [...text.slice(0, i)].length
  return { start, end: start + [...needle].length, exact: needle }
}

let editor: ApiClient
let editor2: ApiClient
let reviewer: ApiClient
let reviewer2: ApiClient
let admin: ApiClient
let editorId: string
let reviewer2Id: string
beforeAll(async () => {
  const make = async (role: 'editor' | 'reviewer' | 'admin') => {
    const { user } = await createUser({ email: `${unique(role)}@integrity.test`, name: `Integrity ${role}`, role, password: PASSWORD })
    return { user, client: await ApiClient.as(user.email, PASSWORD) }
  }
  const e = await make('editor')
  editor = e.client
  editorId = e.user.id
  editor2 = (await make('editor')).client
  reviewer = (await make('reviewer')).client
  const r2 = await make('reviewer')
  reviewer2 = r2.client
  reviewer2Id = r2.user.id
  admin = (await make('admin')).client
}, 60_000)
afterAll(disconnectDb)

async function article(body: string) {
  const res = await editor.post('/api/articles', { title: unique('Integrity'), body })
  expect(res.status).toBe(201)
  return res.body as { id: string; revision: number }
}
async function fix(articleId: string, body: string, needle: string, correction: string, category = 'fact', nth = 0, by = editor) {
  const res = await by.post(`/api/articles/${articleId}/annotations`, { kind: 'error', ...at(body, needle, nth), correction, category })
  expect(res.status).toBe(201)
  return res.body as { id: string; version: number }
}
async function approve(id: string, by = reviewer) {
  const res = await by.post(`/api/annotations/${id}/review`, { decision: 'approve' })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body
}
const annotation = async (articleId: string, id: string) => (await editor.get(`/api/articles/${articleId}/annotations`)).body.annotations.find((a: any) => a.id === id)
const exportText = async (articleId: string) => (await editor.get(`/api/articles/${articleId}/export?format=text`)).body as string
const exportJson = async (articleId: string) => (await editor.get(`/api/articles/${articleId}/export?format=json`)).body

describe('an approved fix does not outlive the words it was approved for', () => {
  const V1 = 'Sales grew 5 percent in the third quarter, the company said on Monday.\n\nAnalysts had expected less.'
  const V2 = 'Sales grew 6.4 percent in the third quarter, the company said on Monday.\n\nAnalysts had expected less.'

  it('"5 percent" → "6 percent" approved; a wire update says "6.4 percent": back to review, never published', async () => {
    const a = await article(V1)
    const f = await fix(a.id, V1, '5 percent', '6 percent')
    await approve(f.id)
    const revised = await editor.put(`/api/articles/${a.id}/body`, { body: V2, baseRevision: 1, reason: 'wire update re-imported' })
    expect(revised.status).toBe(200)
    expect(revised.body.reanchor.reviewAgain).toBe(1)

    const after = await annotation(a.id, f.id)
    expect(after).toMatchObject({ status: 'open', exact: '6.4 percent', correction: '6 percent', approvedExact: null, textChanged: { from: '5 percent', revision: 2, wasApproved: true } })
    expect(after.version).toBeGreaterThan(2)
    // Nothing approved is left: publishing refuses, and the export is the wire's text, untouched.
    const publish = await editor.post(`/api/articles/${a.id}/publish`, { baseRevision: 2 })
    expect([publish.status, publish.body.error.message]).toEqual([409, 'There are no approved fixes to publish.'])
    expect(await exportText(a.id)).toBe(V2)
    expect((await exportJson(a.id)).correctionsNote).toEqual([])

    // The queue shows it as changed, with the old and the new words.
    const queue = (await reviewer2.get(`/api/review-queue?article=${a.id}`)).body
    expect(queue.items.map((i: any) => [i.fix.id, i.fix.textChanged?.from, i.context.exact])).toEqual([[f.id, '5 percent', '6.4 percent']])
    // The history says what happened.
    const history = (await editor.get(`/api/articles/${a.id}/history`)).body.events
    expect(history.find((e: any) => e.action === 'fix.text_changed')?.description).toBe(
      'the words under a fix changed from “5 percent” to “6.4 percent” (the text changed in revision 2); it was approved and needs review again',
    )
    // A reviewer who reads the new words may decide again; the decision clears the flag.
    const rejected = await reviewer.post(`/api/annotations/${f.id}/review`, { decision: 'reject', version: after.version })
    expect(rejected.status).toBe(200)
    expect(rejected.body.textChanged).toBeNull()
  })

  it('an approved deletion of a doubled "the" does not land on the surviving "the" after the wire removed the doubling', async () => {
    const before = 'He said the the talks would resume in March, officials confirmed on Friday.'
    const after = 'He said the talks would resume in March, officials confirmed on Friday.'
    for (const nth of [0, 1]) {
      const a = await article(before)
      const f = await fix(a.id, before, 'the ', '', 'grammar', nth)
      await approve(f.id)
      expect((await editor.put(`/api/articles/${a.id}/body`, { body: after, baseRevision: 1 })).status).toBe(200)
      const now = await annotation(a.id, f.id)
      expect(now.status, `fix on the ${nth === 0 ? 'first' : 'second'} "the"`).toBe('open')
      const publish = await editor.post(`/api/articles/${a.id}/publish`)
      expect([publish.status, publish.body.error.message]).toEqual([409, 'There are no approved fixes to publish.'])
      expect(await exportText(a.id)).toBe(after)
    }
  })

  it('an open fix whose words changed says so in the queue; one on untouched words keeps its approval', async () => {
    const body = 'Vincent Pain spoke on Friday.\n\nThe ministry said 40 people attended the meeting in Paris.'
    const a = await article(body)
    const name = await fix(a.id, body, 'Pain', 'Pang', 'name')
    const count = await fix(a.id, body, '40 people', '400 people')
    await approve(name.id)
    const v2 = 'Vincent Pain spoke on Friday.\n\nThe ministry said 45 people attended the meeting in Paris.'
    const res = await editor.put(`/api/articles/${a.id}/body`, { body: v2, baseRevision: 1 })
    expect(res.body.reanchor.reviewAgain).toBe(1)
    expect(await annotation(a.id, name.id)).toMatchObject({ status: 'approved', textChanged: null })
    expect(await annotation(a.id, count.id)).toMatchObject({ status: 'open', exact: '45 people', textChanged: { from: '40 people', wasApproved: false } })
    expect((await editor.post(`/api/articles/${a.id}/publish`)).status).toBe(200)
    expect(await exportText(a.id)).toBe(v2.replace('Pain', 'Pang'))
  })

  it('a fix whose words the wire already corrected cannot be approved into a no-op correction', async () => {
    const body = 'Sales grew 5 percent in the third quarter.'
    const a = await article(body)
    const f = await fix(a.id, body, '5 percent', '6 percent')
    expect((await editor.put(`/api/articles/${a.id}/body`, { body: body.replace('5 percent', '6 percent'), baseRevision: 1 })).status).toBe(200)
    expect(await annotation(a.id, f.id)).toMatchObject({ status: 'open', exact: '6 percent', correction: '6 percent' })
    const res = await reviewer.post(`/api/annotations/${f.id}/review`, { decision: 'approve' })
    expect(res.status).toBe(409)
    expect(res.body.error.message).toContain('already reads')
  })
})

describe('whoever changed the words under a fix cannot approve it', () => {
  it('a reviewer who revised the text so that a fix now stands on other words may not review that fix', async () => {
    const body = 'Mayor Smith spoke on Friday.'
    const a = await article(body)
    const f = await fix(a.id, body, 'Smith', 'Smyth', 'name')
    expect((await reviewer2.put(`/api/articles/${a.id}/body`, { body: 'Mayor Smithson spoke on Friday.', baseRevision: 1 })).status).toBe(200)
    const now = await annotation(a.id, f.id)
    expect(now.status).toBe('open')
    expect(now.contributors).toContain(reviewer2Id)
    expect((await reviewer2.post(`/api/annotations/${f.id}/review`, { decision: 'approve', version: now.version })).status).toBe(403)
  })

  it('publishing never applies a fix that does not read as approved, and the send-back to review sticks', async () => {
    const body = 'Vincent Pain spoke on Friday.'
    const a = await article(body)
    const f = await fix(a.id, body, 'Pain', 'Pang', 'name')
    await approve(f.id)
    // Simulate a bug elsewhere (or a hand-made row): the approval no longer matches the fix.
    await db().annotation.update({ where: { id: f.id }, data: { approvedCorrection: 'Smith' } })
    const res = await editor.post(`/api/articles/${a.id}/publish`)
    expect([res.status, res.body.error.message]).toEqual([409, 'There are no approved fixes to publish: 1 no longer read as approved and are back in review.'])
    expect(await db().annotation.findUniqueOrThrow({ where: { id: f.id } })).toMatchObject({ status: 'open', approvedExact: null, textChangedWasApproved: true })
    expect(await exportText(a.id)).toBe(body)
  })
})

describe('re-attach and dismiss respect status and authorship', () => {
  const V1 = 'The council will reopen in March, a spokesman said.\n\nMayor Smith declined to comment.'
  const V2 = 'Mayor Smith declined to comment.\n\nThe museum will stay shut, according to a statement.'

  async function orphanedApprovedFix() {
    const a = await article(V1)
    const f = await fix(a.id, V1, 'reopen in March', 'reopen in April')
    await approve(f.id)
    expect((await editor.put(`/api/articles/${a.id}/body`, { body: V2, baseRevision: 1 })).status).toBe(200)
    const orphan = await annotation(a.id, f.id)
    expect(orphan).toMatchObject({ orphaned: true, status: 'approved' })
    return { a, f: orphan }
  }

  it('re-attaching someone’s approved fix onto other words makes it open again; the re-attacher cannot approve it', async () => {
    const { a, f } = await orphanedApprovedFix()
    const res = await reviewer2.post(`/api/annotations/${f.id}/reattach`, { ...at(V2, 'Smith'), version: f.version })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ orphaned: false, status: 'open', exact: 'Smith', approvedExact: null, textChanged: { from: 'reopen in March', wasApproved: true } })
    expect(res.body.contributors).toContain(reviewer2Id)
    // Publishing has nothing approved to apply: "reopen in Smith" never reaches readers.
    const publish = await editor.post(`/api/articles/${a.id}/publish`)
    expect([publish.status, publish.body.error.message]).toEqual([409, 'There are no approved fixes to publish.'])
    expect(await exportText(a.id)).toBe(V2)
    const own = await reviewer2.post(`/api/annotations/${f.id}/review`, { decision: 'approve' })
    expect(own.status).toBe(403)
    expect(own.body.error.message).toContain('changed this fix')
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: 'annotation.reattach', entityId: f.id } })
    expect(audit.before).toMatchObject({ exact: 'reopen in March', status: 'approved' })
    expect(audit.after).toMatchObject({ exact: 'Smith', status: 'open' })
  })

  it('a stale version refuses a re-attach', async () => {
    const { f } = await orphanedApprovedFix()
    const res = await editor2.post(`/api/annotations/${f.id}/reattach`, { ...at(V2, 'Smith'), version: f.version - 1 })
    expect(res.status).toBe(409)
  })

  it('only its author or an admin dismisses an approved fix, and the audit keeps what it was', async () => {
    const { f } = await orphanedApprovedFix()
    const stranger = await editor2.post(`/api/annotations/${f.id}/dismiss`, { version: f.version })
    expect(stranger.status).toBe(403)
    expect((await db().annotation.findUniqueOrThrow({ where: { id: f.id } })).deletedAt).toBeNull()
    expect((await editor.post(`/api/annotations/${f.id}/dismiss`, { version: f.version })).status).toBe(204)
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: 'annotation.dismiss', entityId: f.id } })
    expect(audit.actorId).toBe(editorId)
    expect(audit.before).toMatchObject({ status: 'approved', exact: 'reopen in March', correction: 'reopen in April' })
    const second = await orphanedApprovedFix()
    expect((await admin.post(`/api/annotations/${second.f.id}/dismiss`)).status).toBe(204)
  })
})

describe('four-eyes: whoever wrote a correction cannot be its only reviewer', () => {
  it('an admin who rewrites an editor’s fix cannot approve it; another reviewer can', async () => {
    const body = 'The ministry said 40 people attended.'
    const a = await article(body)
    const f = await fix(a.id, body, '40 people', '400 people')
    const edited = await admin.patch(`/api/annotations/${f.id}`, { version: f.version, correction: '4,000 people' })
    expect(edited.status).toBe(200)
    const own = await admin.post(`/api/annotations/${f.id}/review`, { decision: 'approve', version: edited.body.version })
    expect(own.status).toBe(403)
    expect((await db().annotation.findUniqueOrThrow({ where: { id: f.id } })).status).toBe('open')
    // In the admin's queue it is not listed but counted as their own.
    const queue = (await admin.get(`/api/review-queue?article=${a.id}`)).body
    expect(queue).toMatchObject({ items: [], total: 0, own: 1 })
    expect((await reviewer.post(`/api/annotations/${f.id}/review`, { decision: 'approve', version: edited.body.version })).status).toBe(200)
  })

  it('an admin who only edits the note of a fix may still review it', async () => {
    const body = 'The ministry said 40 people attended.'
    const a = await article(body)
    const f = await fix(a.id, body, '40 people', '400 people')
    const edited = await admin.patch(`/api/annotations/${f.id}`, { version: f.version, note: 'Per the police count' })
    expect((await admin.post(`/api/annotations/${f.id}/review`, { decision: 'approve', version: edited.body.version })).status).toBe(200)
  })
})

describe('restoring an earlier text restores its anchors', () => {
  it('an accidental paste orphans everything; putting the text back puts every annotation back, approval and all', async () => {
    const V1 = 'Vincent Pain, senior vice head of state, spoke on Friday.\n\nHuawei said talks were at an early stage.'
    const a = await article(V1)
    const name = await fix(a.id, V1, 'Pain', 'Pang', 'name')
    await approve(name.id)
    const claim = (await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'claim', ...at(V1, 'talks were at an early stage') })).body
    const pasted = await editor.put(`/api/articles/${a.id}/body`, { body: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.', baseRevision: 1 })
    expect(pasted.body.reanchor.orphaned).toBe(2)
    const restored = await editor.put(`/api/articles/${a.id}/body`, { body: V1, baseRevision: 2, reason: 'previous text restored' })
    expect(restored.status).toBe(200)
    expect(restored.body.reanchor).toEqual({ exact: 0, moved: 0, fuzzy: 0, orphaned: 0, restored: 2 })
    const list = (await editor.get(`/api/articles/${a.id}/annotations`)).body.annotations
    expect(list.map((x: any) => [x.id, x.orphaned, x.start, x.end, x.status])).toEqual([
      [name.id, false, at(V1, 'Pain').start, at(V1, 'Pain').end, 'approved'],
      [claim.id, false, at(V1, 'talks were at an early stage').start, at(V1, 'talks were at an early stage').end, 'open'],
    ])
    expect((await editor.post(`/api/articles/${a.id}/publish`, { baseRevision: 3 })).status).toBe(200)
    expect(await exportText(a.id)).toBe(V1.replace('Pain', 'Pang'))
  })
})

describe('revision reasons come from a vocabulary, with an optional note', () => {
  it('refuses a manual edit labelled as published fixes, or a reason with line breaks; keeps a note apart', async () => {
    const a = await article('One line of text.')
    for (const reason of ['approved fixes published', 'imported', 'edited\napproved fixes published', 'my own words']) {
      const res = await editor.put(`/api/articles/${a.id}/body`, { body: 'Two lines of text.', baseRevision: 1, reason })
      expect(res.status, reason).toBe(422)
      expect(res.body.error.details.fields[0].path).toBe('reason')
    }
    const untrue = await editor.put(`/api/articles/${a.id}/body`, { body: 'Two lines of text.', baseRevision: 1, reason: 'previous text restored' })
    expect([untrue.status, untrue.body.error.details?.fields?.[0]?.path]).toEqual([422, 'reason'])
    const multiline = await editor.put(`/api/articles/${a.id}/body`, { body: 'Two lines of text.', baseRevision: 1, note: 'fine\napproved fixes published' })
    expect(multiline.status).toBe(422)
    const ok = await editor.put(`/api/articles/${a.id}/body`, { body: 'Two lines of text.', baseRevision: 1, reason: 'edited', note: 'Fixed a typo the wire sent' })
    expect(ok.status).toBe(200)
    const revisions = (await editor.get(`/api/articles/${a.id}/revisions`)).body.revisions
    expect(revisions.map((r: any) => [r.reason, r.note])).toEqual([
      ['imported', ''],
      ['edited', 'Fixed a typo the wire sent'],
    ])
  })
})

describe('the review queue shows everything, a page at a time', () => {
  it('gives a total counted after the “not your own” filter, and cursor pages that cover every fix once', async () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`)
    const body = words.join(' ') + '.'
    const a = await article(body)
    const ids: string[] = []
    for (const w of words) ids.push((await fix(a.id, body, w, w.toUpperCase(), 'spelling')).id)
    await fix(a.id, body, 'word7', 'WORD-7', 'spelling', 0, reviewer) // the reviewer's own: not listed, counted as own
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const res: { status: number; body: any } = await reviewer.get(`/api/review-queue?article=${a.id}&limit=25${cursor ? `&cursor=${cursor}` : ''}`)
      expect(res.status).toBe(200)
      expect(res.body.total).toBe(60)
      expect(res.body.own).toBe(1)
      seen.push(...res.body.items.map((i: any) => i.fix.id))
      cursor = res.body.nextCursor
      pages++
    } while (cursor)
    expect(pages).toBe(3)
    expect(seen).toHaveLength(60)
    // The header's count says the same in one query: the reviewer's own fix is left out for them,
    // not for an editor (who cannot review); an id that is no article's is a 404.
    expect((await reviewer.get(`/api/review-queue/count?article=${a.id}`)).body).toEqual({ total: 60 })
    expect((await editor.get(`/api/review-queue/count?article=${a.id}`)).body).toEqual({ total: 61 })
    expect((await editor.get(`/api/review-queue?article=${a.id}&limit=1`)).body.total).toBe(61)
    expect((await reviewer.get('/api/review-queue/count?article=yesterday')).status).toBe(404) // as the list answers
    expect(new Set(seen)).toEqual(new Set(ids))
    expect((await reviewer.get('/api/review-queue?cursor=not-a-cursor')).status).toBe(422)
    expect((await reviewer.get('/api/review-queue?limit=100000')).status).toBe(422)
    // The whole queue is counted too (not capped at a page).
    const all = (await reviewer.get('/api/review-queue')).body
    expect(all.total).toBeGreaterThanOrEqual(60)
    expect(all.items.length).toBeLessThanOrEqual(50)
  }, 60_000)
})

describe('archived articles are read-only; deleted ones are gone until restored', () => {
  it('refuses every change to an archived article with 409 until its status changes back', async () => {
    const body = 'Vincent Pain spoke on Friday.'
    const a = await article(body)
    const f = await fix(a.id, body, 'Pain', 'Pang', 'name')
    const thread = (await editor.post(`/api/annotations/${f.id}/comments`, { body: 'Source?' })).body
    expect((await editor.patch(`/api/articles/${a.id}`, { status: 'archived' })).status).toBe(200)
    const attempts = await Promise.all([
      editor.post(`/api/articles/${a.id}/annotations`, { kind: 'claim', ...at(body, 'spoke on Friday') }),
      editor.put(`/api/articles/${a.id}/body`, { body: 'Vincent Pang spoke on Friday.', baseRevision: 1 }),
      editor.post(`/api/articles/${a.id}/publish`),
      editor.patch(`/api/annotations/${f.id}`, { version: f.version, note: 'x' }),
      editor.delete(`/api/annotations/${f.id}`),
      reviewer.post(`/api/annotations/${f.id}/review`, { decision: 'approve' }),
      editor.post(`/api/annotations/${f.id}/comments`, { body: 'Still?' }),
      editor.post(`/api/comments/${thread.id}/resolve`),
      editor.patch(`/api/articles/${a.id}`, { title: 'Renamed while archived' }),
    ])
    expect(attempts.map((r) => r.status)).toEqual(Array(attempts.length).fill(409))
    for (const r of attempts) expect(r.body.error.message).toContain('archived')
    expect(await db().annotation.count({ where: { articleId: a.id } })).toBe(1)
    expect((await db().annotation.findUniqueOrThrow({ where: { id: f.id } })).status).toBe('open')
    // Reading still works, and bringing it back makes it writable again.
    expect((await editor.get(`/api/articles/${a.id}/export?format=text`)).status).toBe(200)
    expect((await editor.patch(`/api/articles/${a.id}`, { status: 'checking' })).status).toBe(200)
    expect((await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'claim', ...at(body, 'spoke on Friday') })).status).toBe(201)
  })

  it('an admin deletes an article: gone from lists, pages, the queue and exports, audited, and restorable as it was', async () => {
    const body = 'Vincent Pain spoke on Friday.'
    const a = await article(body)
    const f = await fix(a.id, body, 'Pain', 'Pang', 'name')
    expect((await editor.delete(`/api/articles/${a.id}`)).status).toBe(403)
    expect((await admin.delete(`/api/articles/${a.id}`)).status).toBe(204)
    expect((await admin.delete(`/api/articles/${a.id}`)).status).toBe(404)
    for (const path of [`/api/articles/${a.id}`, `/api/articles/${a.id}/annotations`, `/api/articles/${a.id}/export?format=text`, `/api/articles/${a.id}/revisions`, `/api/articles/${a.id}/revisions/1`, `/api/articles/${a.id}/history`, `/api/annotations/${f.id}/comments`]) {
      expect((await editor.get(path)).status, path).toBe(404)
    }
    expect((await reviewer.post(`/api/annotations/${f.id}/review`, { decision: 'approve' })).status).toBe(404)
    expect((await editor.get('/api/articles')).body.articles.some((x: any) => x.id === a.id)).toBe(false)
    expect((await reviewer.get(`/api/review-queue?article=${a.id}`)).body.total).toBe(0)
    expect((await editor.get('/api/articles?deleted=1')).status).toBe(403)
    expect((await admin.get('/api/articles?deleted=1')).body.articles.map((x: any) => x.id)).toContain(a.id)
    expect(await db().auditEvent.count({ where: { action: 'article.delete', entityId: a.id } })).toBe(1)
    // Nothing was lost: restoring brings it back with its annotations.
    const restored = await admin.post(`/api/articles/${a.id}/restore`)
    expect(restored.status).toBe(200)
    expect((await editor.get(`/api/articles/${a.id}/annotations`)).body.annotations.map((x: any) => x.id)).toEqual([f.id])
    expect((await admin.post(`/api/articles/${a.id}/restore`)).status).toBe(409)
    expect(await db().auditEvent.count({ where: { action: 'article.restore', entityId: a.id } })).toBe(1)
  })
})

describe('bodies are read however they are sent', () => {
  it('publish sent with a chunked body still checks baseRevision', async () => {
    const body = 'Vincent Pain spoke on Friday.'
    const a = await article(body)
    const f = await fix(a.id, body, 'Pain', 'Pang', 'name')
    await approve(f.id)
    expect((await editor.put(`/api/articles/${a.id}/body`, { body: 'Vincent Pain spoke on Friday evening.', baseRevision: 1 })).status).toBe(200)
    // A stream body makes fetch send Transfer-Encoding: chunked, with no Content-Length.
    const chunked = (text: string) =>
      new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode(text.slice(0, 5)))
          c.enqueue(new TextEncoder().encode(text.slice(5)))
          c.close()
        },
      })
    const res = await editor.raw(`/api/articles/${a.id}/publish`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chunked(JSON.stringify({ baseRevision: 1 })), duplex: 'half' } as RequestInit)
    expect(res.status).toBe(409)
    expect((await res.json()).error.message).toContain('revision 2, not 1')
    expect((await db().article.findUniqueOrThrow({ where: { id: a.id } })).revision).toBe(2)
  })
})

describe('exports a CMS can trust', () => {
  it('stores a hostile source URL normalised; Markdown, HTML and JSON-LD carry no live markup', async () => {
    const body = 'Vincent Pain spoke on Friday.\n\n1. First point\n===\nA &lt; B'
    const created = await editor.post('/api/articles', { title: unique('Export'), body, sourceUrl: 'https://x.test/"><img src=x onerror=alert(1)><script>alert(2)</script>' })
    expect(created.status).toBe(201)
    expect(created.body.sourceUrl).toBe('https://x.test/%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E%3Cscript%3Ealert(2)%3C/script%3E')
    const id = created.body.id
    await editor.post(`/api/articles/${id}/annotations`, { kind: 'claim', ...at(body, 'spoke on Friday'), verdict: 'false', note: '</script><script>alert(3)</script>' })
    const md = (await editor.get(`/api/articles/${id}/export?format=markdown`)).body as string
    expect(md).not.toMatch(/<img|<script/)
    expect(md).toContain('1\\. First point')
    for (const format of ['w3c', 'claimreview', 'json']) {
      const res = await editor.raw(`/api/articles/${id}/export?format=${format}`)
      const text = await res.text()
      expect(text, format).not.toMatch(/[<>&\u2028\u2029]/)
      expect(JSON.stringify(JSON.parse(text)), format).toContain('</script><script>alert(3)</script>')
    }
  })

  it('links name the host the request came to, and downloads keep a non-Latin title', async () => {
    const created = await editor.post('/api/articles', { title: 'Новости дня', body: 'Vincent Pain spoke on Friday.' })
    const id = created.body.id
    await editor.post(`/api/articles/${id}/annotations`, { kind: 'claim', start: 0, end: 12, exact: 'Vincent Pain', verdict: 'true' })
    // fetch() will not send another Host header; node:http will, as a proxy in front of Galley does.
    const res = await new Promise<{ status: number; body: any; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      const url = new URL(`/api/articles/${id}/export?format=claimreview&download=1`, editor.baseUrl)
      http
        .get(url, { headers: { host: 'desk.newsroom.example', cookie: editor.cookieHeader } }, (r) => {
          let text = ''
          r.on('data', (c) => (text += c))
          r.on('end', () => resolve({ status: r.statusCode!, body: JSON.parse(text), headers: r.headers }))
        })
        .on('error', reject)
    })
    expect(res.status).toBe(200)
    expect(res.body[0].url).toBe(`http://desk.newsroom.example/articles/${id}#annotation-${(await editor.get(`/api/articles/${id}/annotations`)).body.annotations[0].id}`)
    const disposition = String(res.headers['content-disposition'])
    expect(disposition).toContain('filename="article.claimreview.jsonld"')
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('новости-дня.claimreview.jsonld')}`)
  })
})
