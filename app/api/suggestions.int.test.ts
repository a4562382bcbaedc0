/**
 * Sources, suggestions and quote checks over HTTP against real PostgreSQL: every status of the
 * API, accept and dismiss (with their races and the audit trail), dismissals that hold across
 * revisions, and the exports carrying the sources.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, unique } from '@/lib/testing/api-client'
import { db, disconnectDb } from '@/lib/db/client'

const fixture = (name: string) => readFileSync(path.join(process.cwd(), 'lib/suggest/fixtures', name), 'utf8')
const ARTICLE = fixture('council-article.txt')
const WIRE = fixture('council-wire.txt')
const TRANSCRIPT = fixture('council-transcript.txt')

let editor: ApiClient
let reviewer: ApiClient
let anonymous: ApiClient
afterAll(disconnectDb)
beforeAll(async () => {
  editor = await ApiClient.as('editor@galley.test')
  reviewer = await ApiClient.as('reviewer@galley.test')
  anonymous = new ApiClient()
})

async function article(body = ARTICLE) {
  const res = await editor.post('/api/articles', { title: unique('Suggest'), body })
  expect(res.status).toBe(201)
  return res.body as { id: string; revision: number }
}

async function suggestions(id: string) {
  const res = await editor.get(`/api/articles/${id}/suggestions`)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body as { suggestions: any[]; missing: any[] }
}

const cp = (text: string, needle: string) => [...text.slice(0, text.indexOf(needle))].length

describe('sources', () => {
  it('are attached, listed without bodies, read with one, and deleted — each audited', async () => {
    const a = await article()
    const created = await editor.post(`/api/articles/${a.id}/sources`, { title: 'Wire original', kind: 'wire', body: WIRE, url: 'https://wire.example/riverton' })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ articleId: a.id, title: 'Wire original', kind: 'wire', url: 'https://wire.example/riverton', length: [...WIRE].length, createdBy: { name: 'Demo Editor' } })
    expect(created.body.body).toBeUndefined()
    const list = (await reviewer.get(`/api/articles/${a.id}/sources`)).body.sources
    expect(list.map((s: any) => s.id)).toEqual([created.body.id])
    expect((await reviewer.get(`/api/sources/${created.body.id}`)).body.body).toBe(WIRE)
    expect((await editor.delete(`/api/sources/${created.body.id}`)).status).toBe(204)
    expect((await editor.get(`/api/sources/${created.body.id}`)).status).toBe(404)
    expect((await editor.delete(`/api/sources/${created.body.id}`)).status).toBe(404)
    expect((await editor.get(`/api/articles/${a.id}/sources`)).body.sources).toEqual([])
    const history = (await editor.get(`/api/articles/${a.id}/history`)).body.events.map((e: any) => e.description)
    expect(history).toContain('attached a source (wire): “Wire original”')
    expect(history).toContain('removed the source (wire) “Wire original”')
  })

  it('refuse bad input with a clear 4xx and store nothing', async () => {
    const a = await article()
    const bad = [
      [{ title: 'x', kind: 'rumour', body: 'text' }, 422, 'kind'],
      [{ title: 'x', kind: 'wire', body: '   ' }, 422, 'body'],
      [{ title: '', kind: 'wire', body: 'text' }, 422, 'title'],
      [{ title: 'x', kind: 'wire', body: 'text', url: 'javascript:alert(1)' }, 422, 'url'],
    ] as const
    for (const [input, status, field] of bad) {
      const res = await editor.post(`/api/articles/${a.id}/sources`, input)
      expect(res.status, JSON.stringify(input)).toBe(status)
      expect(res.body.error.code).toBe('validation_failed')
      expect(JSON.stringify(res.body.error)).toContain(field)
    }
    const huge = await editor.post(`/api/articles/${a.id}/sources`, { title: 'Big', kind: 'wire', body: 'x'.repeat(5 * 1024 * 1024 + 10) })
    expect(huge.status).toBe(413)
    expect((await editor.post(`/api/articles/00000000-0000-4000-8000-000000000000/sources`, { title: 'x', kind: 'wire', body: 'y' })).status).toBe(404)
    expect((await editor.get('/api/sources/not-an-id')).status).toBe(404)
    expect(await db().articleSource.count({ where: { articleId: a.id } })).toBe(0)
  })

  it('are read by anyone signed in and written by editors, reviewers and admins only', async () => {
    const a = await article()
    expect((await anonymous.get(`/api/articles/${a.id}/sources`)).status).toBe(401)
    expect((await anonymous.post(`/api/articles/${a.id}/sources`, { title: 'x', kind: 'wire', body: 'y' })).status).toBe(401)
    expect((await anonymous.get(`/api/articles/${a.id}/suggestions`)).status).toBe(401)
    expect((await anonymous.get(`/api/articles/${a.id}/quote-checks`)).status).toBe(401)
    expect((await reviewer.post(`/api/articles/${a.id}/sources`, { title: 'x', kind: 'other', body: 'y' })).status).toBe(201)
  })
})

describe('suggestions', () => {
  it('come from the built-in checks without a source, in text order, with code-point offsets', async () => {
    const body = '🚀 Vincent Pain spoke. Later, Pang left with licenses, licenses.\n\nPlease enter your comment!'
    const a = await article(body)
    const { suggestions: list } = await suggestions(a.id)
    // One of each spelling and no source: one suggestion asks which is right (never both ways).
    expect(list.map((s) => [s.check, s.exact, s.correction])).toEqual([
      ['name', 'Pang', 'Pain'],
      ['repeated-word', ', licenses', ''],
      ['residue', '\n\nPlease enter your comment!', ''],
    ])
    for (const s of list) {
      expect([...body].slice(s.start, s.end).join('')).toBe(s.exact)
      expect(s).toMatchObject({ status: 'open', revision: 1, alternatives: [], sourceId: null, message: expect.any(String) })
    }
  })

  it('compare with the wire: its wording as the correction, not-in-source, missing sentences; the source outranks the name check', async () => {
    const a = await article()
    const wire = (await editor.post(`/api/articles/${a.id}/sources`, { title: 'Wire', kind: 'wire', body: WIRE })).body
    const { suggestions: list, missing } = await suggestions(a.id)
    const shown = list.map((s) => `${s.check}: ${s.exact} → ${s.correction}`)
    expect(shown).toContain('source: huge → giant')
    expect(shown).toContain('source: half → third')
    expect(shown).toContain('not-in-source: The bridge is the longest of its kind in the country. → null')
    expect(shown.filter((s) => s.endsWith('→ Olsen'))).toEqual([])
    expect(list.find((s) => s.exact === 'huge').sourceId).toBe(wire.id)
    expect(missing.map((m) => m.text)).toContain('Work on the foundations is planned to start in March, once the river is low enough.')
    // Removing the source recomputes without it: the name check is back.
    await editor.delete(`/api/sources/${wire.id}`)
    const again = (await suggestions(a.id)).suggestions.map((s) => `${s.check}: ${s.exact} → ${s.correction}`)
    expect(again).toContain('name: Olson → Olsen')
    expect(again.filter((s) => s.startsWith('source'))).toEqual([])
  })

  it('accept: an open error annotation by whoever accepted it, the check in its note, reviewable by someone else; audited', async () => {
    const a = await article()
    const s = (await suggestions(a.id)).suggestions.find((x) => x.check === 'spinner' && x.exact === 'and also')
    const res = await editor.post(`/api/suggestions/${s.id}/accept`, { correction: 'and' })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body).toMatchObject({ kind: 'error', status: 'open', exact: 'and also', correction: 'and', start: s.start, end: s.end, createdByName: 'Demo Editor' })
    expect(res.body.note).toContain('spinner phrase check')
    expect((await editor.post(`/api/suggestions/${s.id}/accept`)).status).toBe(409)
    expect((await editor.post(`/api/suggestions/${s.id}/dismiss`)).status).toBe(409)
    expect((await suggestions(a.id)).suggestions.map((x) => x.id)).not.toContain(s.id)
    expect((await editor.post(`/api/annotations/${res.body.id}/review`, { decision: 'approve' })).status).toBe(403)
    expect((await reviewer.post(`/api/annotations/${res.body.id}/review`, { decision: 'approve' })).status).toBe(200)
    const history = (await editor.get(`/api/articles/${a.id}/history`)).body.events.map((e: any) => e.description)
    expect(history).toContain('accepted a spinner suggestion on “and also”')
    expect(history).toContain('proposed a fix: “and also” → “and” (other)')
  })

  it('accept with an edited correction, or of a not-in-source suggestion as a claim; a same-as-text correction is refused', async () => {
    const a = await article()
    await editor.post(`/api/articles/${a.id}/sources`, { title: 'Wire', kind: 'wire', body: WIRE })
    const list = (await suggestions(a.id)).suggestions
    const huge = list.find((x) => x.exact === 'huge')
    expect((await editor.post(`/api/suggestions/${huge.id}/accept`, { correction: 'huge' })).status).toBe(422)
    expect((await editor.post(`/api/suggestions/${huge.id}/accept`, { correction: 'vast' })).body).toMatchObject({ correction: 'vast', category: 'fact' })
    const claim = list.find((x) => x.check === 'not-in-source')
    expect((await editor.post(`/api/suggestions/${claim.id}/accept`)).body).toMatchObject({ kind: 'claim', verdict: 'unverified', correction: null })
  })

  it('two people accepting the same suggestion at once: exactly one annotation', async () => {
    const a = await article()
    const s = (await suggestions(a.id)).suggestions[0]
    const results = await Promise.all([editor.post(`/api/suggestions/${s.id}/accept`), reviewer.post(`/api/suggestions/${s.id}/accept`)])
    expect(results.map((r) => r.status).sort()).toEqual([201, 409])
    expect(await db().annotation.count({ where: { articleId: a.id } })).toBe(1)
  })

  it('an accept and a dismiss of the same suggestion at once: one decision wins, and the desk agrees with it', async () => {
    const a = await article()
    const s = (await suggestions(a.id)).suggestions[0]
    const [accepted, dismissed] = await Promise.all([editor.post(`/api/suggestions/${s.id}/accept`), reviewer.post(`/api/suggestions/${s.id}/dismiss`)])
    // Either may come first (it was a three-way race with a second accept, which assumed the accept won).
    expect([accepted.status, dismissed.status].sort()).toEqual(accepted.status === 201 ? [201, 409] : [204, 409])
    const row = await db().suggestion.findUniqueOrThrow({ where: { id: s.id } })
    expect(row.status).toBe(accepted.status === 201 ? 'accepted' : 'dismissed')
    expect(await db().annotation.count({ where: { articleId: a.id } })).toBe(accepted.status === 201 ? 1 : 0)
  })

  it('409 when the article changed under the suggestion; the recomputed one is on the new text', async () => {
    const a = await article()
    const s = (await suggestions(a.id)).suggestions.find((x) => x.exact === 'and also')
    const edited = ARTICLE.replace('RIVERTON – ', 'RIVERTON, Tuesday – ')
    expect((await editor.put(`/api/articles/${a.id}/body`, { body: edited, baseRevision: 1 })).status).toBe(200)
    const res = await editor.post(`/api/suggestions/${s.id}/accept`)
    expect(res.status).toBe(409)
    expect(res.body.error.message).toContain('revision 2')
    const now = (await suggestions(a.id)).suggestions.find((x) => x.exact === 'and also')
    expect(now.id).toBe(s.id) // the same finding keeps its row…
    expect(now).toMatchObject({ revision: 2, start: cp(edited, 'and also the timetable') }) // …on the new text
    expect((await editor.post(`/api/suggestions/${s.id}/accept`)).status).toBe(201)
  })

  it('dismiss: hidden, audited, and still dismissed after a revision that keeps the words', async () => {
    const a = await article()
    const found = (await suggestions(a.id)).suggestions
    const s = found.find((x) => x.check === 'residue')
    // The article list's progress line counts the suggestions still waiting for a decision.
    const waiting = async () => (await editor.get('/api/articles')).body.articles.find((x: any) => x.id === a.id).suggestionsWaiting
    expect(await waiting()).toBe(found.length)
    expect((await editor.post(`/api/suggestions/${s.id}/dismiss`)).status).toBe(204)
    expect(await waiting()).toBe(found.length - 1)
    expect((await suggestions(a.id)).suggestions.map((x) => x.check)).not.toContain('residue')
    await editor.put(`/api/articles/${a.id}/body`, { body: ARTICLE.replace('huge', 'vast'), baseRevision: 1 })
    expect(await waiting()).toBe(0) // computed for revision 1: none are waiting on revision 2 until it is checked
    const again = (await suggestions(a.id)).suggestions
    expect(again.map((x) => x.check)).not.toContain('residue')
    expect(await waiting()).toBe(again.length)
    const history = (await editor.get(`/api/articles/${a.id}/history`)).body.events.map((e: any) => e.description)
    expect(history.some((h: string) => h.startsWith('dismissed a residue suggestion'))).toBe(true)
  })

  it('unknown ids, a reader without write permission and an archived article are refused', async () => {
    expect((await editor.post('/api/suggestions/00000000-0000-4000-8000-000000000000/accept')).status).toBe(404)
    expect((await editor.post('/api/suggestions/nope/dismiss')).status).toBe(404)
    expect((await editor.get('/api/articles/00000000-0000-4000-8000-000000000000/suggestions')).status).toBe(404)
    const a = await article()
    const s = (await suggestions(a.id)).suggestions[0]
    expect((await editor.post(`/api/suggestions/${s.id}/accept`, { correction: 42 })).status).toBe(422)
    await editor.patch(`/api/articles/${a.id}`, { status: 'archived' })
    expect((await editor.post(`/api/suggestions/${s.id}/accept`)).status).toBe(409)
    expect((await editor.post(`/api/articles/${a.id}/sources`, { title: 'x', kind: 'wire', body: 'y' })).status).toBe(409)
    expect(await db().annotation.count({ where: { articleId: a.id } })).toBe(0)
  })
})

describe('quote checks', () => {
  it('verbatim, altered (with the diff) and not found, against the transcript; quote annotations included', async () => {
    const body = 'Olson said: “We have talked about this bridge for ten years, and tonight we stopped talking.” She added: "People will be able to walk to the station in less time than it takes to find a space." Then: “Bridges are the future of every city.” Reyes called it a costly mistake for everyone.'
    const a = await article(body)
    const t = (await editor.post(`/api/articles/${a.id}/sources`, { title: 'Press conference', kind: 'transcript', body: TRANSCRIPT })).body
    const q = await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'quote', start: cp(body, 'a costly mistake'), end: cp(body, 'a costly mistake') + 16, exact: 'a costly mistake' })
    expect(q.status).toBe(201)
    const res = await editor.get(`/api/articles/${a.id}/quote-checks`)
    expect(res.status).toBe(200)
    const quotes = res.body.quotes
    expect(quotes.map((x: any) => x.status)).toEqual(['verbatim', 'altered', 'not_found', 'not_found'])
    expect(quotes[0]).toMatchObject({ sourceId: t.id, source: { exact: 'We have talked about this bridge for ten years, and tonight we stopped talking' } })
    expect([...TRANSCRIPT].slice(quotes[0].source.start, quotes[0].source.end).join('')).toBe(quotes[0].source.exact)
    expect(quotes[1].diff.filter((d: any) => d[0] !== 0)).toEqual([[1, 'parking']])
    expect(quotes[3]).toMatchObject({ exact: 'a costly mistake', annotationId: q.body.id })
    for (const x of quotes) expect([...body].slice(x.start, x.end).join('')).toBe(x.exact)
  })
})

describe('quote checks at scale', () => {
  it('are worked out off the request thread a few seconds at a time, kept per revision, and answered from the cache after', async () => {
    const transcript = readFileSync(path.join(process.cwd(), 'bench/fixtures/federalist-2009.txt'), 'utf8').slice(0, 1_000_000)
    // 200 quotes, each a passage of the transcript with one word changed: every one needs an approximate search of the megabyte.
    const paragraphs = Array.from({ length: 200 }, (_, i) => {
      const at = transcript.indexOf(' ', 2_000 + i * 4_900) + 1
      const words = transcript.slice(at, at + 400).split(/\s+/).slice(0, 14)
      words[6] = 'reportedly'
      return `The speaker said: “${words.join(' ').replace(/[“”"]/g, '')}.”`
    })
    const a = await article(paragraphs.join('\n\n'))
    expect((await editor.post(`/api/articles/${a.id}/sources`, { title: 'Transcript', kind: 'transcript', body: transcript })).status).toBe(201)
    const rounds: Array<{ complete: boolean; quotes: any[] }> = []
    let healthWhileChecking = 0
    for (;;) {
      let answered = false
      const checking = editor.get(`/api/articles/${a.id}/quote-checks`).finally(() => (answered = true))
      while (!answered) {
        expect((await fetch(`${editor.baseUrl}/api/health`)).status).toBe(200)
        if (!answered) healthWhileChecking += 1
        await new Promise((r) => setTimeout(r, 100))
      }
      const res = await checking
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      rounds.push(res.body)
      if (res.body.complete) break
      expect(rounds.length).toBeLessThan(30)
    }
    // More than one round, each with more done than the one before; the server answered throughout.
    expect(rounds.length).toBeGreaterThan(1)
    expect(rounds.map((r) => r.quotes.length)).toEqual([...rounds.map((r) => r.quotes.length)].sort((x, y) => x - y))
    expect(rounds.at(-1)!.quotes).toHaveLength(200)
    expect(rounds.at(-1)!.quotes.every((q: any) => q.status === 'altered')).toBe(true)
    expect(healthWhileChecking).toBeGreaterThanOrEqual(rounds.length)
    // Kept: asking again reads the stored checks, computed once.
    const stored = await db().quoteCheckRun.findUniqueOrThrow({ where: { articleId: a.id } })
    const again = await editor.get(`/api/articles/${a.id}/quote-checks`)
    expect(again.body).toEqual({ quotes: rounds.at(-1)!.quotes, complete: true })
    expect((await db().quoteCheckRun.findUniqueOrThrow({ where: { articleId: a.id } })).computedAt).toEqual(stored.computedAt)
    // A new quote annotation is checked on its own; the 200 done are reused.
    const body = paragraphs.join('\n\n')
    const start = cp(body, 'The speaker said')
    expect((await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'quote', start, end: start + 16, exact: 'The speaker said' })).status).toBe(201)
    const withNew = await editor.get(`/api/articles/${a.id}/quote-checks`)
    expect(withNew.body.complete).toBe(true)
    expect(withNew.body.quotes).toHaveLength(201)
  }, 120_000)
})

describe('exports', () => {
  it('JSON and W3C exports carry the article’s sources', async () => {
    const a = await article()
    const wire = (await editor.post(`/api/articles/${a.id}/sources`, { title: 'Wire <original>', kind: 'wire', body: WIRE, url: 'https://wire.example/r' })).body
    const json = (await editor.get(`/api/articles/${a.id}/export?format=json`)).body
    expect(json.sources).toEqual([expect.objectContaining({ id: wire.id, title: 'Wire <original>', kind: 'wire', url: 'https://wire.example/r' })])
    const start = cp(ARTICLE, 'We have talked')
    await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'quote', start, end: start + 14, exact: 'We have talked' })
    const w3c = (await editor.get(`/api/articles/${a.id}/export?format=w3c`)).body
    expect(w3c.first.items[0].body).toContainEqual({ type: 'SpecificResource', source: 'https://wire.example/r', purpose: 'linking' })
  })
})
