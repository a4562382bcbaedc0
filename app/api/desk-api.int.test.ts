/**
 * The desk's JSON API contract, over HTTP against the running test server and real PostgreSQL:
 * articles, annotations, edits with versions, reviews with four-eyes and collisions, exports,
 * and every error status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, unique } from '@/lib/testing/api-client'
import { createUser } from '@/lib/db/users'
import { db, disconnectDb } from '@/lib/db/client'

let editor: ApiClient
let editor2: ApiClient
let reviewer: ApiClient
let reviewer2: ApiClient
let admin: ApiClient
const anon = new ApiClient()

const BODY =
  'WASHINGTON – Vincent Pain, senior vice head of state at Huawei, spoke. 🚀 Launch near 華為 HQ.\n\n' +
  '“There are some firms speaking with us,” Pain said. The UNITED STATE objected to licenses, licenses.\n\n' +
  'Please enter your comment!'

/** Code-point span of the `nth` occurrence of `needle` in BODY. */
function span(needle: string, nth = 0) {
  let u = -1
  for (let i = 0; i <= nth; i++) u = BODY.indexOf(needle, u + 1)
  if (u < 0) throw new Error(`no ${needle}`)
  const start = [...BODY.slice(0, u)].length
  return { start, end: start + [...needle].length, exact: needle }
}

async function newArticle(client = editor, body = BODY) {
  const res = await client.post('/api/articles', { title: unique('Story'), body, sourceUrl: 'https://wire.example/story' })
  expect(res.status).toBe(201)
  return res.body as { id: string; body: string }
}

async function newFix(articleId: string, needle: string, correction: string, client = editor, nth = 0, category = 'name') {
  const res = await client.post(`/api/articles/${articleId}/annotations`, { kind: 'error', ...span(needle, nth), correction, category })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body as { id: string; version: number }
}

beforeAll(async () => {
  const password = 'desk-api-test-pw'
  const mk = async (role: 'editor' | 'reviewer') => {
    const { user } = await createUser({ email: `${unique(role)}@desk.test`, name: unique(role), role, password })
    return ApiClient.as(user.email, password)
  }
  ;[editor, editor2, reviewer, reviewer2] = await Promise.all([mk('editor'), mk('editor'), mk('reviewer'), mk('reviewer')])
  admin = await ApiClient.as('admin@galley.test')
})
afterAll(disconnectDb)

