/**
 * The desk's checks are bounded: checks that cannot finish within their budget are stopped (on the
 * offload pool's thread, never the server's), answered with a clear 422, and recorded for that
 * revision and those sources, so opening the article again does not run them again. Run here
 * in-process, against the real database, with a budget set small for this test only.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { ApiClient, unique } from '@/lib/testing/api-client'
import { AppError } from '@/lib/errors'
import { offloadStats } from '@/lib/server/offload'
import { db, disconnectDb } from './client'
import { listSuggestions } from './suggestions'
import { getActiveUser } from './users'

afterAll(disconnectDb)
afterEach(() => {
  delete process.env.GALLEY_CHECKS_BUDGET_MS
})

describe('suggestion checks over their budget', () => {
  it('answer 413 saying what was too big, once per revision and sources, and run again when those change', async () => {
    const editor = await ApiClient.as('editor@galley.test')
    const actor = (await getActiveUser({ id: (await db().user.findUniqueOrThrow({ where: { email: 'editor@galley.test' } })).id }))!
    const body = 'Vincent Pain spoke on Friday. Later, Pang left with licenses, licenses.'
    const article = (await editor.post('/api/articles', { title: unique('Budget'), body })).body
    process.env.GALLEY_CHECKS_BUDGET_MS = '1'
    const stopped = offloadStats().stopped
    const first = await listSuggestions({ articleId: article.id, actor }).catch((e) => e)
    expect(first).toBeInstanceOf(AppError)
    expect(first).toMatchObject({ code: 'payload_too_large', status: 413 })
    expect(first.message).toBe(`The desk's checks did not finish within 0.001 s on this article (${body.length} characters) with no sources, so this revision has no suggestions. Shorter sources, or the article in parts, can be checked.`)
    expect(offloadStats().stopped).toBe(stopped + 1)
    expect((await db().suggestionRun.findUniqueOrThrow({ where: { articleId: article.id } })).failure).toBe(first.message)
    // Asked again: the same answer from the record, nothing run (and the budget no longer matters).
    delete process.env.GALLEY_CHECKS_BUDGET_MS
    await expect(listSuggestions({ articleId: article.id, actor })).rejects.toMatchObject({ code: 'payload_too_large', message: first.message })
    expect(offloadStats().stopped).toBe(stopped + 1)
    // Over HTTP too (the server reads the same record).
    const res = await editor.get(`/api/articles/${article.id}/suggestions`)
    expect(res.status).toBe(413)
    expect(res.body.error).toEqual({ code: 'payload_too_large', message: first.message })
    // A new source changes what the checks run on: they run again, within the normal budget.
    expect((await editor.post(`/api/articles/${article.id}/sources`, { title: 'Wire', kind: 'wire', body: 'Vincent Pang spoke on Friday.' })).status).toBe(201)
    const { suggestions } = await listSuggestions({ articleId: article.id, actor })
    expect(suggestions.map((s) => [s.check, s.exact, s.correction])).toContainEqual(['source', 'Pain', 'Pang'])
    expect((await db().suggestionRun.findUniqueOrThrow({ where: { articleId: article.id } })).failure).toBeNull()
  }, 60_000)
})
