/**
 * What readers are told must be true (issue 22), over HTTP against real PostgreSQL: the publish
 * preview (the note as readers read it, which fixes it mentions and why not the others, the old
 * spelling left in the text), a standards editor's own note (checked, stored with the
 * publication, audited, shown wherever the note is, as text), accepted suggestions' categories,
 * and a published fix's replaced words kept for search.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, unique } from '@/lib/testing/api-client'
import { db, disconnectDb } from '@/lib/db/client'
import { listPublicCorrections } from '@/lib/db/public-corrections'

let editor: ApiClient
let reviewer: ApiClient
let anonymous: ApiClient
afterAll(disconnectDb)
beforeAll(async () => {
  editor = await ApiClient.as('editor@galley.test')
  reviewer = await ApiClient.as('reviewer@galley.test')
  anonymous = new ApiClient()
})

const word = () => unique('Zq').replace(/[^A-Za-z]/g, '').slice(0, 12)

/** The demo's error, twice: "Pain" in the first and the third paragraph. */
function story(tag: string) {
  return `Vincent Pain, head of ${tag} Works, opened the bridge. The Business Department approved 12 lanes.\n\nThe mayor thanked teh engineers.\n\nPain said the work took four years.`
}

function span(text: string, needle: string, nth = 0) {
  let u = -1
  for (let i = 0; i <= nth; i++) u = text.indexOf(needle, u + 1)
  const start = [...text.slice(0, u)].length
  return { start, end: start + [...needle].length, exact: needle }
}

async function approvedFixes(body: string) {
  const a = (await editor.post('/api/articles', { title: unique('Publish'), body })).body
  const fix = async (data: Record<string, unknown>) => {
    const res = await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'error', ...data })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect((await reviewer.post(`/api/annotations/${res.body.id}/review`, { decision: 'approve' })).status).toBe(200)
    return res.body
  }
  const name = await fix({ ...span(body, 'Pain'), correction: 'Pang', category: 'name' })
  const dept = await fix({ ...span(body, 'Business Department'), correction: 'Commerce Department', category: 'fact' })
  const typo = await fix({ ...span(body, 'teh'), correction: 'the', category: 'spelling' })
  return { a, name, dept, typo }
}

describe('GET /api/articles/:id/publish (the publish dialog’s preview)', () => {
  it('warns that the old spelling is still in the text, shows the note readers get and why each fix is in it or not', async () => {
    const body = story(word())
    const { a, name, dept, typo } = await approvedFixes(body)
    const res = await editor.get(`/api/articles/${a.id}/publish`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const p = res.body
    expect(p.revision).toBe(1)
    expect(p.status).toBe('checking')
    expect(p.leftovers).toEqual([{ id: name.id, exact: 'Pain', correction: 'Pang', count: 1, paragraphs: [3] }])
    expect(p.note).toEqual([
      'An earlier version of this article misspelled the name of Vincent Pang.',
      'An earlier version of this article incorrectly said “Business Department”; it should have said “Commerce Department”.',
    ])
    expect(p.fixes.map((f: any) => [f.id, f.mentioned])).toEqual([
      [name.id, true],
      [dept.id, true],
      [typo.id, false],
    ])
    expect(p.fixes[2].why).toMatch(/spelling/)
    // Nothing was written: the article is as it was.
    expect((await editor.get(`/api/articles/${a.id}`)).body.revision).toBe(1)
    expect((await anonymous.get(`/api/articles/${a.id}/publish`)).status).toBe(401)
    expect((await editor.get(`/api/articles/00000000-0000-4000-8000-000000000000/publish`)).status).toBe(404)
  })

  it('lists an approved fix that no longer reads as approved under “held”, not among the fixes or in the note', async () => {
    const body = story(word())
    const { a, name, dept } = await approvedFixes(body)
    // A row whose approval no longer matches its fix (a bug elsewhere, or a hand-made row).
    await db().annotation.update({ where: { id: dept.id }, data: { approvedCorrection: 'Trade Department' } })
    const p = (await editor.get(`/api/articles/${a.id}/publish`)).body
    expect(p.held).toEqual([{ id: dept.id, exact: 'Business Department', correction: 'Commerce Department', why: 'its words or correction changed since it was approved: publishing sends it back to review' }])
    expect(p.fixes.map((f: any) => f.id)).not.toContain(dept.id)
    expect(p.fixes.map((f: any) => f.id)).toContain(name.id)
    expect(p.note.join(' ')).not.toContain('Department')
    // Publishing does what the preview said: the held fix goes back to review, the others are applied.
    expect((await editor.post(`/api/articles/${a.id}/publish`)).status).toBe(200)
    expect(await db().annotation.findUniqueOrThrow({ where: { id: dept.id } })).toMatchObject({ status: 'open', textChangedWasApproved: true })
  })

  it('is exactly what the publication tells readers, and no warning once every occurrence is fixed', async () => {
    const body = story(word())
    const { a } = await approvedFixes(body)
    const second = await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'error', ...span(body, 'Pain', 1), correction: 'Pang', category: 'name' })
    expect((await reviewer.post(`/api/annotations/${second.body.id}/review`, { decision: 'approve' })).status).toBe(200)
    const preview = (await editor.get(`/api/articles/${a.id}/publish`)).body
    expect(preview.leftovers).toEqual([])
    const published = await editor.post(`/api/articles/${a.id}/publish`, { baseRevision: 1 })
    expect(published.status, JSON.stringify(published.body)).toBe(200)
    expect(published.body).toMatchObject({ revision: 2, applied: 4, note: preview.note, leftovers: [] })
    const row = await db().publicCorrection.findFirstOrThrow({ where: { articleId: a.id } })
    expect(row.note).toEqual(preview.note)
    expect(row.standardsNote).toBeNull()
  })
})