describe('articles', () => {
  it('creates an article whose body round-trips byte for byte', async () => {
    const tricky = 'Line one\r\n\r\n  indented  \n\ttab 🚀 e\u0301 華為 <script>alert(1)</script>\n\n\n'
    const created = await newArticle(editor, tricky)
    expect(created).toMatchObject({ body: tricky, status: 'checking', revision: 1 })
    const got = await editor.get(`/api/articles/${created.id}`)
    expect(got.status).toBe(200)
    expect(Object.keys(got.body)).toEqual(expect.arrayContaining(['id', 'title', 'body', 'sourceUrl', 'status', 'revision', 'createdAt', 'updatedAt']))
    expect(got.body.body).toBe(tricky)
    const list = await reviewer.get('/api/articles')
    const item = list.body.articles.find((a: { id: string }) => a.id === created.id)
    expect(item.counts.error).toEqual({ open: 0, approved: 0, rejected: 0, applied: 0 })
  })

  it('edits title, source and desk status with an audit line; the body only changes by revision', async () => {
    const a = await newArticle()
    const res = await editor.patch(`/api/articles/${a.id}`, { title: 'Huawei talks: corrected', sourceUrl: 'https://wire.example/huawei', status: 'published' })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body).toMatchObject({ id: a.id, title: 'Huawei talks: corrected', sourceUrl: 'https://wire.example/huawei', status: 'published', body: BODY, revision: 1 })
    expect((await reviewer.get(`/api/articles/${a.id}`)).body).toMatchObject({ title: 'Huawei talks: corrected', status: 'published' })
    const item = (await reviewer.get('/api/articles')).body.articles.find((x: { id: string }) => x.id === a.id)
    expect(item.status).toBe('published')
    // Nothing changed: no audit line. Clearing the source is a change.
    expect((await editor.patch(`/api/articles/${a.id}`, { status: 'published' })).status).toBe(200)
    expect((await editor.patch(`/api/articles/${a.id}`, { sourceUrl: '' })).body.sourceUrl).toBeNull()
    const history = (await editor.get(`/api/articles/${a.id}/history`)).body.events.map((e: { description: string }) => e.description)
    expect(history.slice(1)).toEqual([
      expect.stringMatching(/^retitled the article “Story-.*” → “Huawei talks: corrected”; set the source to https:\/\/wire\.example\/huawei; marked the article published \(was checking\)$/),
      'removed the source URL',
    ])
    for (const [payload, message] of [
      [{}, /at least one/],
      [{ status: 'live' }, /status/],
      [{ title: '  ' }, /title/],
      [{ sourceUrl: 'javascript:alert(1)' }, /sourceUrl/],
      [{ body: 'sneaky' }, /unrecognized key.*body/i],
    ] as const) {
      const bad = await editor.patch(`/api/articles/${a.id}`, payload)
      expect(bad.status, JSON.stringify(payload)).toBe(422)
      expect(bad.body.error.message).toMatch(message)
    }
    expect((await editor.get(`/api/articles/${a.id}`)).body).toMatchObject({ title: 'Huawei talks: corrected', body: BODY, sourceUrl: null })
    expect((await editor.patch('/api/articles/00000000-0000-0000-0000-000000000000', { status: 'archived' })).status).toBe(404)
    expect((await anon.patch(`/api/articles/${a.id}`, { status: 'archived' })).status).toBe(401)
  })

  it('rejects anonymous callers with 401 JSON and bad input with 400/413/422', async () => {
    expect((await anon.get('/api/articles')).status).toBe(401)
    expect((await anon.post('/api/articles', { title: 't', body: 'b' })).status).toBe(401)
    expect((await anon.get('/api/nope')).status).toBe(401)
    const malformed = await editor.request('POST', '/api/articles', '{"title": "x", "body": ')
    expect(malformed.status).toBe(400)
    expect(malformed.body.error.code).toBe('bad_request')
    const invalid = await editor.post('/api/articles', { title: '', body: '   ', sourceUrl: 'javascript:alert(1)' })
    expect(invalid.status).toBe(422)
    expect(invalid.body.error.message).toMatch(/title/)
    expect(invalid.body.error.message).toMatch(/body/)
    expect(invalid.body.error.message).toMatch(/sourceUrl/)
    const huge = await editor.post('/api/articles', { title: 'big', body: 'x'.repeat(5 * 1024 * 1024 + 10) })
    expect(huge.status).toBe(413)
    expect((await editor.get('/api/articles/00000000-0000-0000-0000-000000000000')).status).toBe(404)
    expect((await editor.get('/api/articles/not-a-uuid')).status).toBe(404)
    expect((await editor.get('/api/nope')).status).toBe(404)
  })
})

