/**
 * The annotate page's data comes packed by PostgreSQL (getArticlePage); the same annotations
 * packed in TypeScript (packAnnotations) must unpack to exactly the same page annotations.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { ApiClient, unique } from '@/lib/testing/api-client'
import { db, disconnectDb } from './client'
import { getArticlePage, listAnnotations } from './annotations'
import { getActiveUser } from './users'
import { packAnnotations, unpackAnnotations } from '@/lib/types/page-annotations'

afterAll(disconnectDb)

describe('getArticlePage', () => {
  it('packs in SQL exactly what packAnnotations packs, for every kind, status and field', async () => {
    const editor = await ApiClient.as('editor@galley.test')
    const reviewer = await ApiClient.as('reviewer@galley.test')
    const body = '🚀 Vincent Pain, senior vice head of state, said “we deny it” on Friday. Huawei has denied the claim. Sales grew 5 percent.'
    const at = (needle: string) => ({ start: [...body.slice(0, body.indexOf(needle))].length, end: [...body.slice(0, body.indexOf(needle))].length + [...needle].length, exact: needle })
    const article = (await editor.post('/api/articles', { title: unique('Pack'), body })).body
    const post = async (data: object) => {
      const res = await editor.post(`/api/articles/${article.id}/annotations`, data)
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      return res.body
    }
    const fix = await post({ kind: 'error', ...at('Pain'), correction: 'Pang', category: 'name', note: 'Per the “bio” </script>' })
    await post({ kind: 'claim', ...at('Huawei has denied the claim.'), verdict: 'needs_context', sources: ['https://example.com/a', 'https://example.com/b'] })
    await post({ kind: 'quote', ...at('we deny it'), speaker: 'Ren Zhengfei', verified: true })
    const stale = await post({ kind: 'error', ...at('5 percent'), correction: '6 percent', category: 'fact' })
    const rejected = await post({ kind: 'error', ...at('senior vice head of state'), correction: 'senior vice president', category: 'fact' })
    expect((await reviewer.post(`/api/annotations/${fix.id}/review`, { decision: 'approve' })).status).toBe(200)
    expect((await reviewer.post(`/api/annotations/${rejected.id}/review`, { decision: 'reject' })).status).toBe(200)
    expect((await reviewer.post(`/api/annotations/${stale.id}/review`, { decision: 'approve' })).status).toBe(200)
    // A wire update: one fix back to review with textChanged, the claim orphaned.
    const v2 = body.replace('5 percent', '6.4 percent').replace('Huawei has denied the claim.', 'No comment.')
    expect((await editor.put(`/api/articles/${article.id}/body`, { body: v2, baseRevision: 1 })).status).toBe(200)
    const actor = (await getActiveUser({ id: (await db().user.findUniqueOrThrow({ where: { email: 'editor@galley.test' } })).id }))!
    const page = await getArticlePage({ id: article.id, actor })
    const dtos = await listAnnotations({ articleId: article.id, actor })
    const fromSql = unpackAnnotations(JSON.parse(JSON.stringify(page.packed)), page.article.body)
    const fromTs = unpackAnnotations(JSON.parse(JSON.stringify(packAnnotations(dtos))), page.article.body)
    expect(fromSql).toEqual(fromTs)
    expect(fromSql).toHaveLength(5)
    expect(fromSql.find((a) => a.orphaned)?.exact).toBe('Huawei has denied the claim.')
    expect(fromSql.find((a) => a.textChanged)?.textChanged).toEqual({ from: '5 percent', revision: 2, wasApproved: true })
    expect(page.approvedCount).toBe(1)
    expect(page.article).toMatchObject({ id: article.id, body: v2, revision: 2, status: 'checking' })
  })
})
