/**
 * Importing annotations from other tools (W3C Web Annotation, Hypothesis) over HTTP: the round
 * trip of Galley's own export, Hypothesis rows, positions that are not trusted, fuzzy and
 * orphaned quotes, no duplicates, and bad input that changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, unique } from '@/lib/testing/api-client'
import { disconnectDb } from '@/lib/db/client'

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
    // The article's history has one line for the import, holding each annotation as created.
    const history = (await editor.get(`/api/articles/${to}/history`)).body.events as any[]
    const imports = history.filter((e) => e.action === 'annotation.import')
    expect(imports).toHaveLength(1)
    expect(imports[0].description).toBe('imported 3 annotation(s) from another tool: 3 on their exact words, 0 found by fuzzy match')
    expect(imports[0].actor.email).toBe('editor@galley.test')
    expect(imports[0].after.annotations.map(comparable)).toEqual(byStart(await annotations(to)))
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
})