describe('annotations', () => {
  it('creates claims, quotes and errors with server-computed W3C context', async () => {
    const a = await newArticle()
    const claim = await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'claim', ...span('The UNITED STATE objected'), verdict: 'needs context', sources: ['https://example.org/a'] })
    expect(claim.status).toBe(201)
    expect(claim.body).toMatchObject({ kind: 'claim', verdict: 'needs_context', status: 'open', orphaned: false, version: 1, articleId: a.id })
    const quote = await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'quote', ...span('There are some firms speaking with us'), speaker: 'Vincent Pang', verified: true })
    expect(quote.body).toMatchObject({ kind: 'quote', speaker: 'Vincent Pang', verified: true })
    const fix = await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'error', ...span('Pain'), correction: 'Pang', category: 'name', note: 'Same man as later' })
    expect(fix.status).toBe(201)
    const body = fix.body
    for (const key of ['id', 'articleId', 'kind', 'start', 'end', 'exact', 'prefix', 'suffix', 'correction', 'category', 'note', 'verdict', 'speaker', 'sources', 'status', 'orphaned', 'version', 'createdBy', 'createdAt']) {
      expect(body).toHaveProperty(key)
    }
    expect(body.prefix).toBe('WASHINGTON – Vincent ')
    expect([...body.suffix]).toHaveLength(32)
    expect(body.suffix.startsWith(', senior vice head')).toBe(true)
    const list = await reviewer.get(`/api/articles/${a.id}/annotations`)
    expect(list.body.annotations.map((x: { kind: string }) => x.kind)).toEqual(['error', 'quote', 'claim']) // text order
  })

  it('counts offsets in code points, past emoji and CJK', async () => {
    const a = await newArticle()
    const s = span('華為')
    expect(BODY.indexOf('華為')).toBe(s.start + 1) // the rocket is two UTF-16 units, one code point
    const res = await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'error', ...s, correction: '华为', category: 'spelling' })
    expect(res.status).toBe(201)
    expect(res.body.prefix.endsWith('🚀 Launch near ')).toBe(true)
    // Prefix and suffix are the 32 code points either side (fewer at the ends of the text).
    const points = [...BODY]
    expect(res.body.prefix).toBe(points.slice(Math.max(0, s.start - 32), s.start).join(''))
    expect(res.body.suffix).toBe(points.slice(s.end, s.end + 32).join(''))
    const first = await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'claim', start: 0, end: 3, exact: points.slice(0, 3).join('') })
    expect(first.body).toMatchObject({ start: 0, prefix: '', suffix: points.slice(3, 35).join('') })
    const last = await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'claim', start: points.length - 2, end: points.length, exact: points.slice(-2).join('') })
    expect(last.body).toMatchObject({ end: points.length, prefix: points.slice(-34, -2).join(''), suffix: '' })
  })

  it('says which text is really there when exact does not match, and validates every field', async () => {
    const a = await newArticle()
    const s = span('Pain')
    const wrong = await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'error', start: s.start, end: s.end, exact: 'Pang', correction: 'x' })
    expect(wrong.status).toBe(422)
    expect(wrong.body.error.message).toContain('"Pain"')
    expect(wrong.body.error.details).toMatchObject({ fields: [{ path: 'exact' }], actual: 'Pain' })
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ kind: 'error', ...s }, /correction/],
      [{ kind: 'rumour', ...s }, /kind/],
      [{ kind: 'claim', ...s, start: -1 }, /start/],
      [{ kind: 'claim', ...s, start: 1.5 }, /start/],
      [{ kind: 'claim', ...s, start: '3' }, /start/],
      [{ kind: 'claim', ...s, end: s.start }, /end/],
      [{ kind: 'claim', start: 0, end: 10_000, exact: 'x' }, /end/],
      [{ kind: 'claim', ...s, verdict: 'maybe' }, /verdict/],
      [{ kind: 'claim', ...s, correction: 'x' }, /correction/],
      [{ kind: 'quote', ...s, sources: ['not a url'] }, /sources/],
      [{ kind: 'error', ...s, correction: 'Pain' }, /same as the text/],
      [{ kind: 'error', ...s, correction: 'Pang', category: 'typo' }, /category/],
    ]
    for (const [payload, message] of cases) {
      const res = await editor.post(`/api/articles/${a.id}/annotations`, payload)
      expect(res.status, JSON.stringify(payload)).toBe(422)
      expect(res.body.error.message).toMatch(message)
      // The README promises the field paths in details.fields for every 422 on fields.
      expect(res.body.error.details?.fields, JSON.stringify(payload)).toEqual(expect.arrayContaining([{ path: expect.stringMatching(/^(kind|start|end|exact|verdict|correction|category|sources)/), message: expect.any(String) }]))
    }
    expect((await editor.get(`/api/articles/${a.id}/annotations`)).body.annotations).toEqual([])
    expect((await editor.post(`/api/articles/00000000-0000-0000-0000-000000000000/annotations`, { kind: 'claim', ...s })).status).toBe(404)
  })

  it('refuses a span taken from an older revision with 409 when the revision is sent', async () => {
    const a = await newArticle()
    expect((await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'claim', ...span('spoke'), revision: 1 })).status).toBe(201)
    expect((await editor.put(`/api/articles/${a.id}/body`, { body: BODY.replace('Vincent Pain', 'Vincent Pang'), baseRevision: 1 })).status).toBe(200)
    // The offsets still hold the same words here, but they were read from revision 1.
    const stale = await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'claim', ...span('Please enter your comment!'), revision: 1 })
    expect(stale.status).toBe(409)
    expect(stale.body.error.message).toContain('now at revision 2')
    expect((await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'claim', ...span('Please enter your comment!'), revision: 2 })).status).toBe(201)
    expect((await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'claim', ...span('Please enter your comment!'), revision: 0 })).status).toBe(422)
    expect((await editor.get(`/api/articles/${a.id}/annotations`)).body.annotations).toHaveLength(2)
  })

  it('lets the author edit with the current version; a stale version gets 409', async () => {
    const a = await newArticle()
    const fix = await newFix(a.id, 'Pain', 'Pang')
    const edited = await editor.patch(`/api/annotations/${fix.id}`, { version: 1, note: 'Checked against company bio', correction: 'Pang' })
    expect(edited.status).toBe(200)
    expect(edited.body).toMatchObject({ version: 2, note: 'Checked against company bio' })
    const stale = await editor.patch(`/api/annotations/${fix.id}`, { version: 1, note: 'overwrite' })
    expect(stale.status).toBe(409)
    expect((await editor2.patch(`/api/annotations/${fix.id}`, { version: 2, note: 'not mine' })).status).toBe(403)
    expect((await admin.patch(`/api/annotations/${fix.id}`, { version: 2, note: 'admin may' })).status).toBe(200)
    expect((await editor.patch(`/api/annotations/${fix.id}`, { note: 'no version' })).status).toBe(422)
    expect((await editor.patch(`/api/annotations/${fix.id}`, { version: 3, verdict: 'true' })).status).toBe(422)
    expect((await editor.patch(`/api/annotations/00000000-0000-0000-0000-000000000000`, { version: 1 })).status).toBe(404)
  })

  it('two editors saving the same version: exactly one wins', async () => {
    const a = await newArticle()
    const fix = await newFix(a.id, 'Pain', 'Pang')
    const results = await Promise.all([editor.patch(`/api/annotations/${fix.id}`, { version: 1, note: 'A' }), admin.patch(`/api/annotations/${fix.id}`, { version: 1, note: 'B' })])
    expect(results.map((r) => r.status).sort()).toEqual([200, 409])
  })

  it('deletes by hiding: gone from the API, kept in the database', async () => {
    const a = await newArticle()
    const fix = await newFix(a.id, 'Pain', 'Pang')
    expect((await editor2.delete(`/api/annotations/${fix.id}`)).status).toBe(403)
    expect((await editor.delete(`/api/annotations/${fix.id}`)).status).toBe(204)
    expect((await editor.get(`/api/articles/${a.id}/annotations`)).body.annotations).toEqual([])
    const row = await db().annotation.findUnique({ where: { id: fix.id } })
    expect(row?.deletedAt).not.toBeNull()
    expect((await editor.delete(`/api/annotations/${fix.id}`)).status).toBe(404)
  })
})

