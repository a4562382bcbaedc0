/**
 * Importing annotations from other tools (W3C Web Annotation, Hypothesis) over HTTP: the round
 * trip of Galley's own export, Hypothesis rows, positions that are not trusted, fuzzy and
 * orphaned quotes, no duplicates, and bad input that changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, unique } from '@/lib/testing/api-client'
import { db, disconnectDb } from '@/lib/db/client'
import { federalist } from '@/lib/suggest/testing'

afterAll(disconnectDb)
const BODY = 'Vincent Pain, the vice president of the company, spoke on Friday. “We are talking with many firms,” he said. The council built 42 crossings in 2024.'
const cp = (needle: string) => {
  const i = BODY.indexOf(needle)
  return { start: [...BODY.slice(0, i)].length, end: [...BODY.slice(0, i)].length + [...needle].length, exact: needle }
}

let editor: ApiClient
beforeAll(async () => {
  editor = await ApiClient.as('editor@galley.test')
})
async function article(body = BODY) {
  const res = await editor.post('/api/articles', { title: unique('Import'), body })
  expect(res.status).toBe(201)
  return res.body.id as string
}
const annotations = async (id: string) => (await editor.get(`/api/articles/${id}/annotations`)).body.annotations as any[]
const importInto = (id: string, payload: unknown) => editor.post(`/api/articles/${id}/annotations/import`, payload)
const comparable = (a: any) => ({ kind: a.kind, start: a.start, end: a.end, exact: a.exact, correction: a.correction, category: a.category, verdict: a.verdict, speaker: a.speaker, verified: a.verified, note: a.note, sources: a.sources, orphaned: a.orphaned })

describe('POST /api/articles/:id/annotations/import', () => {
  it('round-trips Galley’s own W3C export into a copy of the article, and never twice', async () => {
    const from = await article()
    await editor.post(`/api/articles/${from}/annotations`, { kind: 'claim', ...cp('The council built 42 crossings in 2024.'), verdict: 'misleading', note: 'Council says 40.', sources: ['https://council.example/report'] })
    await editor.post(`/api/articles/${from}/annotations`, { kind: 'quote', ...cp('We are talking with many firms,'), speaker: 'Vincent Pang', verified: true, note: '' })
    await editor.post(`/api/articles/${from}/annotations`, { kind: 'error', ...cp('Pain'), correction: 'Pang', category: 'name', note: 'Company bio' })
    const w3c = (await editor.get(`/api/articles/${from}/export?format=w3c`)).body
    const exported = typeof w3c === 'string' ? JSON.parse(w3c) : w3c
    const to = await article()
    const res = await importInto(to, exported)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ imported: 3, exact: 3, fuzzy: 0, orphaned: 0, skipped: [] })
    const byStart = (list: any[]) => list.map(comparable).sort((x, y) => x.start - y.start)
    expect(byStart(await annotations(to))).toEqual(byStart(await annotations(from)))
    // Imported fixes are proposals: open, for a reviewer.
    expect((await annotations(to)).find((a) => a.kind === 'error').status).toBe('open')
    const again = await importInto(to, exported)
    expect(again.body.imported).toBe(0)
    expect(again.body.skipped).toHaveLength(3)
    expect(again.body.skipped[0].reason).toMatch(/already/)
    expect(await annotations(to)).toHaveLength(3)
    // Sent back to the article it came from: its own annotations, not copies.
    expect((await importInto(from, exported)).body.imported).toBe(0)
    // The article's history has one line for the import: who, when, how many and how each was
    // placed — not copies of the annotations, which are rows of their own (by the importer, open).
    const history = (await editor.get(`/api/articles/${to}/history`)).body.events as any[]
    const imports = history.filter((e) => e.action === 'annotation.import')
    expect(imports).toHaveLength(1)
    expect(imports[0].description).toBe('imported 3 annotations from another tool: 3 on their exact words, 0 found by fuzzy match')
    expect(imports[0].actor.email).toBe('editor@galley.test')
    expect(imports[0].after).toEqual({ imported: 3, exact: 3, fuzzy: 0, orphaned: 0, skipped: 0, kinds: expect.arrayContaining(['claim', 'quote', 'error']), revision: 1 })
    expect((await annotations(to)).every((a) => a.createdBy === imports[0].actor.id && a.createdAt <= imports[0].at)).toBe(true)
    expect(history.filter((e) => e.action === 'annotation.create')).toHaveLength(0)
  })

  it('takes Hypothesis API rows: highlights and notes become claims with the note’s text', async () => {
    const id = await article()
    const rows = {
      total: 2,
      rows: [
        { id: 'hyp-1', text: 'Is he really the vice president?', tags: ['check'], target: [{ source: 'https://news.example/a', selector: [{ type: 'RangeSelector', startContainer: '/p[1]', startOffset: 0, endContainer: '/p[1]', endOffset: 12 }, { type: 'TextPositionSelector', ...((({ start, end }) => ({ start, end }))(cp('the vice president'))) }, { type: 'TextQuoteSelector', exact: 'the vice president', prefix: 'Vincent Pain, ', suffix: ' of the company' }] }] },
        { id: 'hyp-2', text: '', target: [{ source: 'https://news.example/a', selector: [{ type: 'TextQuoteSelector', exact: '42 crossings' }] }] },
      ],
    }
    const res = await importInto(id, rows)
    expect(res.body).toMatchObject({ imported: 2, exact: 2, orphaned: 0 })
    const list = await annotations(id)
    expect(list.map((a) => [a.kind, a.exact, a.note, a.verdict])).toEqual([
      ['claim', 'the vice president', 'Is he really the vice president?', 'unverified'],
      ['claim', '42 crossings', '', 'unverified'],
    ])
    expect((await importInto(id, rows)).body.imported).toBe(0)
  })

  it('trusts a position only where its text is the quote, finds the quote otherwise (fuzzy too), and orphans what it cannot find', async () => {
    const id = await article()
    const wrong = cp('Friday') // a position on other words than the quote
    const items = [
      { id: 'x:1', motivation: 'editing', body: [{ type: 'TextualBody', purpose: 'editing', value: 'Pang' }], target: { selector: [{ type: 'TextQuoteSelector', exact: 'Pain', prefix: 'Vincent ', suffix: ', the vice' }, { type: 'TextPositionSelector', start: wrong.start, end: wrong.start + 4 }] } },
      { id: 'x:2', motivation: 'assessing', body: { type: 'TextualBody', purpose: 'assessing', value: 'False' }, target: { selector: { type: 'TextQuoteSelector', exact: 'The council bilt 42 crossings in 2024.', prefix: 'he said. ' } } },
      { id: 'x:3', motivation: 'commenting', body: { type: 'TextualBody', value: 'Where is this?' }, target: { selector: { type: 'TextQuoteSelector', exact: 'a sentence this article never had in it at all' } } },
      { id: 'x:4', motivation: 'editing', target: { selector: { type: 'TextQuoteSelector', exact: 'Friday' } } },
    ]
    const res = await importInto(id, items)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ imported: 3, exact: 1, fuzzy: 1, orphaned: 1 })
    expect(res.body.skipped).toEqual([{ index: 3, reason: expect.stringMatching(/without a correction/) }])
    const list = await annotations(id)
    const fix = list.find((a) => a.kind === 'error')
    expect(fix).toMatchObject({ ...cp('Pain'), correction: 'Pang', orphaned: false })
    expect(list.find((a) => a.verdict === 'false')).toMatchObject({ exact: 'The council built 42 crossings in 2024.', orphaned: false })
    const orphan = list.find((a) => a.orphaned)
    expect(orphan).toMatchObject({ kind: 'claim', exact: 'a sentence this article never had in it at all', note: 'Where is this?' })
  })

  it('refuses what it cannot read with a clear error, and changes nothing', async () => {
    const id = await article()
    const bad = await editor.request('POST', `/api/articles/${id}/annotations/import`, '{"type": "AnnotationCollection", ', { 'content-type': 'application/json' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toEqual(expect.any(String))
    const shape = await importInto(id, { hello: 'world' })
    expect(shape.status).toBe(422)
    expect(shape.body.error.message).toMatch(/AnnotationCollection/)
    const past = await importInto(id, [
      { motivation: 'assessing', target: { selector: { type: 'TextQuoteSelector', exact: 'Friday' } } },
      { motivation: 'assessing', target: { selector: [{ type: 'TextQuoteSelector', exact: 'Friday' }, { type: 'TextPositionSelector', start: 10, end: 100_000 }] } },
    ])
    expect(past.status).toBe(422)
    expect(past.body.error.message).toMatch(/Annotation 1: .*points outside/)
    expect(await annotations(id)).toHaveLength(0)
    expect((await new ApiClient().post(`/api/articles/${id}/annotations/import`, [])).status).toBe(401)
    expect((await importInto('00000000-0000-4000-8000-000000000000', [])).status).toBe(404)
  })

  it('holds every imported field to the rules of POST /annotations: 422 naming the field, nothing imported', async () => {
    const id = await article()
    const quote = (extra: Record<string, unknown> = {}) => ({ type: 'TextQuoteSelector', exact: 'Friday', ...extra })
    const w3c = (item: Record<string, unknown>) => ({ type: 'AnnotationCollection', first: { type: 'AnnotationPage', items: [item] } })
    const cases: Array<[string, unknown, string]> = [
      // A prefix of 40,000 characters froze the server for minutes; now it is refused at once.
      ['a 40,000-character prefix', [{ motivation: 'assessing', target: { selector: quote({ prefix: 'p'.repeat(40_000) }) } }], '0.prefix'],
      ['a 1,001-character suffix', { rows: [{ id: 'h', target: [{ selector: [quote({ suffix: 's'.repeat(1_001) })] }] }] }, 'rows.0.suffix'],
      ['a NUL in the quote', [{ motivation: 'assessing', target: { selector: quote({ exact: 'Fri\u0000day' }) } }], '0.exact'],
      ['an id of 3,000 characters', [{ id: `urn:x:${'i'.repeat(3_000)}`, motivation: 'assessing', target: { selector: quote() } }], '0.id'],
      ['a NUL in the id', [{ id: 'urn:x:\u0000', motivation: 'assessing', target: { selector: quote() } }], '0.id'],
      ['a speaker of 301 characters', w3c({ motivation: 'identifying', body: { type: 'TextualBody', purpose: 'identifying', value: 'S'.repeat(301) }, target: { selector: quote() } }), 'first.items.0.speaker'],
      ['a correction of 10,001 characters', [{ motivation: 'editing', body: { type: 'TextualBody', purpose: 'editing', value: 'c'.repeat(10_001) }, target: { selector: quote() } }], '0.correction'],
      ['a note of 10,001 characters', [{ motivation: 'commenting', bodyValue: 'n'.repeat(10_001), target: { selector: quote() } }], '0.note'],
      ['21 sources', [{ motivation: 'assessing', body: Array.from({ length: 21 }, (_, i) => ({ purpose: 'linking', source: `https://example.org/${i}` })), target: { selector: quote() } }], '0.sources'],
    ]
    for (const [what, payload, path] of cases) {
      const res = await importInto(id, payload)
      expect(res.status, what).toBe(422)
      expect(res.body.error.code, what).toBe('validation_failed')
      expect(res.body.error.details.fields.map((f: any) => f.path), what).toContain(path)
    }
    expect(await annotations(id)).toHaveLength(0)
    // Sources are stored as the API stores them: normalised, once each.
    const ok = await importInto(id, [{ motivation: 'assessing', body: [{ purpose: 'linking', source: 'HTTP://Example.COM/a b' }, { purpose: 'linking', source: 'http://example.com/a%20b' }], target: { selector: quote() } }])
    expect(ok.status).toBe(200)
    expect((await annotations(id))[0].sources).toEqual(['http://example.com/a%20b'])
  })

  it('refuses a collection whose pages are only linked (422: Galley does not fetch them), rather than importing nothing with 200', async () => {
    const id = await article()
    const linked = await importInto(id, { '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', total: 2, first: 'https://annotations.example/c/page1' })
    expect(linked.status).toBe(422)
    expect(linked.body.error.message).toMatch(/does not fetch/)
    const more = await importInto(id, { type: 'AnnotationCollection', first: { type: 'AnnotationPage', next: 'https://annotations.example/c/page2', items: [{ motivation: 'assessing', target: { selector: { type: 'TextQuoteSelector', exact: 'Friday' } } }] } })
    expect(more.status).toBe(422)
    expect(more.body.error.message).toMatch(/more pages/)
    const none = await importInto(id, { type: 'AnnotationCollection', total: 5 })
    expect(none.status).toBe(422)
    expect(await annotations(id)).toHaveLength(0)
    // An empty collection is simply empty; one page sent alone is imported.
    expect((await importInto(id, { type: 'AnnotationCollection', total: 0 })).body).toMatchObject({ imported: 0 })
    const page = await importInto(id, { type: 'AnnotationPage', next: 'https://annotations.example/c/page2', items: [{ motivation: 'assessing', target: { selector: { type: 'TextQuoteSelector', exact: 'Friday' } } }] })
    expect(page.body).toMatchObject({ imported: 1 })
  })

  it('places annotations off the request thread and within a budget: the server answers meanwhile, and a too-big import is 413 with nothing stored', async () => {
    const book = federalist().slice(0, 1_000_000)
    const created = await editor.post('/api/articles', { title: unique('Import budget'), body: book })
    expect(created.status).toBe(201)
    const id = created.body.id as string
    // 10,000 reworded 300-character quotes with no position: each is searched for across the whole megabyte.
    const items = Array.from({ length: 10_000 }, (_, i) => ({
      motivation: 'assessing',
      target: { selector: { type: 'TextQuoteSelector', exact: book.slice((i * 97) % 990_000, ((i * 97) % 990_000) + 300).replace(/e/g, 'x'), prefix: '', suffix: '' } },
    }))
    let answered = false
    const importing = importInto(id, items).finally(() => (answered = true))
    // Meanwhile, a colleague's reads and the health check are answered (before the import is).
    let whileImporting = 0
    while (!answered) {
      const [health, list] = await Promise.all([fetch(`${editor.baseUrl}/api/health`), editor.get(`/api/articles/${id}/annotations`)])
      expect(health.status).toBe(200)
      expect(list.status).toBe(200)
      if (!answered) whileImporting += 1
      await new Promise((r) => setTimeout(r, 200))
    }
    const res = await importing
    expect(whileImporting).toBeGreaterThanOrEqual(5)
    expect(res.status).toBe(413)
    expect(res.body.error.code).toBe('payload_too_large')
    expect(res.body.error.message).toMatch(/nothing was imported/)
    expect(res.body.error.details.placed).toBeLessThan(10_000)
    expect(await annotations(id)).toHaveLength(0)
    const history = (await editor.get(`/api/articles/${id}/history`)).body.events as any[]
    expect(history.filter((e) => e.action === 'annotation.import')).toHaveLength(0)
  }, 60_000)

  it('keeps the audit event of a 2,000-annotation import to a few hundred bytes', async () => {
    const id = await article()
    const items = Array.from({ length: 2_000 }, (_, i) => ({ id: `urn:x:${i}`, motivation: 'commenting', bodyValue: `Note ${i} `.repeat(50), target: { selector: { type: 'TextQuoteSelector', exact: 'Friday' } } }))
    const res = await importInto(id, items)
    expect(res.body).toMatchObject({ imported: 2_000 })
    const [row] = await db().$queryRaw<Array<{ size: number }>>`SELECT pg_column_size(after) AS size FROM "AuditEvent" WHERE action = 'annotation.import' AND "entityId" = ${id}`
    expect(row.size).toBeLessThan(500)
  })
})
