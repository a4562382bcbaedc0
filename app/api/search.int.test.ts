/**
 * Search and claim matching over HTTP against the running server and its PostgreSQL: ranking,
 * the query syntax, prefix and near matches, highlights, every filter, pages, permissions, bad
 * input; and "have we checked this before?" measured on the labelled set.
 * Other suites write to the same desk meanwhile: every query here carries a word of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, unique } from '@/lib/testing/api-client'
import { disconnectDb } from '@/lib/db/client'
import pairs from '@/lib/search/fixtures/claim-pairs.json'

afterAll(disconnectDb)

let editor: ApiClient
let reviewer: ApiClient
let admin: ApiClient
beforeAll(async () => {
  ;[editor, reviewer, admin] = await Promise.all(['editor', 'reviewer', 'admin'].map((r) => ApiClient.as(`${r}@galley.test`)))
})

/** A word no other test writes (letters only, so it is one word to every parser). */
const tag = () => 'gx' + Array.from({ length: 9 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')
const cp = (body: string, needle: string) => {
  const i = body.indexOf(needle)
  return { start: [...body.slice(0, i)].length, end: [...body.slice(0, i)].length + [...needle].length, exact: needle }
}
async function article(title: string, body: string, by = editor) {
  const res = await by.post('/api/articles', { title, body })
  expect(res.status).toBe(201)
  return res.body.id as string
}
const find = async (params: Record<string, string>, by = editor) => {
  const res = await by.get(`/api/search?${new URLSearchParams(params)}`)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body as { results: any[]; nextCursor: string | null }
}
/** The highlighted words of a result, as the snippet shows them. */
const marked = (r: any) => r.highlights.map(([s, e]: [number, number]) => [...r.snippet].slice(s, e).join(''))

describe('GET /api/search', () => {
  it('ranks a title match above a passing mention, highlights the words, and reads the query syntax', async () => {
    const t = tag()
    const inTitle = await article(`Harbour plan ${t}`, `The ${t} plan was debated for hours by the harbour board.`)
    const mention = await article(`Council notes ${t}`, `Among many other things, the ${t} council also discussed the harbour in a short item at the end of a long meeting about budgets, roads and schools.`)
    const { results } = await find({ q: `harbour ${t}` })
    const articles = results.filter((r) => r.type === 'article')
    expect(articles.map((r) => r.id)).toEqual([inTitle, mention])
    expect(articles[0].score).toBeGreaterThan(articles[1].score)
    expect(articles[1].title).toBe(`Council notes ${t}`)
    expect(marked(articles[1]).map((w: string) => w.toLowerCase())).toEqual(expect.arrayContaining(['harbour', t]))
    expect(articles.every((r) => r.near === false)).toBe(true)

    // "vice president" as a phrase, without Huawei.
    const huawei = await article(`Talks ${t} one`, `Vincent Pain, the vice president of Huawei, spoke. ${t}`)
    const other = await article(`Talks ${t} two`, `Ann Lee, the vice president of Galley, spoke. ${t}`)
    const apart = await article(`Talks ${t} three`, `The president spoke; the vice chair did not. ${t}`)
    const phrase = (await find({ q: `"vice president" ${t} -Huawei`, type: 'article' })).results.map((r) => r.id)
    expect(phrase).toEqual([other])
    expect(phrase).not.toContain(huawei)
    expect(phrase).not.toContain(apart)
  })

  it('matches the word being typed as a prefix, and words close to a typed name as near matches', async () => {
    const t = tag()
    const crossings = await article(`Roads ${t}`, `The council built 42 crossings in 2024. ${t}`)
    expect((await find({ q: `${t} crossi`, type: 'article' })).results.map((r) => r.id)).toEqual([crossings])
    // A finished word is not a prefix: "crossin " is a typo of crossings, found as a near match.
    const typo = (await find({ q: `${t} crossin `, type: 'article' })).results
    expect(typo.map((r) => [r.id, r.near])).toEqual([[crossings, true]])

    const pain = await article(`Profile ${t}`, `Vincent Pain, the vice president, spoke on Friday. ${t}`)
    const pang = await article(`Profile ${t} corrected`, `Vincent Pang, the vice president, spoke on Friday. ${t}`)
    const { results } = await find({ q: `Pang ${t}`, type: 'article' })
    expect(results.map((r) => r.id)).toEqual([pang, pain])
    expect(results.map((r) => r.near)).toEqual([false, true])
    expect(marked(results[1])).toContain('Pain')
  })

  it('finds annotations and comments by their words, and filters by kind, status, verdict, category, author, article status and date', async () => {
    const t = tag()
    const body = `Vincent Pain spoke on Friday. The council built 42 crossings in 2024. ${t}`
    const id = await article(`Filters ${t}`, body)
    const fix = (await editor.post(`/api/articles/${id}/annotations`, { kind: 'error', ...cp(body, 'Pain'), correction: 'Pang', category: 'name', note: `Bio ${t}` })).body
    const claim = (await reviewer.post(`/api/articles/${id}/annotations`, { kind: 'claim', ...cp(body, 'The council built 42 crossings in 2024.'), verdict: 'misleading', note: `Council report ${t}`, sources: ['https://council.example/report'] })).body
    const comment = (await reviewer.post(`/api/annotations/${fix.id}/comments`, { body: `Checked the company bio ${t}` })).body
    expect((await reviewer.post(`/api/annotations/${fix.id}/review`, { decision: 'approve', version: fix.version })).status).toBe(200)

    const all = (await find({ q: t })).results
    expect(all.map((r) => `${r.type}:${r.id}`).sort()).toEqual([`annotation:${claim.id}`, `annotation:${fix.id}`, `article:${id}`, `comment:${comment.id}`].sort())
    const c = all.find((r) => r.type === 'comment')
    expect(c).toMatchObject({ articleId: id, annotationId: fix.id, title: `Filters ${t}` })
    expect(c.snippet).toContain('Checked the company bio')
    const a = all.find((r) => r.id === fix.id)
    expect(a).toMatchObject({ kind: 'error', status: 'approved', annotationId: fix.id })
    expect(a.snippet).toContain('Pain → Pang')

    const ids = async (params: Record<string, string>) => (await find({ q: t, ...params })).results.map((r) => r.id).sort()
    expect(await ids({ kind: 'claim' })).toEqual([claim.id])
    expect(await ids({ kind: 'error', status: 'approved' })).toEqual([fix.id])
    expect(await ids({ status: 'open' })).toEqual([claim.id])
    expect(await ids({ verdict: 'misleading' })).toEqual([claim.id])
    expect(await ids({ category: 'name' })).toEqual([fix.id])
    expect(await ids({ type: 'comment' })).toEqual([comment.id])
    expect(await ids({ author: 'reviewer@galley.test' })).toEqual([claim.id, comment.id].sort())
    expect(await ids({ articleStatus: 'published' })).toEqual([])
    expect(await ids({ articleStatus: 'checking', type: 'article' })).toEqual([id])
    const today = new Date().toISOString().slice(0, 10)
    expect((await ids({ from: today, to: today })).length).toBe(4)
    expect(await ids({ to: '2020-01-01' })).toEqual([])
    // A source URL and a verdict are searchable too; no query at all lists by filters, newest first.
    expect((await find({ q: `council.example ${t}` })).results.map((r) => r.id)).toContain(claim.id)
    const listed = (await find({ kind: 'claim', verdict: 'misleading', limit: '50' })).results
    expect(listed.length).toBeGreaterThan(0)
    expect(listed.every((r) => r.type === 'annotation' && r.kind === 'claim' && r.verdict === 'misleading')).toBe(true)
  })

  it('pages with a cursor, every result once', async () => {
    const t = tag()
    const made = new Set<string>()
    for (let i = 0; i < 5; i++) made.add(await article(`Paged ${t} ${i}`, `Item ${i} of the ${t} series.`))
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { results: any[]; nextCursor: string | null } = await find({ q: t, limit: '2', ...(cursor ? { cursor } : {}) })
      expect(page.results.length).toBeLessThanOrEqual(2)
      seen.push(...page.results.map((r) => r.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen.sort()).toEqual([...made].sort())
  })

  it('shows only what the caller may read, and refuses bad input with 422', async () => {
    const t = tag()
    const id = await article(`Deleted ${t}`, `Soon gone ${t}.`)
    expect((await find({ q: t })).results.map((r) => r.id)).toEqual([id])
    expect((await admin.delete(`/api/articles/${id}`)).status).toBe(204)
    expect((await find({ q: t })).results).toEqual([])
    const anonymous = new ApiClient()
    expect((await anonymous.get(`/api/search?q=${t}`)).status).toBe(401)

    const bad: Array<Record<string, string>> = [{ q: 'x'.repeat(1000) }, { q: t, kind: 'rumour' }, { q: t, status: 'done' }, { q: t, verdict: 'maybe' }, { q: t, category: 'typo' }, { q: t, articleStatus: 'draft' }, { q: t, from: 'yesterday' }, { q: t, to: '2026-13-45' }, { q: t, cursor: 'not-a-cursor' }, { q: t, author: 'nobody@nowhere.test' }, { q: t, limit: '500' }, { q: t, from: '2026-12-02', to: '2026-12-01' }]
    for (const params of bad) {
      const res = await editor.get(`/api/search?${new URLSearchParams(params)}`)
      expect(res.status, JSON.stringify(params).slice(0, 80)).toBe(422)
      expect(res.body.error.code).toBe('validation_failed')
    }
    // Query syntax is never an error: stray quotes, operators and punctuation search for words.
    for (const q of ['"unclosed', '-', 'a & b | !c', "')--", '::*']) expect((await editor.get(`/api/search?${new URLSearchParams({ q })}`)).status).toBe(200)
  })
})

describe('claim matching', () => {
  it('finds the same claim checked before on the labelled set, with precision ≥ 0.9 at recall ≥ 0.7', async () => {
    // The checked claims, each with its verdict and source, in one earlier article.
    const body = pairs.checked.map((c) => c.text).join(' ')
    const earlier = await article(unique('Checked before'), body)
    for (const c of pairs.checked) {
      const res = await reviewer.post(`/api/articles/${earlier}/annotations`, { kind: 'claim', ...cp(body, c.text), verdict: c.verdict, sources: [c.source] })
      expect(res.status).toBe(201)
    }
    const textOf = new Map(pairs.checked.map((c) => [c.id, c.text]))
    let tp = 0
    let fp = 0
    let fn = 0
    const misses: string[] = []
    for (const q of pairs.queries) {
      const res = await editor.get(`/api/claims/similar?${new URLSearchParams({ text: q.text })}`)
      expect(res.status).toBe(200)
      const top = res.body.matches[0]
      // Another suite may have checked the same words: the claim is what counts, not the row.
      const predicted = top?.annotation.exact ?? null
      const expected = q.match ? textOf.get(q.match)! : null
      if (predicted === expected) {
        if (predicted) tp++
        continue
      }
      if (predicted) fp++
      if (expected) fn++
      misses.push(`${q.text} → ${predicted ?? '(none)'}${top ? ` (${top.score}: ${top.reason})` : ''}`)
    }
    const precision = tp / (tp + fp)
    const recall = tp / (tp + fn)
    console.log(`[claim matching] ${pairs.queries.length} queries against ${pairs.checked.length} checked claims: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (tp ${tp}, fp ${fp}, fn ${fn}); wrong:\n  ${misses.join('\n  ')}`)
    expect(precision).toBeGreaterThanOrEqual(0.9)
    expect(recall).toBeGreaterThanOrEqual(0.7)
  })

  it('answers for a saved claim with the earlier one: verdict, sources, article and why; never itself or its own article', async () => {
    // A capitalised word of its own: a name, which every match must share.
    const t = tag().replace(/^g/, 'G')
    const first = `The ${t} council built 42 crossings in 2024.`
    const earlier = await article(unique('Earlier'), `Roads. ${first}`)
    const checked = (await reviewer.post(`/api/articles/${earlier}/annotations`, { kind: 'claim', ...cp(`Roads. ${first}`, first), verdict: 'misleading', sources: ['https://council.example/report'] })).body
    const unchecked = (await reviewer.post(`/api/articles/${earlier}/annotations`, { kind: 'claim', ...cp(`Roads. ${first}`, 'Roads.') })).body
    expect(unchecked.verdict).toBe('unverified')
    const second = `In 2024, 42 crossings were built by the ${t} council.`
    const later = await article(unique('Later'), second)
    const claim = (await editor.post(`/api/articles/${later}/annotations`, { kind: 'claim', ...cp(second, second) })).body
    const res = await editor.get(`/api/annotations/${claim.id}/similar`)
    expect(res.status).toBe(200)
    expect(res.body.matches).toHaveLength(1)
    const [m] = res.body.matches
    expect(m.annotation).toMatchObject({ id: checked.id, verdict: 'misleading', sources: ['https://council.example/report'] })
    expect(m.article).toEqual({ id: earlier, title: expect.stringContaining('Earlier') })
    expect(m.score).toBeGreaterThanOrEqual(0.55)
    expect(m.reason).toContain('same numbers (2024, 42)')
    // The earlier claim's own page: the later one is unverified, so it is no match for it.
    expect((await editor.get(`/api/annotations/${checked.id}/similar`)).body.matches).toEqual([])
    // Not saved yet, in the earlier article itself: its own claims are left out.
    expect((await editor.get(`/api/claims/similar?${new URLSearchParams({ text: second, article: earlier })}`)).body.matches).toEqual([])
    expect((await editor.get(`/api/claims/similar?${new URLSearchParams({ text: `The ${t} council closed 42 crossings in 2024.` })}`)).body.matches).toEqual([])

    // Reusing it: the verdict and sources copied, the link kept, and the ClaimReview says so.
    const reused = await editor.patch(`/api/annotations/${claim.id}`, { version: claim.version, verdict: m.annotation.verdict, sources: m.annotation.sources, basedOn: m.annotation.id })
    expect(reused.status, JSON.stringify(reused.body)).toBe(200)
    expect(reused.body).toMatchObject({ verdict: 'misleading', sources: ['https://council.example/report'], basedOn: checked.id })
    const ld = (await editor.get(`/api/articles/${later}/export?format=claimreview`)).body
    const reviews = typeof ld === 'string' ? JSON.parse(ld) : ld
    expect(reviews[0].isBasedOn).toEqual({ '@type': 'ClaimReview', url: expect.stringMatching(new RegExp(`/articles/${earlier}#annotation-${checked.id}$`)) })
    // Only a claim checked before may be reused, and only by a claim.
    const third = `Roads again. ${second}`
    const another = await article(unique('Another'), third)
    for (const basedOn of [unchecked.id, crypto.randomUUID(), 'not-an-id']) {
      const res = await editor.post(`/api/articles/${another}/annotations`, { kind: 'claim', ...cp(third, second), verdict: 'misleading', basedOn })
      expect(res.status, basedOn).toBe(422)
    }
    expect((await editor.post(`/api/articles/${another}/annotations`, { kind: 'error', ...cp(third, 'again'), correction: 'anew', basedOn: checked.id })).status).toBe(422)
    const made = await editor.post(`/api/articles/${another}/annotations`, { kind: 'claim', ...cp(third, second), verdict: 'misleading', basedOn: checked.id })
    expect(made.status).toBe(201)
    expect(made.body.basedOn).toBe(checked.id)
    expect((await editor.patch(`/api/annotations/${made.body.id}`, { version: made.body.version, basedOn: made.body.id })).status).toBe(422)

    expect((await editor.get('/api/claims/similar?text=')).status).toBe(422)
    expect((await editor.get(`/api/annotations/${crypto.randomUUID()}/similar`)).status).toBe(404)
    expect((await new ApiClient().get(`/api/claims/similar?text=x`)).status).toBe(401)
  })
})
