/** A fix's review where the editor reads the article: GET /api/articles/:id/annotations answers the latest review of each reviewed fix. */
import { afterAll, describe, expect, it } from 'vitest'
import { ApiClient, unique } from '@/lib/testing/api-client'
import { db, disconnectDb } from '@/lib/db/client'

afterAll(disconnectDb)

describe('reviews beside the annotations', () => {
  it('gives each reviewed fix its latest decision, reviewer and reason; unreviewed fixes and claims have none', async () => {
    const editor = await ApiClient.as('editor@galley.test')
    const reviewer = await ApiClient.as('reviewer@galley.test')
    const body = 'Vincent Pain spoke on Friday. The talks are weeks old.'
    const article = (await editor.post('/api/articles', { title: unique('Reviews'), body })).body
    const post = (data: object) => editor.post(`/api/articles/${article.id}/annotations`, data)
    const at = (exact: string) => ({ start: body.indexOf(exact), end: body.indexOf(exact) + exact.length, exact })
    const rejected = (await post({ kind: 'error', ...at('Pain'), correction: 'Pang', category: 'name' })).body
    const approved = (await post({ kind: 'error', ...at('Friday'), correction: 'Thursday', category: 'fact' })).body
    const open = (await post({ kind: 'error', ...at('talks'), correction: 'meetings', category: 'fact' })).body
    await post({ kind: 'claim', ...at('weeks old') })
    expect((await reviewer.post(`/api/annotations/${rejected.id}/review`, { decision: 'reject', comment: 'The wire spells it Pain', version: rejected.version })).status).toBe(200)
    expect((await reviewer.post(`/api/annotations/${approved.id}/review`, { decision: 'approve', version: approved.version })).status).toBe(200)

    const res = await editor.get(`/api/articles/${article.id}/annotations`)
    expect(res.status).toBe(200)
    // Extended, not renamed: the list and its revision are as before.
    expect(res.body.revision).toBe(1)
    expect(res.body.annotations).toHaveLength(4)
    const byFix = new Map(res.body.reviews.map((r: { annotationId: string }) => [r.annotationId, r]))
    expect(byFix.size).toBe(2)
    expect(byFix.get(rejected.id)).toMatchObject({ decision: 'reject', reviewerName: 'Demo Reviewer', comment: 'The wire spells it Pain', at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) })
    expect(byFix.get(approved.id)).toMatchObject({ decision: 'approve', reviewerName: 'Demo Reviewer', comment: '' })
    expect(byFix.has(open.id)).toBe(false)
    // A deleted fix's review goes with it: a reviewed fix deleted (as a revision that sends it back to
    // review and its author's delete would leave it; set here directly), and an unreviewed one deleted.
    expect((await editor.delete(`/api/annotations/${open.id}`)).status).toBe(204)
    await db().annotation.update({ where: { id: approved.id }, data: { deletedAt: new Date() } })
    const after = (await editor.get(`/api/articles/${article.id}/annotations`)).body.reviews.map((r: { annotationId: string }) => r.annotationId)
    expect(after).toEqual([rejected.id])
  })
})