describe('reviews', () => {
  it('approves and rejects with four-eyes, and only while open', async () => {
    const a = await newArticle()
    const fix = await newFix(a.id, 'Pain', 'Pang')
    const other = await newFix(a.id, 'senior vice head of state', 'senior vice president', editor, 0, 'fact')
    expect((await anon.post(`/api/annotations/${fix.id}/review`, { decision: 'approve' })).status).toBe(401)
    expect((await editor2.post(`/api/annotations/${fix.id}/review`, { decision: 'approve' })).status).toBe(403)
    const own = await newFix(a.id, 'UNITED STATE', 'U.S.', reviewer, 0, 'spelling')
    const self = await reviewer.post(`/api/annotations/${own.id}/review`, { decision: 'approve' })
    expect(self.status).toBe(403)
    expect(self.body.error.message).toMatch(/you proposed this fix/i)
    expect((await reviewer.post(`/api/annotations/${fix.id}/review`, { decision: 'maybe' })).status).toBe(422)
    const approved = await reviewer.post(`/api/annotations/${fix.id}/review`, { decision: 'approve', comment: 'Matches his bio' })
    expect(approved.status).toBe(200)
    expect(approved.body.status).toBe('approved')
    const rejected = await reviewer2.post(`/api/annotations/${other.id}/review`, { decision: 'reject' })
    expect(rejected.body.status).toBe('rejected')
    expect((await reviewer2.post(`/api/annotations/${fix.id}/review`, { decision: 'reject' })).status).toBe(409)
    expect((await editor.patch(`/api/annotations/${fix.id}`, { version: 2, note: 'too late' })).status).toBe(409)
    const claim = await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'claim', ...span('spoke') })
    expect((await reviewer.post(`/api/annotations/${claim.body.id}/review`, { decision: 'approve' })).status).toBe(422)
    const audit = await db().auditEvent.findMany({ where: { entityId: fix.id }, orderBy: { id: 'asc' } })
    expect(audit.map((e) => e.action)).toEqual(['annotation.create', 'fix.approve'])
  })

  it('refuses a review of a fix that changed after the reviewer read it, when the version is sent', async () => {
    const a = await newArticle()
    const fix = await newFix(a.id, 'Pain', 'Pang')
    // The author changes the correction while the reviewer still looks at "Pang".
    expect((await editor.patch(`/api/annotations/${fix.id}`, { version: fix.version, correction: 'Pong' })).status).toBe(200)
    const stale = await reviewer.post(`/api/annotations/${fix.id}/review`, { decision: 'approve', version: fix.version })
    expect(stale.status).toBe(409)
    expect(stale.body.error.message).toContain('"Pong"')
    expect((await editor.get(`/api/articles/${a.id}/annotations`)).body.annotations[0]).toMatchObject({ status: 'open', correction: 'Pong' })
    expect((await reviewer.post(`/api/annotations/${fix.id}/review`, { decision: 'approve', version: 0 })).status).toBe(422)
    const current = await reviewer.post(`/api/annotations/${fix.id}/review`, { decision: 'approve', version: fix.version + 1 })
    expect(current.status).toBe(200)
    expect(current.body).toMatchObject({ status: 'approved', correction: 'Pong' })
  })

  it('allows proposing an overlapping fix but refuses to approve it, naming the collision', async () => {
    const a = await newArticle()
    const first = await newFix(a.id, 'Vincent Pain', 'Vincent Pang')
    const second = await newFix(a.id, 'Pain', 'Pang', editor2)
    expect((await reviewer.post(`/api/annotations/${first.id}/review`, { decision: 'approve' })).status).toBe(200)
    const refused = await reviewer.post(`/api/annotations/${second.id}/review`, { decision: 'approve' })
    expect(refused.status).toBe(409)
    expect(refused.body.error.message).toContain(first.id)
    expect(refused.body.error.message).toContain('Vincent Pain')
    expect((await reviewer.post(`/api/annotations/${second.id}/review`, { decision: 'reject' })).status).toBe(200)
  })

  it('two reviewers approving overlapping fixes at the same moment: exactly one wins', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await newArticle()
      const x = await newFix(a.id, 'Vincent Pain', 'Vincent Pang')
      const y = await newFix(a.id, 'Pain', 'Pang', editor2)
      const results = await Promise.all([reviewer.post(`/api/annotations/${x.id}/review`, { decision: 'approve' }), reviewer2.post(`/api/annotations/${y.id}/review`, { decision: 'approve' })])
      expect(results.map((r) => r.status).sort()).toEqual([200, 409])
      const approved = await db().annotation.count({ where: { articleId: a.id, status: 'approved' } })
      expect(approved).toBe(1)
    }
  })
})

