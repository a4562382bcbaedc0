/**
 * Hostile input: over 200 malformed, out-of-range, mistyped, oversized, mis-encoded and injection
 * requests. Every one gets a 4xx with a clear message (never a 5xx) and leaves the database as it
 * was; payloads that are merely nasty text (SQL, HTML) are stored verbatim as text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, unique } from '@/lib/testing/api-client'
import { db, disconnectDb } from '@/lib/db/client'
import { createUser } from '@/lib/db/users'

type Case = { name: string; method: string; path: () => string; body?: unknown; raw?: string | Uint8Array; contentType?: string; status: number }

const BODY = 'Vincent Pain 🚀 said e\u0301 and 華為. Please enter your comment!'
let editor: ApiClient
let reviewer: ApiClient
let editorId: string
let reviewerId: string
let articleId: string
let fixId: string
let fixVersion: number

const cpLen = (s: string) => [...s].length
const painStart = cpLen(BODY.slice(0, BODY.indexOf('Pain')))
const good = { kind: 'error', start: painStart, end: painStart + 4, exact: 'Pain', correction: 'Pang', category: 'name' }

const cases: Case[] = []
const annotate = (name: string, body: unknown, status = 422) => cases.push({ name, method: 'POST', path: () => `/api/articles/${articleId}/annotations`, body, status })

// Offsets: negative, reversed, fractional, strings, huge, wrong types, for start and for end.
const badOffsets: Array<[string, unknown]> = [
  ['negative', -1],
  ['very negative', -1e9],
  ['fractional', 1.5],
  ['tiny fraction', 1e-9],
  ['numeric string', '8'],
  ['empty string', ''],
  ['word', 'eight'],
  ['huge', 1e12],
  ['beyond safe integers', 2 ** 60],
  ['Infinity as string', 'Infinity'],
  ['null', null],
  ['boolean', true],
  ['array', [8]],
  ['object', { value: 8 }],
]
for (const [label, value] of badOffsets) {
  annotate(`start ${label}`, { ...good, start: value })
  annotate(`end ${label}`, { ...good, end: value })
}
annotate('reversed offsets', { ...good, start: good.end, end: good.start })
annotate('empty span', { ...good, end: good.start })
annotate('end past the article', { ...good, end: 10_000 })
annotate('revision string', { ...good, revision: '1' })
annotate('revision zero', { ...good, revision: 0 })
annotate('revision from the future', { ...good, revision: 2 }, 409)
annotate('start past the article', { ...good, start: 9_999, end: 10_000 })
// Offsets that split a character: UTF-16 offsets sent as code points land mid-emoji or mid-accent.
const rocketU16 = BODY.indexOf('🚀')
annotate('UTF-16 offsets across an emoji', { kind: 'claim', start: rocketU16, end: rocketU16 + 2, exact: '🚀' })
annotate('half an emoji as exact', { kind: 'claim', start: cpLen(BODY.slice(0, rocketU16)), end: cpLen(BODY.slice(0, rocketU16)) + 1, exact: '\ud83d' })
annotate('accent split from its letter', { kind: 'claim', start: cpLen(BODY.slice(0, BODY.indexOf('e\u0301'))), end: cpLen(BODY.slice(0, BODY.indexOf('e\u0301'))) + 1, exact: 'e\u0301' })
annotate('CJK offsets counted in bytes', { kind: 'claim', start: Buffer.byteLength(BODY.slice(0, BODY.indexOf('華'))), end: Buffer.byteLength(BODY.slice(0, BODY.indexOf('華'))) + 6, exact: '華為' })
// exact that does not match.
for (const exact of ['Pang', 'pain', 'Pain ', ' Pain', 'Pai', '', 'P\u0000ain', 'Vincent Pain', 'Pain'.repeat(1000)]) annotate(`exact ${JSON.stringify(exact.slice(0, 12))}`, { ...good, exact })
// Unknown kinds.
for (const kind of ['rumour', '', 'CLAIM', 'Error', 'claim ', null, 1, ['claim'], { kind: 'claim' }]) annotate(`kind ${JSON.stringify(kind)}`, { ...good, kind })
// Wrong types and values per field.
const fieldCases: Array<[string, unknown]> = [
  ['correction', 1],
  ['correction', ['Pang']],
  ['correction', { text: 'Pang' }],
  ['correction', 'Pain'],
  ['correction', 'x'.repeat(10_001)],
  ['category', 'typo'],
  ['category', 5],
  ['category', ['name']],
  ['note', 123],
  ['note', { a: 1 }],
  ['note', 'n'.repeat(10_001)],
  ['note', 'a\u0000b'],
  ['sources', 'https://example.com'],
  ['sources', [1]],
  ['sources', ['javascript:alert(1)']],
  ['sources', ['not a url']],
  ['sources', ['ftp://example.com/x']],
  ['sources', Array.from({ length: 21 }, (_, i) => `https://example.com/${i}`)],
  ['sources', [null]],
]
for (const [field, value] of fieldCases) annotate(`${field} = ${JSON.stringify(value).slice(0, 30)}`, { ...good, [field]: value })
const claim = { kind: 'claim', start: good.start, end: good.end, exact: 'Pain' }
for (const [field, value] of [
  ['verdict', 'maybe'],
  ['verdict', 1],
  ['verdict', true],
  ['speaker', 'Pang'],
  ['verified', true],
  ['correction', 'x'],
  ['category', 'name'],
] as Array<[string, unknown]>) annotate(`claim with ${field}=${JSON.stringify(value)}`, { ...claim, [field]: value })
for (const [field, value] of [
  ['speaker', 1],
  ['speaker', 's'.repeat(301)],
  ['verified', 'yes'],
  ['verified', 1],
  ['verdict', 'true'],
] as Array<[string, unknown]>) annotate(`quote with ${field}=${JSON.stringify(value).slice(0, 20)}`, { ...claim, kind: 'quote', [field]: value })
// Missing fields.
for (const field of ['kind', 'start', 'end', 'exact']) {
  const body: Record<string, unknown> = { ...good }
  delete body[field]
  annotate(`missing ${field}`, body)
}
annotate('error without correction', { ...good, correction: undefined })
annotate('empty object', {})
annotate('array body', [good])
annotate('string body', 'kind=error', 400) // sent as is: not JSON
annotate('number body', 42)
annotate('null body', null)

// Malformed JSON, wrong encodings, oversized bodies — on several write routes.
const malformed = ['{', '[', '{"kind": }', '{"kind": "claim",}', "{'kind': 'claim'}", 'nul', 'undefined', '{"a":1}{"b":2}', '\u00ef\u00bb\u00bf{}', '{"kind": "claim" "start": 1}', '<xml/>', '--']
const writeRoutes: Array<[string, string, () => string]> = [
  ['POST', 'articles', () => '/api/articles'],
  ['POST', 'annotations', () => `/api/articles/${articleId}/annotations`],
  ['PATCH', 'annotation', () => `/api/annotations/${fixId}`],
  ['POST', 'review', () => `/api/annotations/${fixId}/review`],
  ['PUT', 'body', () => `/api/articles/${articleId}/body`],
  ['PATCH', 'article details', () => `/api/articles/${articleId}`],
  ['POST', 'tokens', () => '/api/tokens'],
]
for (const [method, label, path] of writeRoutes) {
  for (const raw of malformed) cases.push({ name: `${label}: malformed ${JSON.stringify(raw)}`, method, path, raw, status: 400 })
  cases.push({ name: `${label}: invalid UTF-8`, method, path, raw: new Uint8Array([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), status: 400 })
  cases.push({ name: `${label}: over 5 MB`, method, path, raw: JSON.stringify({ title: 'x', body: 'y'.repeat(5 * 1024 * 1024) }), status: 413 })
}

// Articles: wrong shapes and values.
const article = (name: string, body: unknown, status = 422) => cases.push({ name: `article ${name}`, method: 'POST', path: () => '/api/articles', body, status })
article('no title', { body: 'x' })
article('empty title', { title: '', body: 'x' })
article('blank title', { title: '   ', body: 'x' })
article('title too long', { title: 't'.repeat(301), body: 'x' })
article('title number', { title: 5, body: 'x' })
article('title NUL', { title: 'a\u0000b', body: 'x' })
article('no body', { title: 't' })
article('empty body', { title: 't', body: '' })
article('blank body', { title: 't', body: ' \n\n ' })
article('body number', { title: 't', body: 7 })
article('body array', { title: 't', body: ['x'] })
article('body NUL', { title: 't', body: 'a\u0000b' })
article('sourceUrl javascript:', { title: 't', body: 'x', sourceUrl: 'javascript:alert(1)' })
article('sourceUrl data:', { title: 't', body: 'x', sourceUrl: 'data:text/html,<script>alert(1)</script>' })
article('sourceUrl not a URL', { title: 't', body: 'x', sourceUrl: 'not a url' })
article('sourceUrl number', { title: 't', body: 'x', sourceUrl: 3 })

// Article details: the body is not editable here, and status is a closed list.
const details = (name: string, body: unknown, status = 422) => cases.push({ name: `article details ${name}`, method: 'PATCH', path: () => `/api/articles/${articleId}`, body, status })
details('nothing', {})
details('body', { body: 'replaced' })
details('revision', { revision: 9 })
details('status live', { status: 'live' })
details('status number', { status: 1 })
details('status SQL', { status: "published'; DROP TABLE \"Article\"; --" })
details('blank title', { title: ' ' })
details('title NUL', { title: 'a\u0000b' })
details('title too long', { title: 't'.repeat(301) })
details('sourceUrl javascript:', { sourceUrl: 'javascript:alert(1)' })
details('createdBy forged', { createdBy: '00000000-0000-0000-0000-000000000000' })

// Edits, reviews, bodies, exports and ids.
const patch = (name: string, body: unknown, status = 422) => cases.push({ name: `patch ${name}`, method: 'PATCH', path: () => `/api/annotations/${fixId}`, body, status })
patch('no version', { note: 'x' })
patch('version string', { version: '1', note: 'x' })
patch('version zero', { version: 0 })
patch('version fractional', { version: 1.5 })
patch('unknown field', { version: 1, status: 'approved' })
patch('kind change', { version: 1, kind: 'claim' })
patch('createdBy forged', { version: 1, createdBy: '00000000-0000-0000-0000-000000000000' })
patch('only start', { version: 1, start: 1 })
patch('verdict on an error', { version: 1, verdict: 'true' })
patch('stale version', { version: 99, note: 'x' }, 409)
const review = (name: string, body: unknown, status = 422) => cases.push({ name: `review ${name}`, method: 'POST', path: () => `/api/annotations/${fixId}/review`, body, status })
review('no decision', {})
review('decision maybe', { decision: 'maybe' })
review('decision APPROVE', { decision: 'APPROVE' })
review('decision number', { decision: 1 })
review('comment number', { decision: 'approve', comment: 5 })
review('comment too long', { decision: 'approve', comment: 'c'.repeat(5_001) })
review('version string', { decision: 'approve', version: '1' })
review('version zero', { decision: 'approve', version: 0 })
review('version fractional', { decision: 'approve', version: 1.5 })
review('stale version', { decision: 'approve', version: 99 }, 409)
const revise = (name: string, body: unknown, status = 422) => cases.push({ name: `revise ${name}`, method: 'PUT', path: () => `/api/articles/${articleId}/body`, body, status })
revise('no baseRevision', { body: 'x' })
revise('baseRevision string', { body: 'x', baseRevision: '1' })
revise('baseRevision zero', { body: 'x', baseRevision: 0 })
revise('empty body', { body: '', baseRevision: 1 })
revise('NUL body', { body: 'a\u0000', baseRevision: 1 })
revise('stale baseRevision', { body: 'x', baseRevision: 7 }, 409)
for (const format of ['pdf', 'TEXT', '', '../../etc/passwd', "text' OR '1'='1", '<script>']) {
  cases.push({ name: `export format ${JSON.stringify(format)}`, method: 'GET', path: () => `/api/articles/${articleId}/export?format=${encodeURIComponent(format)}`, status: 422 })
}
for (const id of ["1' OR '1'='1", '../../etc/passwd', '%00', 'null', '00000000-0000-0000-0000-00000000000g', '💥', 'a'.repeat(500), '00000000-0000-0000-0000-000000000000']) {
  const enc = encodeURIComponent(id)
  cases.push({ name: `article id ${JSON.stringify(id.slice(0, 20))}`, method: 'GET', path: () => `/api/articles/${enc}`, status: 404 })
  cases.push({ name: `annotations of article id ${JSON.stringify(id.slice(0, 20))}`, method: 'GET', path: () => `/api/articles/${enc}/annotations`, status: 404 })
  cases.push({ name: `patch annotation id ${JSON.stringify(id.slice(0, 20))}`, method: 'PATCH', path: () => `/api/annotations/${enc}`, body: { version: 1, note: 'x' }, status: 404 })
  cases.push({ name: `patch article id ${JSON.stringify(id.slice(0, 20))}`, method: 'PATCH', path: () => `/api/articles/${enc}`, body: { status: 'archived' }, status: 404 })
}

// Comments.
const comment = (name: string, body: unknown, status = 422) => cases.push({ name: `comment ${name}`, method: 'POST', path: () => `/api/annotations/${fixId}/comments`, body, status })
comment('no body', {})
comment('empty body', { body: '' })
comment('blank body', { body: '   ' })
comment('body number', { body: 1 })
comment('body NUL', { body: 'a\u0000b' })
comment('body too long', { body: 'c'.repeat(10_001) })
comment('foreign parent', { body: 'x', parentId: '00000000-0000-0000-0000-000000000000' })
comment('parent not a uuid', { body: 'x', parentId: "1' OR 1=1" }, 404)
for (const raw of malformed.slice(0, 4)) cases.push({ name: `comment malformed ${JSON.stringify(raw)}`, method: 'POST', path: () => `/api/annotations/${fixId}/comments`, raw, status: 400 })

// Numbers past PostgreSQL's 32-bit integers: a clear 422 (or 404 for a path), never a 500.
const INT32_PAST = 2_147_483_648
annotate('revision past 32 bits', { ...good, revision: INT32_PAST })
patch('version past 32 bits', { version: INT32_PAST, note: 'x' })
review('version past 32 bits', { decision: 'approve', version: INT32_PAST })
revise('baseRevision past 32 bits', { body: 'x', baseRevision: INT32_PAST })
cases.push({ name: 'publish baseRevision past 32 bits', method: 'POST', path: () => `/api/articles/${articleId}/publish`, body: { baseRevision: INT32_PAST }, status: 422 })
cases.push({ name: 'reattach version past 32 bits', method: 'POST', path: () => `/api/annotations/${fixId}/reattach`, body: { start: 0, end: 7, exact: 'Vincent', version: INT32_PAST }, status: 422 })
cases.push({ name: 'reattach end past offsets', method: 'POST', path: () => `/api/annotations/${fixId}/reattach`, body: { start: 0, end: 1e12, exact: 'Vincent' }, status: 422 })
cases.push({ name: 'dismiss version past 32 bits', method: 'POST', path: () => `/api/annotations/${fixId}/dismiss`, body: { version: INT32_PAST }, status: 422 })
for (const n of [String(INT32_PAST), '99999999999999999999', '1e3', '-1']) {
  cases.push({ name: `revision number ${n}`, method: 'GET', path: () => `/api/articles/${articleId}/revisions/${n}`, status: 404 })
}
for (const q of [`from=1&to=${INT32_PAST}`, `from=${INT32_PAST}&to=1`, 'from=1&to=1e40']) {
  cases.push({ name: `diff ${q}`, method: 'GET', path: () => `/api/articles/${articleId}/diff?${q}`, status: 422 })
}
cases.push({ name: 'review queue limit past 32 bits', method: 'GET', path: () => `/api/review-queue?limit=${INT32_PAST}`, status: 422 })
// Lone surrogates: no Unicode text holds one; stored, they would come back as U+FFFD.
for (const [label, raw] of [
  ['article body', '{"title":"t","body":"a\\ud800b"}'],
  ['article title', '{"title":"\\udfff","body":"b"}'],
  ['article key', '{"title":"t","body":"b","\\ud800":1}'],
] as const) cases.push({ name: `lone surrogate in ${label}`, method: 'POST', path: () => '/api/articles', raw, status: 422 })
cases.push({ name: 'lone surrogate in a note', method: 'POST', path: () => `/api/articles/${articleId}/annotations`, raw: JSON.stringify({ ...good }).replace(/}$/, ',"note":"\\ud83d"}'), status: 422 })
cases.push({ name: 'lone surrogate in a comment', method: 'POST', path: () => `/api/annotations/${fixId}/comments`, raw: '{"body":"x\\udc00"}', status: 422 })
// Spans that cut a character in two: a letter without its combining accent, half an emoji sequence.
const accented = cpLen(BODY.slice(0, BODY.indexOf('e\u0301')))
annotate('span ending between a letter and its combining accent', { kind: 'claim', start: accented - 5, end: accented + 1, exact: 'said e' })
annotate('span starting on a combining accent', { kind: 'claim', start: accented + 1, end: accented + 6, exact: '\u0301 and' })

// Annotation imports (issue 21): the same field rules as POST /annotations, selectors bounded, pages not fetched.
const importing = (name: string, body: unknown, status = 422) => cases.push({ name: `import ${name}`, method: 'POST', path: () => `/api/articles/${articleId}/annotations/import`, body, status })
const sel = (extra: Record<string, unknown> = {}) => ({ type: 'TextQuoteSelector', exact: 'Pain', ...extra })
const one = (a: Record<string, unknown>) => [{ motivation: 'assessing', target: { selector: sel() }, ...a }]
importing('a 40,000-character prefix', one({ target: { selector: sel({ prefix: 'p'.repeat(40_000) }) } }))
importing('a 40,000-character suffix', one({ target: { selector: sel({ suffix: 's'.repeat(40_000) }) } }))
importing('a quote of 1,000,001 characters', one({ target: { selector: sel({ exact: 'q'.repeat(1_000_001) }) } }))
importing('a NUL in the quote', one({ target: { selector: sel({ exact: 'Pa\u0000in' }) } }))
importing('a NUL in the prefix', one({ target: { selector: sel({ prefix: '\u0000' }) } }))
importing('an id of 100,000 characters', one({ id: 'i'.repeat(100_000) }))
importing('a NUL in the id', one({ id: 'urn:x:\u0000' }))
importing('a speaker of 301 characters', one({ motivation: 'identifying', body: { purpose: 'identifying', value: 's'.repeat(301) } }))
importing('a NUL in the speaker', one({ motivation: 'identifying', body: { purpose: 'identifying', value: 'a\u0000' } }))
importing('a correction of 10,001 characters', one({ motivation: 'editing', body: { purpose: 'editing', value: 'c'.repeat(10_001) } }))
importing('a NUL in the correction', one({ motivation: 'editing', body: { purpose: 'editing', value: 'Pa\u0000ng' } }))
importing('a note of 10,001 characters', one({ motivation: 'commenting', bodyValue: 'n'.repeat(10_001) }))
importing('21 sources', one({ body: Array.from({ length: 21 }, (_, i) => ({ purpose: 'linking', source: `https://example.com/${i}` })) }))
importing('a source URL of 3,000 characters', one({ body: { purpose: 'linking', source: `https://example.com/${'x'.repeat(3_000)}` } }))
importing('a collection whose first page is a link', { type: 'AnnotationCollection', total: 3, first: 'https://annotations.example/page1' })
importing('a collection whose next page is a link', { type: 'AnnotationCollection', first: { type: 'AnnotationPage', next: 'https://annotations.example/page2', items: one({}) } })
importing('a collection with a total and no pages', { type: 'AnnotationCollection', total: 3 })
importing('a position past 32 bits', one({ target: { selector: [sel(), { type: 'TextPositionSelector', start: 0, end: 2 ** 40 }] } }))
importing('a fractional position', one({ target: { selector: [sel(), { type: 'TextPositionSelector', start: 0.5, end: 4 }] } }))
// Web import: the source URL as the article form takes it; no NUL.
const webImport = (name: string, body: unknown, status = 422) => cases.push({ name: `web import ${name}`, method: 'POST', path: () => '/api/articles/import', body, status })
webImport('saved page with a javascript: URL', { html: '<p>x</p>', url: 'javascript:alert(1)' })
webImport('saved page with a data: URL', { html: '<p>x</p>', url: 'data:text/html,<script>alert(1)</script>' })
webImport('saved page with a URL of 3,000 characters', { html: '<p>x</p>', url: `https://example.com/${'x'.repeat(3_000)}` })
webImport('saved page with NUL', { html: '<p>a\u0000b</p>' })
webImport('a title with NUL', { url: 'https://example.com/a', title: 'a\u0000b' })
webImport('both a URL to fetch and unknown fields', { url: 'https://example.com/a', body: 'x' })

// Deep nesting: a body of 2 MB nested a million deep is read in linear time (a walk of it by
// recursion took seconds per few thousand levels, then overflowed into a 500).
cases.push({ name: 'article body nested a million deep', method: 'POST', path: () => '/api/articles', raw: '['.repeat(1_000_000) + ']'.repeat(1_000_000), status: 422 })
cases.push({ name: 'annotation nested a million deep with a lone surrogate at the bottom', method: 'POST', path: () => `/api/articles/${articleId}/annotations`, raw: '['.repeat(1_000_000) + '"\\ud800"' + ']'.repeat(1_000_000), status: 422 })
cases.push({ name: 'password change nested 5,000 deep, 400 times over', method: 'POST', path: () => '/api/account/password', raw: `[${Array.from({ length: 400 }, () => '['.repeat(5_000) + ']'.repeat(5_000)).join(',')}]`, status: 422 })

/** Rows this suite's own users could have written (other suites run in parallel). */
const counts = async () => ({
  comments: await db().comment.count({ where: { authorId: { in: [editorId, reviewerId] } } }),
  articles: await db().article.count({ where: { createdById: editorId } }),
  annotations: await db().annotation.count({ where: { createdById: editorId } }),
  reviews: await db().review.count({ where: { reviewerId } }),
  revisions: await db().articleRevision.count({ where: { createdById: editorId } }),
  tokens: await db().apiToken.count({ where: { userId: editorId } }),
  audit: await db().auditEvent.count({ where: { actorId: { in: [editorId, reviewerId] } } }),
})

