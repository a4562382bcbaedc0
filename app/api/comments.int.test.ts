/** Threaded comments on annotations, with resolve and reopen, over HTTP. */
import { afterAll, describe, expect, it } from 'vitest'
import { ApiClient, unique } from '@/lib/testing/api-client'
import { disconnectDb } from '@/lib/db/client'

afterAll(disconnectDb)

describe('comments', () => {
  it('threads replies under their root, resolves and reopens threads, and shows them in the review queue', async () => {
    const editor = await ApiClient.as('editor@galley.test')
    const reviewer = await ApiClient.as('reviewer@galley.test')
    const article = (await editor.post('/api/articles', { title: unique('Comments'), body: 'Vincent Pain spoke.' })).body
    const fix = (await editor.post(`/api/articles/${article.id}/annotations`, { kind: 'error', start: 8, end: 12, exact: 'Pain', correction: 'Pang', category: 'name' })).body
    const root = await reviewer.post(`/api/annotations/${fix.id}/comments`, { body: 'Source for Pang?' })
    expect(root.status).toBe(201)
    expect(root.body).toMatchObject({ parentId: null, body: 'Source for Pang?', author: { name: 'Demo Reviewer' }, resolvedAt: null })
    const reply = (await editor.post(`/api/annotations/${fix.id}/comments`, { body: 'Company bio', parentId: root.body.id })).body
    const replyToReply = (await reviewer.post(`/api/annotations/${fix.id}/comments`, { body: 'Thanks', parentId: reply.id })).body
    expect(reply.parentId).toBe(root.body.id)
    expect(replyToReply.parentId).toBe(root.body.id) // one level of threads
    expect((await editor.post(`/api/comments/${reply.id}/resolve`)).status).toBe(422)
    const resolved = await editor.post(`/api/comments/${root.body.id}/resolve`)
    expect(resolved.body).toMatchObject({ resolvedAt: expect.any(String), resolvedBy: { name: 'Demo Editor' } })
    expect((await editor.post(`/api/comments/${root.body.id}/resolve`)).status).toBe(409)
    expect((await reviewer.post(`/api/comments/${root.body.id}/reopen`)).body.resolvedAt).toBeNull()
    const list = (await editor.get(`/api/annotations/${fix.id}/comments`)).body.comments
    expect(list.map((c: any) => c.body)).toEqual(['Source for Pang?', 'Company bio', 'Thanks'])
    const other = (await editor.post(`/api/articles/${article.id}/annotations`, { kind: 'claim', start: 0, end: 7, exact: 'Vincent' })).body
    expect((await editor.post(`/api/annotations/${other.id}/comments`, { body: 'x', parentId: root.body.id })).status).toBe(422)
    const queue = (await reviewer.get(`/api/review-queue?article=${article.id}`)).body.items.find((i: any) => i.fix.id === fix.id)
    expect(queue.comments).toHaveLength(3)
    const history = (await editor.get(`/api/articles/${article.id}/history`)).body.events.map((e: any) => e.description)
    expect(history).toContain('commented: Source for Pang?')
    expect(history).toContain('replied: Company bio')
    expect(history).toContain('resolved a comment thread')
  })
})