describe('export', () => {
  it('applies approved fixes only, in every format, with the right content types', async () => {
    const a = await newArticle()
    const pain = await newFix(a.id, 'Pain', 'Pang')
    const pain2 = await newFix(a.id, 'Pain', 'Pang', editor, 1)
    const head = await newFix(a.id, 'senior vice head of state', 'senior vice president', editor, 0, 'fact')
    const us = await newFix(a.id, 'UNITED STATE', 'U.S.', editor, 0, 'spelling')
    const dup = await newFix(a.id, ' licenses,', '', editor, 0, 'grammar')
    const residue = await newFix(a.id, '\n\nPlease enter your comment!', '', editor, 0, 'other')
    await newFix(a.id, 'spoke', 'talked', editor, 0, 'fact') // stays open
    for (const f of [pain, pain2, us, dup, residue]) expect((await reviewer.post(`/api/annotations/${f.id}/review`, { decision: 'approve' })).status).toBe(200)
    expect((await reviewer.post(`/api/annotations/${head.id}/review`, { decision: 'reject' })).status).toBe(200)

    const text = await editor.get(`/api/articles/${a.id}/export?format=text`)
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(text.body).toBe(
      'WASHINGTON – Vincent Pang, senior vice head of state at Huawei, spoke. 🚀 Launch near 華為 HQ.\n\n' +
        '“There are some firms speaking with us,” Pang said. The U.S. objected to licenses.',
    )
    const md = await editor.get(`/api/articles/${a.id}/export?format=markdown`)
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    expect(md.body).toContain('An earlier version of this article misspelled the name of Vincent Pang.')
    expect(md.body).not.toContain('vice president')
    const html = await editor.get(`/api/articles/${a.id}/export?format=html&download=1`)
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(html.headers.get('content-disposition')).toMatch(/^attachment; filename="story-[a-z0-9-]+\.html"$/)
    expect(html.body).toContain('<p>“There are some firms speaking with us,” Pang said. The U.S. objected to licenses.</p>')
    const json = await editor.get(`/api/articles/${a.id}/export?format=json`)
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(json.body.annotations).toHaveLength(7)
    expect(json.body.reviews).toHaveLength(6)
    expect((await editor.get(`/api/articles/${a.id}/export?format=pdf`)).status).toBe(422)
    expect((await anon.get(`/api/articles/${a.id}/export`)).status).toBe(401)
  })

  it('exports W3C Web Annotations whose selectors point into the revision text they name, also after a revision', async () => {
    const a = await newArticle()
    const fix = await newFix(a.id, 'Pain', 'Pang')
    await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'claim', ...span('華為'), verdict: 'false', note: 'Wrong name' })
    await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'quote', ...span('There are some firms speaking with us'), speaker: 'Vincent Pang', verified: true })
    expect((await reviewer.post(`/api/annotations/${fix.id}/review`, { decision: 'approve', comment: 'Per his bio' })).status).toBe(200)

    const check = async (revision: number) => {
      const res = await editor.get(`/api/articles/${a.id}/export?format=w3c&download=1`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"')
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="story-[a-z0-9-]+\.annotations\.jsonld"$/)
      expect(res.body).toMatchObject({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', total: 3 })
      const items = res.body.first.items as any[]
      expect(items.map((i) => i.motivation).sort()).toEqual(['assessing', 'editing', 'identifying'])
      for (const item of items) {
        // The target names a text resource served by Galley: the revision's body, as text/plain.
        const source = new URL(item.target.source)
        expect(source.pathname).toBe(`/api/articles/${a.id}/revisions/${revision}`)
        const text = await editor.get(source.pathname + source.search)
        expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8')
        const [quote, position] = item.target.selector
        expect([...text.body].slice(position.start, position.end).join('')).toBe(quote.exact)
        expect(item.target.scope).toBe('https://wire.example/story')
      }
      return items
    }
    const before = await check(1)
    expect(before.find((i) => i.motivation === 'editing').body).toEqual(
      expect.arrayContaining([expect.objectContaining({ purpose: 'editing', value: 'Pang' }), expect.objectContaining({ purpose: 'moderating', value: 'Approved: Per his bio' })]),
    )
    expect((await editor.put(`/api/articles/${a.id}/body`, { body: `UPDATED 🚀🚀: ${BODY}`, baseRevision: 1 })).status).toBe(200)
    await check(2)

    const reviews = await editor.get(`/api/articles/${a.id}/export?format=claimreview`)
    expect(reviews.headers.get('content-type')).toBe('application/ld+json; charset=utf-8')
    expect(reviews.body).toEqual([
      expect.objectContaining({
        '@type': 'ClaimReview',
        claimReviewed: '華為',
        author: { '@type': 'Organization', name: 'Galley' },
        reviewRating: expect.objectContaining({ alternateName: 'False', ratingValue: 1, ratingExplanation: 'Wrong name' }),
        itemReviewed: { '@type': 'Claim', appearance: { '@type': 'CreativeWork', name: expect.stringMatching(/^Story-/), url: 'https://wire.example/story' } },
      }),
    ])
    expect((await editor.get(`/api/articles/${a.id}/revisions/1?format=pdf`)).status).toBe(422)
  })
})