beforeAll(async () => {
  const mk = async (role: 'editor' | 'reviewer') => {
    const { user } = await createUser({ email: `${unique(role)}@hostile.test`, name: role, role, password: 'hostile-password-1' })
    return { id: user.id, client: await ApiClient.as(user.email, 'hostile-password-1') }
  }
  const e = await mk('editor')
  const r = await mk('reviewer')
  ;[editor, editorId, reviewer, reviewerId] = [e.client, e.id, r.client, r.id]
  articleId = (await editor.post('/api/articles', { title: unique('Hostile'), body: BODY })).body.id
  const fix = (await editor.post(`/api/articles/${articleId}/annotations`, good)).body
  fixId = fix.id
  fixVersion = fix.version
})
afterAll(disconnectDb)

describe('hostile input', () => {
  it(`has at least 200 cases (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(200)
  })

  it('answers every case with the expected 4xx and a clear message, and changes nothing', async () => {
    const before = await counts()
    const failures: string[] = []
    for (const c of cases) {
      const client = c.name.startsWith('review') ? reviewer : editor
      let res
      if (c.raw !== undefined) {
        const r = await client.raw(c.path(), { method: c.method, headers: { 'content-type': c.contentType ?? 'application/json' }, body: c.raw as BodyInit })
        const text = await r.text()
        res = { status: r.status, body: text.startsWith('{') ? JSON.parse(text) : text }
      } else {
        res = await client.request(c.method, c.path(), c.body)
      }
      const message = res.body?.error?.message
      if (res.status !== c.status || typeof message !== 'string' || message.length < 8) failures.push(`${c.name}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`)
    }
    expect(failures).toEqual([])
    expect(await counts()).toEqual(before)
    const fix = await db().annotation.findUniqueOrThrow({ where: { id: fixId } })
    expect(fix).toMatchObject({ status: 'open', version: fixVersion, note: '' })
    expect(await db().article.findUniqueOrThrow({ where: { id: articleId } })).toMatchObject({ body: BODY, status: 'checking', revision: 1, sourceUrl: null })
  }, 180_000)

  it('stores SQL and HTML payloads verbatim, as text', async () => {
    const payloads = ["'; DROP TABLE \"Article\"; --", '" OR 1=1 --', '$$; SELECT pg_sleep(10); $$', '<script>alert("xss")</script>', '<img src=x onerror=alert(1)>', '{{7*7}} ${7*7}']
    for (const p of payloads) {
      const created = await editor.post('/api/articles', { title: p, body: `${p}\n\nBody ${p}` })
      expect(created.status).toBe(201)
      const got = (await editor.get(`/api/articles/${created.body.id}`)).body
      expect(got.title).toBe(p)
      expect(got.body).toBe(`${p}\n\nBody ${p}`)
      const note = await editor.post(`/api/articles/${created.body.id}/annotations`, { kind: 'claim', start: 0, end: [...p].length, exact: p, note: p })
      expect(note.status).toBe(201)
      expect(note.body.note).toBe(p)
      const c = await editor.post(`/api/annotations/${note.body.id}/comments`, { body: p })
      expect(c.status).toBe(201)
      expect(c.body.body).toBe(p)
    }
    expect(await db().article.count()).toBeGreaterThan(0) // the table is still there
  })
})