describe('POST /api/articles/:id/publish {fixes}', () => {
  it('publishes only the fixes the publisher was shown: a fix approved after the preview is a 409, and nothing is published', async () => {
    const body = story(word())
    const { a } = await approvedFixes(body)
    const seen = (await editor.get(`/api/articles/${a.id}/publish`)).body.fixes.map((f: any) => f.id)
    const late = await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'error', ...span(body, 'Pain', 1), correction: 'Pang', category: 'name' })
    expect((await reviewer.post(`/api/annotations/${late.body.id}/review`, { decision: 'approve' })).status).toBe(200)
    const refused = await editor.post(`/api/articles/${a.id}/publish`, { baseRevision: 1, fixes: seen, standardsNote: 'Seen.' })
    expect([refused.status, refused.body.error?.code]).toEqual([409, 'conflict'])
    expect(refused.body.error.message).toContain('changed since the preview')
    expect((await editor.get(`/api/articles/${a.id}`)).body.revision).toBe(1)
    expect(await db().publicCorrection.count({ where: { articleId: a.id } })).toBe(0)
    expect((await editor.post(`/api/articles/${a.id}/publish`, { fixes: ['not-an-id'] })).status).toBe(422)
    const again = (await editor.get(`/api/articles/${a.id}/publish`)).body.fixes.map((f: any) => f.id)
    expect((await editor.post(`/api/articles/${a.id}/publish`, { baseRevision: 1, fixes: again })).body).toMatchObject({ applied: 4 })
  })
})

describe('a standards editor’s own note', () => {
  const NOTE = 'We regret the error. <b>Editors</b> & *readers* </script> ]]>'

  it('is stored with the publication, ends the note everywhere readers read it (as text), and is audited', async () => {
    const body = story(word())
    const { a } = await approvedFixes(body)
    const preview = (await editor.get(`/api/articles/${a.id}/publish`)).body
    const res = await editor.post(`/api/articles/${a.id}/publish`, { baseRevision: 1, standardsNote: `  ${NOTE}  ` })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.note).toEqual([...preview.note, NOTE])
    // The public corrections page (and its feed) read the entry: the sentences, then the note.
    expect((await editor.patch(`/api/articles/${a.id}`, { status: 'published' })).status).toBe(200)
    const { entries } = await listPublicCorrections({ limit: 50 })
    expect(entries.find((e) => e.articleId === a.id)?.note).toEqual([...preview.note, NOTE])
    // The exports end with it, escaped for each format.
    const exported = (await editor.get(`/api/articles/${a.id}/export?format=json`)).body
    const json = typeof exported === 'string' ? JSON.parse(exported) : exported
    expect(json.correctionsNote).toEqual([...preview.note, NOTE])
    const html = (await editor.get(`/api/articles/${a.id}/export?format=html`)).body as string
    expect(html).toContain('We regret the error. &lt;b&gt;Editors&lt;/b&gt; &amp; *readers* &lt;/script&gt; ]]&gt;')
    expect(html).not.toContain('<b>Editors')
    const md = (await editor.get(`/api/articles/${a.id}/export?format=markdown`)).body as string
    expect(md).toContain('\\<b\\>Editors\\</b\\> & \\*readers\\*')
    // Audited with the publication, and the history says so.
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: 'article.publish', entityId: a.id } })
    expect((audit.after as any).standardsNote).toBe(NOTE)
    const history = (await editor.get(`/api/articles/${a.id}/history`)).body.events.map((e: any) => e.description)
    expect(history.some((d: string) => d.includes('with a standards note to readers: “We regret the error.'))).toBe(true)
  })

  it('makes an entry of its own when the fixes tell readers nothing new', async () => {
    const body = `Mr ${word()} spoke on Fridya.`
    const a = (await editor.post('/api/articles', { title: unique('Quiet'), body })).body
    const fix = (await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'error', ...span(body, 'Fridya'), correction: 'Friday', category: 'spelling' })).body
    expect((await reviewer.post(`/api/annotations/${fix.id}/review`, { decision: 'approve' })).status).toBe(200)
    expect((await editor.get(`/api/articles/${a.id}/publish`)).body.note).toEqual([])
    const res = await editor.post(`/api/articles/${a.id}/publish`, { standardsNote: 'This article was updated to correct a typing error.' })
    expect(res.body.note).toEqual(['This article was updated to correct a typing error.'])
    const row = await db().publicCorrection.findFirstOrThrow({ where: { articleId: a.id } })
    expect([row.note, row.standardsNote]).toEqual([[], 'This article was updated to correct a typing error.'])
  })

  it('is refused when it is not one line of at most 1,000 characters, and nothing is published', async () => {
    const body = story(word())
    const { a } = await approvedFixes(body)
    for (const standardsNote of ['Two\nlines', 'x'.repeat(1001), 42, 'nul\u0000']) {
      const res = await editor.post(`/api/articles/${a.id}/publish`, { baseRevision: 1, standardsNote })
      expect([res.status, res.body.error?.code, res.body.error?.details?.fields?.[0]?.path], JSON.stringify(res.body)).toEqual([422, 'validation_failed', 'standardsNote'])
    }
    expect((await editor.get(`/api/articles/${a.id}`)).body.revision).toBe(1)
    expect(await db().publicCorrection.count({ where: { articleId: a.id } })).toBe(0)
    expect((await editor.post(`/api/articles/${a.id}/publish`, { standardsNote: 'x'.repeat(1000) })).status).toBe(200)
  })

  it('is not stored when the publication is refused (nothing approved)', async () => {
    const a = (await editor.post('/api/articles', { title: unique('Nothing'), body: story(word()) })).body
    const res = await editor.post(`/api/articles/${a.id}/publish`, { standardsNote: 'We regret the error.' })
    expect(res.status).toBe(409)
    expect(await db().publicCorrection.count({ where: { articleId: a.id } })).toBe(0)
    expect(await db().auditEvent.count({ where: { action: 'article.publish', entityId: a.id } })).toBe(0)
    // Signed out: no note, no publication.
    expect((await anonymous.post(`/api/articles/${a.id}/publish`, { standardsNote: 'x' })).status).toBe(401)
  })
})

