/**
 * The W3C export against the Web Annotation conformance assertions of web-platform-tests (every
 * MUST for annotations and for collections), and against the text its selectors point into.
 */
import fs from 'node:fs'
import path from 'node:path'
import Ajv from 'ajv-draft-04'
import { describe, expect, it } from 'vitest'
import { OffsetMap } from '@/lib/text/offsets'
import { describeSpan } from '@/lib/anchoring/describe'
import type { ExportAnnotation, ExportInput } from './article-export'
import { toWebAnnotations } from './web-annotation'

const WPT = path.join(__dirname, 'testdata', 'w3c-annotation-model')
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(WPT, file), 'utf8'))

/** wpt's runner, offline: draft-04 with the shared definitions, each assertion compiled on its own. */
const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false, validateFormats: false })
for (const file of fs.readdirSync(path.join(WPT, 'definitions'))) ajv.addSchema(readJson(path.join('definitions', file)))
function assertion(file: string) {
  const { id: _relative, ...schema } = readJson(file)
  return { file, expected: schema.expectedResult === 'valid', validate: ajv.compile(schema) }
}
const assertions = (list: string) => (readJson(list).assertions as string[]).map(assertion)

const BODY = 'WASHINGTON – Vincent Pain 🚀, senior vice head of state, spoke.\n\n“There are some firms speaking with us,” Pain said. 華為 objected.'
const map = new OffsetMap(BODY)
const cp = (needle: string) => map.toCodePoint(BODY.indexOf(needle))
const at = (needle: string) => describeSpan(BODY, cp(needle), cp(needle) + [...needle].length, map)
const annotation = (over: Partial<ExportAnnotation> & { id: string; kind: string; start: number; end: number; exact: string }): ExportAnnotation => ({
  correction: null,
  category: null,
  status: 'open',
  note: '',
  sources: [],
  orphaned: false,
  createdBy: '7f8d7c52-9a8b-4f0e-8a43-1c1c0f3f6a01',
  createdByName: 'Demo Editor',
  createdAt: '2026-11-26T10:00:00.000Z',
  updatedAt: '2026-11-26T10:05:00.000Z',
  ...over,
})

const input: ExportInput = {
  article: { id: '5d0c2d1e-1111-4a4a-9b9b-000000000001', title: 'Huawei in early talks', body: BODY, sourceUrl: 'https://wire.example/huawei?a=1&b=2', revision: 3 },
  annotations: [
    annotation({ id: 'a0000000-0000-4000-8000-000000000001', kind: 'error', ...at('Pain'), correction: 'Pang', category: 'name', status: 'approved', note: 'Same man as later' }),
    annotation({ id: 'a0000000-0000-4000-8000-000000000002', kind: 'claim', ...at('senior vice head of state'), verdict: 'false', sources: ['https://huawei.example/board'] }),
    annotation({ id: 'a0000000-0000-4000-8000-000000000003', kind: 'quote', ...at('There are some firms speaking with us'), speaker: 'Vincent Pang', verified: true }),
    annotation({ id: 'a0000000-0000-4000-8000-000000000004', kind: 'error', ...at('華為'), correction: '', category: 'other', status: 'rejected' }),
    annotation({ id: 'a0000000-0000-4000-8000-000000000005', kind: 'claim', start: 0, end: 4, exact: 'gone', prefix: '', suffix: ' text', verdict: 'unverified', orphaned: true }),
  ],
  reviews: [
    { annotationId: 'a0000000-0000-4000-8000-000000000001', reviewerId: '7f8d7c52-9a8b-4f0e-8a43-1c1c0f3f6a02', reviewerName: 'Demo Reviewer', decision: 'approve', comment: 'Per his bio', at: '2026-11-26T11:00:00.000Z' },
    { annotationId: 'a0000000-0000-4000-8000-000000000004', reviewerId: '7f8d7c52-9a8b-4f0e-8a43-1c1c0f3f6a02', reviewerName: 'Demo Reviewer', decision: 'reject', comment: '', at: '2026-11-26T11:01:00.000Z' },
  ],
}
const collection = toWebAnnotations(input, { origin: 'https://galley.example' }) as any
const items = collection.first.items as any[]

