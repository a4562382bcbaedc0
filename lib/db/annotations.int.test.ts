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
    // Another author, a deleted annotation, and a fix published into the text.
    const byReviewer = (await reviewer.post(`/api/articles/${article.id}/annotations`, { kind: 'claim', ...at('on Friday'), verdict: 'false' })).body
    const gone = await post({ kind: 'claim', ...at('Vincent') })
    expect((await editor.delete(`/api/annotations/${gone.id}`)).status).toBe(204)
    const published = await post({ kind: 'error', ...at('🚀'), correction: '', category: 'other' })
    const denied = await post({ kind: 'claim', ...at('Huawei has denied the claim.'), verdict: 'needs_context', sources: ['https://example.com/a', 'https://example.com/b'] })
    await post({ kind: 'quote', ...at('we deny it'), speaker: 'Ren Zhengfei', verified: true })
    const stale = await post({ kind: 'error', ...at('5 percent'), correction: '6 percent', category: 'fact' })
    const rejected = await post({ kind: 'error', ...at('senior vice head of state'), correction: 'senior vice president', category: 'fact' })
    // Publish only the deletion of the rocket; then approve the others on the published text.
    expect((await reviewer.post(`/api/annotations/${published.id}/review`, { decision: 'approve' })).status).toBe(200)
    expect((await editor.post(`/api/articles/${article.id}/publish`, { baseRevision: 1 })).status).toBe(200)
    expect((await reviewer.post(`/api/annotations/${fix.id}/review`, { decision: 'approve' })).status).toBe(200)
    expect((await reviewer.post(`/api/annotations/${rejected.id}/review`, { decision: 'reject' })).status).toBe(200)
    expect((await reviewer.post(`/api/annotations/${stale.id}/review`, { decision: 'approve' })).status).toBe(200)
    // A wire update: one fix back to review with textChanged, the claim orphaned.
    const current = (await editor.get(`/api/articles/${article.id}`)).body.body as string
    const v2 = current.replace('5 percent', '6.4 percent').replace('Huawei has denied the claim.', 'No comment.')
    expect((await editor.put(`/api/articles/${article.id}/body`, { body: v2, baseRevision: 2 })).status).toBe(200)
    const actor = (await getActiveUser({ id: (await db().user.findUniqueOrThrow({ where: { email: 'editor@galley.test' } })).id }))!
    const page = await getArticlePage({ id: article.id, actor })
    const dtos = await listAnnotations({ articleId: article.id, actor })
    const fromSql = unpackAnnotations(JSON.parse(JSON.stringify(page.packed)), page.article.body)
    const fromTs = unpackAnnotations(JSON.parse(JSON.stringify(packAnnotations(dtos))), page.article.body)
    expect(fromSql).toEqual(fromTs)
    // And against the rows as the ORM reads them, so neither side checks only itself.
    const orm = await db().annotation.findMany({ where: { articleId: article.id, deletedAt: null }, include: { createdBy: { select: { name: true } } }, orderBy: [{ start: 'asc' }, { end: 'asc' }, { createdAt: 'asc' }] })
    expect(fromSql.map((a) => [a.id, a.exact, a.status, a.createdBy, a.createdByName, a.version, a.orphaned])).toEqual(orm.map((r) => [r.id, r.exact, r.status, r.createdById, r.createdBy.name, r.version, r.orphaned]))
    expect(fromSql).toHaveLength(7) // eight made, one deleted
    expect(fromSql.some((a) => a.id === gone.id)).toBe(false)
    expect(new Set(fromSql.map((a) => a.createdByName))).toEqual(new Set(['Demo Editor', 'Demo Reviewer']))
    expect(fromSql.find((a) => a.id === byReviewer.id)).toMatchObject({ verdict: 'false', createdByName: 'Demo Reviewer' })
    expect(fromSql.find((a) => a.id === published.id)).toMatchObject({ status: 'applied', originalExact: '🚀', exact: '' })
    expect(fromSql.find((a) => a.id === denied.id)).toMatchObject({ orphaned: true, exact: 'Huawei has denied the claim.', sources: ['https://example.com/a', 'https://example.com/b'] })
    expect(fromSql.find((a) => a.textChanged)?.textChanged).toEqual({ from: '5 percent', revision: 3, wasApproved: true })
    expect(page.approvedCount).toBe(1)
    expect(page.article).toMatchObject({ id: article.id, body: v2, revision: 3, status: 'checking' })
  })
})

describe('galley_splits_at', () => {
  it('agrees with splitsCharacter on marks, joiners, modifiers, tags, Hangul jamo and astral characters', async () => {
    const { splitsCharacter } = await import('@/lib/text/graphemes')
    const samples = ['Jose\u0301 x', '👨\u200d👩\u200d👧 ok', '👍\u{1f3fd}!', '❤\ufe0f.', '🏴\u{e0067}\u{e0062}\u{e007f}', '한'.normalize('NFD') + '국', 'a\u{1d165}\u{1d16d}b', '🚀🚀 plain', '華為', 'e\u0308\u0301z']
    for (const text of samples) {
      const cps = [...text]
      for (let p = 0; p <= cps.length; p++) {
        const [row] = await db().$queryRaw<Array<{ s: boolean }>>`SELECT galley_splits_at(${text}, ${p}::int) AS s`
        expect(row.s, `${JSON.stringify(text)} at ${p}`).toBe(splitsCharacter(cps.slice(0, p).join('').slice(-2), cps.slice(p).join('')))
      }
    }
  })
})
