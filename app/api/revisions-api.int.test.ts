/**
 * Revisions over HTTP against real PostgreSQL: body edits with re-anchoring, stale revisions,
 * history and diffs, publishing approved fixes, re-attaching and dismissing orphans.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, unique } from '@/lib/testing/api-client'
import { db, disconnectDb } from '@/lib/db/client'

let editor: ApiClient
let reviewer: ApiClient
afterAll(disconnectDb)
beforeAll(async () => {
  editor = await ApiClient.as('editor@galley.test')
  reviewer = await ApiClient.as('reviewer@galley.test')
})

const V1 = 'Vincent Pain, senior vice head of state, spoke on Friday. 🚀 Huawei denied the claim.\n\nThe talks are weeks old. Please enter your comment!'

function span(text: string, needle: string) {
  const u = text.indexOf(needle)
  const start = [...text.slice(0, u)].length
  return { start, end: start + [...needle].length, exact: needle }
}

async function setup() {
  const article = (await editor.post('/api/articles', { title: unique('Rev'), body: V1 })).body
  const add = async (data: Record<string, unknown>) => {
    const res = await editor.post(`/api/articles/${article.id}/annotations`, data)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return res.body
  }
  return { article, add }
}

describe('PUT /api/articles/:id/body', () => {
  it('makes a revision and re-anchors: moved, stretched, orphaned', async () => {
    const { article, add } = await setup()
    const claim = await add({ kind: 'claim', ...span(V1, 'Huawei denied the claim.') })
    const quote = await add({ kind: 'quote', ...span(V1, 'The talks are weeks old.') })
    const residue = await add({ kind: 'error', ...span(V1, 'Please enter your comment!'), correction: '', category: 'other' })
    const v2 = 'UPDATE: ' + V1.replace('Huawei denied', 'Huawei has repeatedly denied').replace(' Please enter your comment!', '')
    const res = await editor.put(`/api/articles/${article.id}/body`, { body: v2, baseRevision: 1, reason: 'wire update re-imported' })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body).toEqual({ revision: 2, reanchor: { exact: 0, moved: 2, fuzzy: 0, orphaned: 1 } })
    const list = (await editor.get(`/api/articles/${article.id}/annotations`)).body.annotations as Array<Record<string, any>>
    const byId = Object.fromEntries(list.map((a) => [a.id, a]))
    expect(byId[claim.id]).toMatchObject({ orphaned: false, ...span(v2, 'Huawei has repeatedly denied the claim.') })
    expect(byId[quote.id]).toMatchObject(span(v2, 'The talks are weeks old.'))
    expect(byId[residue.id]).toMatchObject({ orphaned: true, exact: 'Please enter your comment!' })
    const got = (await editor.get(`/api/articles/${article.id}`)).body
    expect(got).toMatchObject({ revision: 2, body: v2 })
    const anchors = await db().annotationAnchor.findMany({ where: { annotationId: claim.id }, orderBy: { revision: 'asc' } })
    expect(anchors.map((a) => [a.revision, a.method])).toEqual([
      [1, 'created'],
      [2, 'moved'],
    ])
  })

  it('records a move by hand in the anchor history, and the next revision carries it from there', async () => {
    const { article, add } = await setup()
    const claim = await add({ kind: 'claim', ...span(V1, 'Huawei denied the claim.') })
    const moved = await editor.patch(`/api/annotations/${claim.id}`, { version: claim.version, ...span(V1, 'The talks are weeks old.') })
    expect(moved.status, JSON.stringify(moved.body)).toBe(200)
    const v2 = 'UPDATE: ' + V1
    expect((await editor.put(`/api/articles/${article.id}/body`, { body: v2, baseRevision: 1 })).status).toBe(200)
    const anchors = await db().annotationAnchor.findMany({ where: { annotationId: claim.id }, orderBy: { id: 'asc' } })
    expect(anchors.map((a) => [a.revision, a.method, a.exact])).toEqual([
      [1, 'created', 'Huawei denied the claim.'],
      [1, 'edited', 'The talks are weeks old.'],
      [2, 'moved', 'The talks are weeks old.'],
    ])
    const [now] = (await editor.get(`/api/articles/${article.id}/annotations`)).body.annotations
    expect(now).toMatchObject(span(v2, 'The talks are weeks old.'))
  })

  it('refuses a stale base revision with 409 and changes nothing', async () => {
    const { article } = await setup()
    expect((await editor.put(`/api/articles/${article.id}/body`, { body: V1 + ' More.', baseRevision: 1 })).status).toBe(200)
    const stale = await editor.put(`/api/articles/${article.id}/body`, { body: 'Overwrite', baseRevision: 1 })
    expect(stale.status).toBe(409)
    expect(stale.body.error.message).toContain('revision 2')
    expect((await editor.get(`/api/articles/${article.id}`)).body.body).toBe(V1 + ' More.')
    expect((await editor.put(`/api/articles/${article.id}/body`, { body: V1 + ' More.', baseRevision: 2 })).status).toBe(422)
    expect((await editor.put(`/api/articles/${article.id}/body`, { body: '', baseRevision: 2 })).status).toBe(422)
    expect((await new ApiClient().put(`/api/articles/${article.id}/body`, { body: 'x', baseRevision: 2 })).status).toBe(401)
  })

  it('keeps every revision, with a diff between any two', async () => {
    const { article } = await setup()
    await editor.put(`/api/articles/${article.id}/body`, { body: V1.replace('Pain', 'Pang'), baseRevision: 1, reason: 'edited' })
    const revs = (await editor.get(`/api/articles/${article.id}/revisions`)).body.revisions
    expect(revs.map((r: any) => [r.number, r.reason])).toEqual([
      [1, 'imported'],
      [2, 'edited'],
    ])
    expect((await editor.get(`/api/articles/${article.id}/revisions/1`)).body.body).toBe(V1)
    const diff = (await editor.get(`/api/articles/${article.id}/diff?from=1&to=2`)).body.diff as Array<[number, string]>
    expect(diff.filter(([op]) => op !== 0).map(([op, t]) => `${op}${t}`).join(' ')).toBe('-1i 1g') // Pa[i]n[g]
    expect(diff.filter(([op]) => op !== 1).map(([, t]) => t).join('')).toBe(V1)
    expect((await editor.get(`/api/articles/${article.id}/revisions/9`)).status).toBe(404)
    const missing = await editor.get(`/api/articles/${article.id}/diff?from=1`)
    expect(missing.status).toBe(422)
    expect(missing.body.error.message).toMatch(/^Invalid input — to: /)
  })
})

describe('POST /api/articles/:id/publish', () => {
  it('applies approved fixes into a new revision; claims over them cover the corrected words', async () => {
    const { article, add } = await setup()
    const claim = await add({ kind: 'claim', ...span(V1, 'Vincent Pain, senior vice head of state, spoke on Friday.') })
    const fix = await add({ kind: 'error', ...span(V1, 'Pain'), correction: 'Pang', category: 'name' })
    const open = await add({ kind: 'error', ...span(V1, 'weeks'), correction: 'days', category: 'fact' })
    expect((await editor.post(`/api/articles/${article.id}/publish`)).status).toBe(409) // nothing approved yet
    expect((await reviewer.post(`/api/annotations/${fix.id}/review`, { decision: 'approve' })).status).toBe(200)
    const res = await editor.post(`/api/articles/${article.id}/publish`, { baseRevision: 1 })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body).toMatchObject({ revision: 2, applied: 1 })
    const got = (await editor.get(`/api/articles/${article.id}`)).body
    expect(got.body).toBe(V1.replace('Pain', 'Pang'))
    const list = (await editor.get(`/api/articles/${article.id}/annotations`)).body.annotations as Array<Record<string, any>>
    const byId = Object.fromEntries(list.map((a) => [a.id, a]))
    expect(byId[fix.id]).toMatchObject({ status: 'applied', exact: 'Pang', originalExact: 'Pain' })
    expect(byId[claim.id].exact).toBe('Vincent Pang, senior vice head of state, spoke on Friday.')
    expect(byId[open.id]).toMatchObject({ status: 'open', exact: 'weeks' })
    // The export does not apply it twice, and still owes readers the note.
    const text = (await editor.get(`/api/articles/${article.id}/export?format=text`)).body
    expect(text).toBe(got.body)
    const md = (await editor.get(`/api/articles/${article.id}/export?format=markdown`)).body
    expect(md).toContain('misspelled the name of Vincent Pang.')
    const revs = (await editor.get(`/api/articles/${article.id}/revisions`)).body.revisions
    expect(revs[1].reason).toBe('approved fixes published')
    // The article list still counts the published fix.
    const item = (await editor.get('/api/articles')).body.articles.find((x: { id: string }) => x.id === article.id)
    expect(item.counts.error).toEqual({ open: 1, approved: 0, rejected: 0, applied: 1 })
    expect(item.counts.claim).toEqual({ open: 1, approved: 0, rejected: 0, applied: 0 })
  })
})

describe('orphans', () => {
  it('re-attaches an orphan to selected text, or dismisses it', async () => {
    const { article, add } = await setup()
    const a = await add({ kind: 'claim', ...span(V1, 'The talks are weeks old.') })
    const b = await add({ kind: 'claim', ...span(V1, 'Please enter your comment!') })
    const v2 = 'Vincent Pain spoke. Negotiations began recently.'
    expect((await editor.put(`/api/articles/${article.id}/body`, { body: v2, baseRevision: 1 })).body.reanchor.orphaned).toBeGreaterThanOrEqual(2)
    expect((await editor.post(`/api/annotations/${a.id}/reattach`, { ...span(v2, 'Negotiations'), exact: 'wrong' })).status).toBe(422)
    const re = await editor.post(`/api/annotations/${a.id}/reattach`, span(v2, 'Negotiations began recently.'))
    expect(re.status).toBe(200)
    expect(re.body).toMatchObject({ orphaned: false, exact: 'Negotiations began recently.' })
    expect((await editor.post(`/api/annotations/${a.id}/reattach`, span(v2, 'Vincent'))).status).toBe(409)
    expect((await editor.post(`/api/annotations/${b.id}/dismiss`)).status).toBe(204)
    const ids = (await editor.get(`/api/articles/${article.id}/annotations`)).body.annotations.map((x: any) => x.id)
    expect(ids).toContain(a.id)
    expect(ids).not.toContain(b.id)
  })
})