describe('W3C Web Annotation export', () => {
  it('passes every MUST of the annotation model for each annotation (web-platform-tests)', () => {
    const checks = assertions('annotations/annotationMusts.test')
    expect(checks.length).toBe(54)
    const failures: string[] = []
    for (const item of items) {
      for (const c of checks) if (c.validate(item) !== c.expected) failures.push(`${item.id} ${c.file}`)
    }
    expect(failures).toEqual([])
  })

  it('passes every MUST for the collection (web-platform-tests)', () => {
    const checks = assertions('collections/collectionMusts.test')
    expect(checks.length).toBeGreaterThan(5)
    expect(checks.filter((c) => c.validate(collection) !== c.expected).map((c) => c.file)).toEqual([])
    expect(collection).toMatchObject({ type: 'AnnotationCollection', total: 5, first: { type: 'AnnotationPage', startIndex: 0 } })
  })

  it('would fail a broken annotation: the assertions are live', () => {
    const checks = assertions('annotations/annotationMusts.test')
    const broken = { ...items[0], '@context': 'http://example.org/other', target: undefined }
    expect(checks.filter((c) => c.validate(broken) !== c.expected).length).toBeGreaterThanOrEqual(2)
  })

  it('uses the text position and quote selectors, which point at the same words in the named revision', () => {
    const hasQuote = assertion('annotations/specificResource/4.2.4-textQuoteSelector.json').validate
    const hasPosition = assertion('annotations/specificResource/4.2.5-textPositionSelector.json').validate
    for (const item of items) {
      expect(item.target.source).toBe('https://galley.example/api/articles/5d0c2d1e-1111-4a4a-9b9b-000000000001/revisions/3?format=text')
      expect(item.target.scope).toBe('https://wire.example/huawei?a=1&b=2')
      expect(hasQuote(item)).toBe(true)
      if (item.id.endsWith('5')) continue // orphaned: only its quote is still true
      expect(hasPosition(item)).toBe(true)
      const [q, p] = item.target.selector
      expect(map.slice(p.start, p.end)).toBe(q.exact)
      expect(BODY.includes(`${q.prefix}${q.exact}${q.suffix}`)).toBe(true)
    }
    expect(items[4].target.selector).toEqual({ type: 'TextQuoteSelector', exact: 'gone', prefix: '', suffix: ' text' })
  })

  it('says what each annotation means: the verdict, the speaker, the correction, and the reviews', () => {
    const [fix, claim, quote, rejected] = items
    expect(fix.motivation).toBe('editing')
    expect(fix.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ purpose: 'editing', value: 'Pang' }),
        expect.objectContaining({ purpose: 'classifying', value: 'name' }),
        expect.objectContaining({ purpose: 'commenting', value: 'Same man as later' }),
        expect.objectContaining({ purpose: 'moderating', value: 'Approved: Per his bio', creator: expect.objectContaining({ name: 'Demo Reviewer' }) }),
      ]),
    )
    expect(claim.motivation).toBe('assessing')
    expect(claim.body).toEqual([
      expect.objectContaining({ purpose: 'assessing', value: 'False' }),
      { type: 'SpecificResource', source: 'https://huawei.example/board', purpose: 'linking' },
    ])
    expect(quote.motivation).toBe('identifying')
    expect(quote.body[0]).toMatchObject({ purpose: 'identifying', value: 'Vincent Pang' })
    expect(rejected.body).toEqual(expect.arrayContaining([expect.objectContaining({ purpose: 'editing', value: '' }), expect.objectContaining({ value: 'Rejected' })]))
    expect(fix.creator).toEqual({ id: 'urn:uuid:7f8d7c52-9a8b-4f0e-8a43-1c1c0f3f6a01', type: 'Person', name: 'Demo Editor' })
  })

  it('is an empty collection without pages when nothing is annotated', () => {
    const empty = toWebAnnotations({ ...input, annotations: [], reviews: [] }, { origin: 'https://galley.example' })
    expect(empty).toMatchObject({ type: 'AnnotationCollection', total: 0 })
    expect(empty).not.toHaveProperty('first')
  })
})
