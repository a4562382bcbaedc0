/**
 * Taking back a review decision (issue 22, item 6): the review queue's A and R decide at once, so
 * the reviewer who pressed one may undo it for a short while — exactly that decision, while nothing
 * has built on it — and the audit, the live stream and webhooks say so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, unique } from '@/lib/testing/api-client'
import { db, disconnectDb } from '@/lib/db/client'
import { createUser } from '@/lib/db/users'
import { createWebhook } from '@/lib/db/webhooks'

afterAll(disconnectDb)

const BODY = 'Vincent Pain spoke on Friday. The talks are weeks old.'
const at = (exact: string, body = BODY) => ({ start: body.indexOf(exact), end: body.indexOf(exact) + exact.length, exact })

let editor: ApiClient
let reviewer: ApiClient
let reviewer2: ApiClient
beforeAll(async () => {
  editor = await ApiClient.as('editor@galley.test')
  reviewer = await ApiClient.as('reviewer@galley.test')
  const email = `${unique('second')}@undo.test`
  await createUser({ email, name: 'Second Reviewer', role: 'reviewer', password: 'a long enough password 2' })
  reviewer2 = await ApiClient.as(email, 'a long enough password 2')
})

async function fixOnNewArticle(body = BODY) {
  const article = (await editor.post('/api/articles', { title: unique('Undo review'), body })).body
  const fix = (await editor.post(`/api/articles/${article.id}/annotations`, { kind: 'error', ...at('Pain', body), correction: 'Pang', category: 'name' })).body
  return { article, fix }
}
const getFix = async (articleId: string, id: string) => (await editor.get(`/api/articles/${articleId}/annotations`)).body.annotations.find((a: { id: string }) => a.id === id)

describe('POST /api/annotations/:id/review/undo', () => {
  it('takes back one’s own approval: the fix is open as before, the review is gone, the log keeps both', async () => {
    const { article, fix } = await fixOnNewArticle()
    const decided = await reviewer.post(`/api/annotations/${fix.id}/review`, { decision: 'approve', comment: 'Per the bio', version: fix.version })
    expect(decided.status).toBe(200)
    const res = await reviewer.post(`/api/annotations/${fix.id}/review/undo`, { reviewId: decided.body.review.id })
    expect(res.status).toBe(200)
    expect(res.body.fix).toMatchObject({ id: fix.id, status: 'open', exact: 'Pain', correction: 'Pang' })
    expect(res.body.fix.version).toBe(decided.body.version + 1)
    const listed = await editor.get(`/api/articles/${article.id}/annotations`)
    expect(listed.body.reviews.filter((r: { annotationId: string }) => r.annotationId === fix.id)).toEqual([])
    // Back in the queue, and decidable again (by anyone who may review it).
    const queue = (await reviewer2.get(`/api/review-queue?article=${article.id}`)).body.items.map((x: { fix: { id: string } }) => x.fix.id)
    expect(queue).toEqual([fix.id])
    expect((await reviewer2.post(`/api/annotations/${fix.id}/review`, { decision: 'reject', version: res.body.fix.version })).status).toBe(200)
    const lines = (await editor.get(`/api/articles/${article.id}/history`)).body.events.map((e: { actor: { name: string }; description: string }) => `${e.actor.name}: ${e.description}`)
    expect(lines.slice(-3)).toEqual([
      'Demo Reviewer: approved the fix “Pain” → “Pang”, saying “Per the bio”',
      'Demo Reviewer: took back their approval of the fix “Pain” → “Pang”: it is open for review again',
      'Second Reviewer: rejected the fix “Pain” → “Pang”',
    ])
  })

  it('only the reviewer who decided may take it back; an editor may not; a wrong review id is 404, a missing one 422', async () => {
    const { fix } = await fixOnNewArticle()
    const decided = (await reviewer.post(`/api/annotations/${fix.id}/review`, { decision: 'reject', version: fix.version })).body
    const other = await reviewer2.post(`/api/annotations/${fix.id}/review/undo`, { reviewId: decided.review.id })
    expect(other.status).toBe(403)
    expect(other.body.error.message).toContain('Only the reviewer who made a decision')
    expect((await editor.post(`/api/annotations/${fix.id}/review/undo`, { reviewId: decided.review.id })).status).toBe(403)
    expect((await new ApiClient().post(`/api/annotations/${fix.id}/review/undo`, { reviewId: decided.review.id })).status).toBe(401)
    const { fix: another } = await fixOnNewArticle()
    expect((await reviewer.post(`/api/annotations/${another.id}/review/undo`, { reviewId: decided.review.id })).status).toBe(404)
    const missing = await reviewer.post(`/api/annotations/${fix.id}/review/undo`, {})
    expect(missing.status).toBe(422)
    expect(missing.body.error.code).toBe('validation_failed')
    // None of these changed anything: the rejection stands.
    expect((await db().annotation.findUniqueOrThrow({ where: { id: fix.id } })).status).toBe('rejected')
  })

  it('is refused once the fix was published, and twice in a row', async () => {
    const { article, fix } = await fixOnNewArticle()
    const decided = (await reviewer.post(`/api/annotations/${fix.id}/review`, { decision: 'approve', version: fix.version })).body
    expect((await editor.post(`/api/articles/${article.id}/publish`)).status).toBe(200)
    const late = await reviewer.post(`/api/annotations/${fix.id}/review/undo`, { reviewId: decided.review.id })
    expect(late.status).toBe(409)
    expect(late.body.error.message).toContain('published')
    expect((await getFix(article.id, fix.id)).status).toBe('applied')

    const { fix: second } = await fixOnNewArticle()
    const d2 = (await reviewer.post(`/api/annotations/${second.id}/review`, { decision: 'approve', version: second.version })).body
    expect((await reviewer.post(`/api/annotations/${second.id}/review/undo`, { reviewId: d2.review.id })).status).toBe(200)
    expect((await reviewer.post(`/api/annotations/${second.id}/review/undo`, { reviewId: d2.review.id })).status).toBe(404)
  })

  it('is refused when a later decision was made, and past the minute', async () => {
    const { fix } = await fixOnNewArticle()
    const first = (await reviewer.post(`/api/annotations/${fix.id}/review`, { decision: 'approve', version: fix.version })).body
    // Another reviewer took theirs back meanwhile? No: the fix is decided again only after an undo;
    // here the first decision is old (a decision made two minutes ago, set directly).
    await db().review.update({ where: { id: first.review.id }, data: { at: new Date(Date.now() - 120_000) } })
    const old = await reviewer.post(`/api/annotations/${fix.id}/review/undo`, { reviewId: first.review.id })
    expect(old.status).toBe(409)
    expect(old.body.error.message).toMatch(/within 60 s/)

    const { fix: again } = await fixOnNewArticle()
    const a = (await reviewer.post(`/api/annotations/${again.id}/review`, { decision: 'reject', version: again.version })).body
    expect((await reviewer.post(`/api/annotations/${again.id}/review/undo`, { reviewId: a.review.id })).status).toBe(200)
    const b = (await reviewer2.post(`/api/annotations/${again.id}/review`, { decision: 'approve' })).body
    expect(b.status).toBe('approved')
    // The first review is gone; its id names no review of this fix any more.
    expect((await reviewer.post(`/api/annotations/${again.id}/review/undo`, { reviewId: a.review.id })).status).toBe(404)
    expect((await reviewer2.post(`/api/annotations/${again.id}/review/undo`, { reviewId: b.review.id })).status).toBe(200)
  })

  it('brings back the “text changed” flag the decision cleared', async () => {
    const body = 'Vincent Pain spoke on Friday in Geneva. The talks are weeks old.'
    const { article, fix } = await fixOnNewArticle(body)
    expect((await reviewer.post(`/api/annotations/${fix.id}/review`, { decision: 'approve', version: fix.version })).status).toBe(200)
    // A revision changes the words right after the approved fix: it is open again, "text changed".
    expect((await editor.put(`/api/articles/${article.id}/body`, { body: body.replace('Pain spoke', 'Pain said'), baseRevision: 1 })).status).toBe(200)
    const reopened = await getFix(article.id, fix.id)
    expect(reopened.status).toBe('open')
    expect(reopened.textChanged).toBeTruthy()
    const decided = (await reviewer.post(`/api/annotations/${fix.id}/review`, { decision: 'approve', version: reopened.version })).body
    expect(decided.textChanged ?? null).toBeNull()
    expect((await reviewer.post(`/api/annotations/${fix.id}/review/undo`, { reviewId: decided.review.id })).status).toBe(200)
    const back = await getFix(article.id, fix.id)
    expect(back.status).toBe('open')
    expect(back.textChanged).toEqual(reopened.textChanged)
  })

  it('tells webhook subscribers of annotation.reviewed: the decision, then “undone”', async () => {
    const { user: admin } = await createUser({ email: `${unique('hooks')}@undo.test`, name: 'Hooks', role: 'admin' })
    const hook = await createWebhook({ input: { url: 'http://127.0.0.1:9/never', events: ['annotation.reviewed'] }, actor: admin })
    const { fix } = await fixOnNewArticle()
    const decided = (await reviewer.post(`/api/annotations/${fix.id}/review`, { decision: 'approve', version: fix.version })).body
    expect((await reviewer.post(`/api/annotations/${fix.id}/review/undo`, { reviewId: decided.review.id })).status).toBe(200)
    const rows = await db().webhookDelivery.findMany({ where: { webhookId: hook.id, entityId: fix.id }, orderBy: { auditId: 'asc' } })
    expect(rows.map((r) => r.event)).toEqual(['annotation.reviewed', 'annotation.reviewed'])
    const bodies = rows.map((r) => JSON.parse(r.body!))
    expect(bodies.map((b) => b.review.decision)).toEqual(['approved', 'undone'])
    expect(bodies[1].review.fix).toMatchObject({ id: fix.id, status: 'open' })
  })
})