describe('accepted suggestions get the category that fits', () => {
  it('a source difference in a name is a name fix; a spinner row that swaps a department’s name is a fact fix; both reach the note', async () => {
    const tag = word()
    const body = `Vincent Pain, head of ${tag} Works, said rules came out from the Business Department this month. The bridge has 12 lanes and opened on Friday.`
    const wire = `Vincent Pang, head of ${tag} Works, said rules came out from the Commerce Department this month. The bridge has 14 lanes and opened on Friday.`
    const a = (await editor.post('/api/articles', { title: unique('Accept'), body })).body
    expect((await editor.post(`/api/articles/${a.id}/sources`, { title: 'Wire', kind: 'wire', body: wire })).status).toBe(201)
    const list = (await editor.get(`/api/articles/${a.id}/suggestions`)).body.suggestions as any[]
    const pick = (exact: string) => list.find((s) => s.exact === exact && s.correction !== null)
    expect(pick('Pain'), JSON.stringify(list)).toBeTruthy()
    const accepted: Record<string, any> = {}
    for (const exact of ['Pain', 'Business Department', '12']) {
      const s = pick(exact)
      expect(s, `${exact} in ${JSON.stringify(list.map((x) => [x.check, x.exact, x.correction]))}`).toBeTruthy()
      const res = await editor.post(`/api/suggestions/${s.id}/accept`, {})
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      accepted[exact] = res.body
    }
    expect([accepted.Pain.category, accepted['Business Department'].category, accepted['12'].category]).toEqual(['name', 'fact', 'fact'])
    for (const f of Object.values(accepted)) expect((await reviewer.post(`/api/annotations/${f.id}/review`, { decision: 'approve' })).status).toBe(200)
    const preview = (await editor.get(`/api/articles/${a.id}/publish`)).body
    expect(preview.fixes.every((f: any) => f.mentioned)).toBe(true)
    expect(preview.note.join(' ')).toContain('misspelled the name of Vincent Pang')
    expect(preview.note.join(' ')).toContain('“Commerce Department”')
  })
})

describe('a published fix keeps the words it replaced', () => {
  it('search finds it by them and shows “Pain → Pang”', async () => {
    const tag = word()
    const body = `Vincent Pain of ${tag} opened the bridge.`
    const a = (await editor.post('/api/articles', { title: unique('Kept'), body })).body
    const fix = (await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'error', ...span(body, 'Pain'), correction: 'Pang', category: 'name', note: `checked ${tag}` })).body
    expect((await reviewer.post(`/api/annotations/${fix.id}/review`, { decision: 'approve' })).status).toBe(200)
    expect((await editor.post(`/api/articles/${a.id}/publish`)).status).toBe(200)
    const got = (await editor.get(`/api/articles/${a.id}/annotations`)).body.annotations.find((x: any) => x.id === fix.id)
    expect(got).toMatchObject({ status: 'applied', exact: 'Pang', originalExact: 'Pain', correction: 'Pang' })
    const res = await editor.get(`/api/search?${new URLSearchParams({ q: `Pain ${tag}`, type: 'annotation' })}`)
    expect(res.status).toBe(200)
    const hit = res.body.results.find((r: any) => r.annotationId === fix.id)
    expect(hit, JSON.stringify(res.body.results)).toBeTruthy()
    expect(hit.snippet).toMatch(/^Pain → Pang/)
  })
})
