/**
 * The public corrections page and its Atom feed: what readers may see (the notes of published
 * articles' published fixes) and nothing else — over HTTP, signed out. The entries are written
 * when fixes are published, read a page at a time, and answered 304 while nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { XMLParser } from 'fast-xml-parser'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '@/lib/generated/prisma/client'
import { ApiClient, unique } from '@/lib/testing/api-client'
import { createUser } from '@/lib/db/users'
import { db, disconnectDb } from '@/lib/db/client'
import { backfillPublicCorrections, listPublicCorrections, publicCorrectionsState } from '@/lib/db/public-corrections'
import { PUBLIC_CORRECTIONS_PAGE_SIZE as PAGE_SIZE, parseCursor } from '@/lib/export/public-corrections'

afterAll(disconnectDb)
const BASE = process.env.GALLEY_TEST_BASE_URL ?? 'http://127.0.0.1:3100'
const OFF = process.env.GALLEY_TEST_SECOND_URL ?? 'http://127.0.0.1:3101'
const BODY = 'Vincent Pain, the vice president, spoke on Friday. The council built 42 crossings.'
const cp = (needle: string) => ({ start: BODY.indexOf(needle), end: BODY.indexOf(needle) + needle.length, exact: needle })
const SECRETS = ['SECRET-NOTE', 'SECRET-COMMENT', 'SECRET-REJECTED', 'SECRET-OPEN', 'Secret Reviewer']

let published: { id: string; title: string }
let hidden: string[] = []
let editor: ApiClient
let reviewer: ApiClient
let admin: ApiClient
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' })

type Entry = { anchor: string; datetime: string; html: string }
type Page = { status: number; html: string; entries: Entry[]; older: string | null; headers: Headers }

/** One page of /corrections as a signed-out reader gets it: its entries in order and its "Older corrections" link. */
async function readPage(path = '/corrections', headers: Record<string, string> = {}): Promise<Page> {
  const res = await fetch(`${BASE}${path}`, { redirect: 'manual', headers })
  const html = await res.text()
  const entries = [...html.matchAll(/<li id="(correction-[^"]+)"[^>]*data-testid="public-correction"[^>]*>([\s\S]*?)<\/li>/g)].map((m) => ({
    anchor: m[1],
    datetime: /<time dateTime="([^"]+)"/i.exec(m[2])?.[1] ?? '',
    html: m[2],
  }))
  const older = /<a href="(\/corrections\?before=[0-9-]+)" rel="next"[^>]*>Older corrections<\/a>/.exec(html)?.[1] ?? null
  return { status: res.status, html, entries, older, headers: res.headers }
}

/** Every entry of the page, newest first, following "Older corrections" to the end. */
async function readAllPages(): Promise<{ pages: Page[]; entries: Entry[] }> {
  const pages: Page[] = []
  for (let path: string | null = '/corrections'; path; path = pages[pages.length - 1].older) {
    const page = await readPage(path)
    expect(page.status, path).toBe(200)
    pages.push(page)
    expect(pages.length, 'pages').toBeLessThan(400)
  }
  return { pages, entries: pages.flatMap((p) => p.entries) }
}

type FeedPage = { feed: any; entries: any[]; next: string | null; text: string; headers: Headers; status: number }

async function readFeed(url = `${BASE}/corrections.atom`, headers: Record<string, string> = {}): Promise<FeedPage> {
  const res = await fetch(url, { redirect: 'manual', headers })
  const text = await res.text()
  if (res.status !== 200) return { feed: null, entries: [], next: null, text, headers: res.headers, status: res.status }
  const feed = parser.parse(text, true).feed
  const next = [feed.link].flat().find((l: any) => l.rel === 'next')?.href ?? null
  return { feed, entries: feed.entry ? [feed.entry].flat() : [], next, text, headers: res.headers, status: res.status }
}

/** Every entry of the feed, following rel="next" to the end. */
async function readWholeFeed(): Promise<{ pages: FeedPage[]; entries: any[] }> {
  const pages: FeedPage[] = []
  for (let url: string | null = `${BASE}/corrections.atom`; url; url = pages[pages.length - 1].next) {
    const page = await readFeed(url.replace(/^https?:\/\/[^/]+/, BASE))
    expect(page.status, url).toBe(200)
    pages.push(page)
    expect(pages.length, 'feed pages').toBeLessThan(400)
  }
  return { pages, entries: pages.flatMap((p) => p.entries) }
}

/** The page holding an entry, or undefined. */
async function pageWith(anchor: string): Promise<Page | undefined> {
  return (await readAllPages()).pages.find((p) => p.entries.some((e) => e.anchor === anchor))
}

/** Hold the page's version still (block every change to what it shows) while `fn` runs. */
async function whileNothingChanges<T>(fn: () => Promise<T>): Promise<T> {
  return db().$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "PublicCorrectionsState" WHERE id = 1 FOR SHARE`
      return fn()
    },
    { timeout: 30_000 },
  )
}

async function story(editor: ApiClient, reviewer: ApiClient, title: string, status: 'published' | 'checking' | 'archived') {
  const a = (await editor.post('/api/articles', { title, body: BODY, sourceUrl: 'https://news.example/huawei' })).body
  const fix = (await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'error', ...cp('Pain'), correction: 'Pang', category: 'name', note: 'SECRET-NOTE from the desk' })).body
  await editor.post(`/api/annotations/${fix.id}/comments`, { body: 'SECRET-COMMENT between us' })
  const rejected = (await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'error', ...cp('Friday'), correction: 'SECRET-REJECTED', category: 'fact' })).body
  await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'error', ...cp('42'), correction: 'SECRET-OPEN', category: 'fact' })
  expect((await reviewer.post(`/api/annotations/${fix.id}/review`, { decision: 'approve', version: fix.version })).status).toBe(200)
  expect((await reviewer.post(`/api/annotations/${rejected.id}/review`, { decision: 'reject', version: rejected.version })).status).toBe(200)
  expect((await editor.post(`/api/articles/${a.id}/publish`, { baseRevision: 1 })).status).toBe(200)
  if (status !== 'checking') expect((await editor.patch(`/api/articles/${a.id}`, { status: 'published' })).status).toBe(200)
  if (status === 'archived') expect((await editor.patch(`/api/articles/${a.id}`, { status: 'archived' })).status).toBe(200)
  return a as { id: string; title: string }
}

beforeAll(async () => {
  editor = await ApiClient.as('editor@galley.test')
  admin = await ApiClient.as('admin@galley.test')
  const { user } = await createUser({ email: `${unique('secret')}@public.test`, name: 'Secret Reviewer Q', role: 'reviewer', password: 'secret-reviewer-pw-1' })
  reviewer = await ApiClient.as(user.email, 'secret-reviewer-pw-1')
  published = await story(editor, reviewer, `Huawei <b>talks</b> </script><script>alert(1)</script> ${unique('pub')}`, 'published')
  hidden = [(await story(editor, reviewer, unique('Still checking'), 'checking')).title, (await story(editor, reviewer, unique('Archived story'), 'archived')).title]
}, 60_000)

describe('the public corrections page', () => {
  it('lists a published article’s note, signed out, and nothing of the desk', async () => {
    const res = await fetch(`${BASE}/corrections`, { redirect: 'manual' })
    expect(res.status).toBe(200)
    // Other suites publish meanwhile: the page of entries holding this story's.
    const html = (await pageWith(`correction-${published.id}-r2`))?.html ?? (await res.text())
    expect(html).toContain('An earlier version of this article misspelled the name of Vincent Pang.')
    expect(html).toContain('href="https://news.example/huawei"')
    // The title is text: its markup is escaped, never run.
    expect(html).not.toContain('<script>alert(1)</script>')
    expect(html).toContain('&lt;b&gt;talks&lt;/b&gt;')
    for (const secret of [...SECRETS, ...hidden]) expect(html, secret).not.toContain(secret)
    for (const secret of [...SECRETS, ...hidden]) expect((await readAllPages()).pages.map((p) => p.html).join(''), secret).not.toContain(secret)
    // Each entry carries schema.org CorrectionComment JSON-LD that parses.
    const blocks = [...html.matchAll(/<script type="application\/ld\+json">([^<]*)<\/script>/g)].map((m) => JSON.parse(m[1]))
    const mine = blocks.find((b) => b.about?.headline === published.title)
    expect(mine).toMatchObject({ '@context': 'https://schema.org', '@type': 'CorrectionComment', text: 'An earlier version of this article misspelled the name of Vincent Pang.', about: { '@type': 'NewsArticle', url: 'https://news.example/huawei' } })
    expect(mine.datePublished).toMatch(/^\d{4}-\d\d-\d\dT/)
  })

  it('is an Atom feed too: well-formed RFC 4287 with ids, updated and links, newest first', async () => {
    const res = await fetch(`${BASE}/corrections.atom`, { redirect: 'manual' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/atom\+xml/)
    const text = await res.text()
    for (const secret of [...SECRETS, ...hidden]) expect(text, secret).not.toContain(secret)
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(text, true)
    const feed = parsed.feed
    expect(feed.xmlns).toBe('http://www.w3.org/2005/Atom')
    expect(feed.id).toMatch(/^http:\/\/.+\/corrections$/)
    expect(feed.title).toEqual(expect.any(String))
    expect(Date.parse(feed.updated)).not.toBeNaN()
    const links = [feed.link].flat()
    expect(links.find((l: any) => l.rel === 'self').href).toMatch(/\/corrections\.atom$/)
    const entries = [feed.entry].flat()
    for (const e of entries) {
      expect(e.id).toEqual(expect.any(String))
      expect(Date.parse(e.updated)).not.toBeNaN()
      expect(e.title).toEqual(expect.any(String))
    }
    expect(new Set(entries.map((e: any) => e.id)).size).toBe(entries.length)
    const dates = entries.map((e: any) => Date.parse(e.updated))
    expect([...dates].sort((a, b) => b - a)).toEqual(dates)
    const mine = entries.find((e: any) => e.title === `Correction: ${published.title}`) ?? (await readWholeFeed()).entries.find((e: any) => e.title === `Correction: ${published.title}`)
    expect(mine.link.href).toBe('https://news.example/huawei')
    expect(mine.summary).toBe('An earlier version of this article misspelled the name of Vincent Pang.')
  })

  it('is not there unless GALLEY_PUBLIC_CORRECTIONS=1 (the second test instance has it off)', async () => {
    expect((await fetch(`${OFF}/corrections`, { redirect: 'manual' })).status).toBe(404)
    const feed = await fetch(`${OFF}/corrections.atom`, { redirect: 'manual' })
    expect(feed.status).toBe(404)
    expect((await feed.json()).error.code).toBe('not_found')
  })
})

/** Approve and publish one fix, as the desk does; returns the revision the publication made. */
async function publishFix(articleId: string, fix: Record<string, unknown>, baseRevision: number): Promise<number> {
  const a = await editor.post(`/api/articles/${articleId}/annotations`, { kind: 'error', ...fix })
  expect(a.status, JSON.stringify(a.body)).toBe(201)
  expect((await reviewer.post(`/api/annotations/${a.body.id}/review`, { decision: 'approve', version: a.body.version })).status).toBe(200)
  const p = await editor.post(`/api/articles/${articleId}/publish`, { baseRevision })
  expect(p.status, JSON.stringify(p.body)).toBe(200)
  return p.body.revision
}

describe('entries written when fixes are published, read a page at a time', () => {
  // One story corrected in more publications than a page holds: figures 10…, each fixed on its own.
  const COUNT = PAGE_SIZE + 2
  const FIGURES = Array.from({ length: COUNT }, (_, i) => `Figure ${i} was ${10 + i}.`).join(' ')
  const at = (i: number) => FIGURES.indexOf(`was ${10 + i}.`) + 4
  const sentence = (i: number) => `An earlier version of this article incorrectly said “${10 + i}”; it should have said “${50 + i}”.`
  let paged: { id: string; title: string }
  const anchors: string[] = [] // newest first
  let startedAt: Date
  let endedAt: Date
  const dbNow = async () => (await db().$queryRaw<Array<{ now: Date }>>`SELECT clock_timestamp() AS now`)[0].now

  beforeAll(async () => {
    paged = (await editor.post('/api/articles', { title: unique('Figures corrected one by one'), body: FIGURES, sourceUrl: 'https://news.example/figures' })).body
    expect((await editor.patch(`/api/articles/${paged.id}`, { status: 'published' })).status).toBe(200)
    let revision = 1
    startedAt = await dbNow()
    for (let i = 0; i < COUNT; i++) {
      revision = await publishFix(paged.id, { start: at(i), end: at(i) + 2, exact: String(10 + i), correction: String(50 + i), category: 'fact' }, revision)
      anchors.unshift(`correction-${paged.id}-r${revision}`)
    }
    endedAt = await dbNow()
  }, 120_000)

  it('writes one entry per publication, in the publishing transaction: its note, the title then, its revision', async () => {
    const rows = await db().publicCorrection.findMany({ where: { articleId: paged.id }, orderBy: { revision: 'asc' } })
    expect(rows.map((r) => [r.revision, r.title, r.note, r.backfilled])).toEqual(Array.from({ length: COUNT }, (_, i) => [i + 2, paged.title, [sentence(i)], false]))
    // Its time is its publication's (the database's clock around them), in order of publication.
    const times = rows.map((r) => r.publishedAt.getTime())
    expect([...times].sort((a, b) => a - b)).toEqual(times)
    expect(times[0]).toBeGreaterThanOrEqual(startedAt.getTime())
    expect(times[times.length - 1]).toBeLessThanOrEqual(endedAt.getTime())
    // A publication refused (someone else's revision meanwhile) writes nothing.
    expect((await editor.post(`/api/articles/${paged.id}/publish`, { baseRevision: 1 })).status).toBe(409)
    expect(await db().publicCorrection.count({ where: { articleId: paged.id } })).toBe(COUNT)
  })

  it('shows them newest first, a page at a time, with "Older corrections" to the rest (keyset: each once)', async () => {
    const first = await readPage()
    expect(first.status).toBe(200)
    expect(first.entries).toHaveLength(PAGE_SIZE)
    expect(first.older).toMatch(/^\/corrections\?before=\d+-\d+$/)
    const { pages, entries } = await readAllPages()
    expect(pages.length).toBeGreaterThan(1)
    for (const p of pages.slice(1)) expect(p.html).toContain('Older corrections</h1>')
    // Every entry once, newest first across pages; this story's in order of publication, each with its sentence.
    expect(new Set(entries.map((e) => e.anchor)).size).toBe(entries.length)
    const times = entries.map((e) => Date.parse(e.datetime))
    expect([...times].sort((a, b) => b - a)).toEqual(times)
    expect(entries.map((e) => e.anchor).filter((a) => anchors.includes(a))).toEqual(anchors)
    for (const [k, anchor] of anchors.entries()) expect(entries.find((e) => e.anchor === anchor)!.html).toContain(sentence(COUNT - 1 - k))
    // A cursor this page did not write names no page.
    expect((await readPage('/corrections?before=yesterday')).status).toBe(404)
  })

  it('is paged in the feed too: the newest entries, and rel="next" to older ones', async () => {
    const first = await readFeed()
    expect(first.entries).toHaveLength(PAGE_SIZE)
    expect(first.next).toMatch(/\/corrections\.atom\?before=\d+-\d+$/)
    const { pages, entries } = await readWholeFeed()
    expect(pages.length).toBeGreaterThan(1)
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length)
    const times = entries.map((e) => Date.parse(e.updated))
    expect([...times].sort((a, b) => b - a)).toEqual(times)
    const mine = entries.filter((e) => e.title === `Correction: ${paged.title}`)
    expect(mine.map((e) => e.id.replace(/^.*#/, ''))).toEqual(anchors)
    expect(mine.map((e) => e.summary)).toEqual(anchors.map((_, k) => sentence(COUNT - 1 - k)))
    // Later pages say where they are and where the feed starts (RFC 5005).
    const links = [pages[1].feed.link].flat()
    expect(links.find((l: any) => l.rel === 'self').href).toMatch(/\/corrections\.atom\?before=\d+-\d+$/)
    expect(links.find((l: any) => l.rel === 'first').href).toMatch(/\/corrections\.atom$/)
    const bad = await fetch(`${BASE}/corrections.atom?before=1%27%20OR%201=1`)
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.code).toBe('bad_request')
  })

  it('sends ETag and Last-Modified, and answers 304 with no body while nothing changed', async () => {
    await whileNothingChanges(async () => {
      for (const path of ['/corrections', '/corrections.atom', `/corrections.atom?before=${(await readFeed()).next!.replace(/^.*before=/, '')}`]) {
        const res = await fetch(`${BASE}${path}`)
        expect(res.status, path).toBe(200)
        await res.arrayBuffer()
        const etag = res.headers.get('etag')!
        const lastModified = res.headers.get('last-modified')!
        expect(etag, path).toMatch(/^W\/"[\w-]+"$/)
        expect(Date.parse(lastModified), path).toBeLessThanOrEqual(Date.parse(res.headers.get('date')!))
        expect(res.headers.get('cache-control'), path).toBe(path === '/corrections' ? 'private, no-cache' : 'public, max-age=60')
        const conditionals: Array<Record<string, string>> = [{ 'if-none-match': etag }, { 'if-none-match': `"other", ${etag}` }, { 'if-none-match': '*' }, { 'if-modified-since': new Date(Date.now() + 86_400_000).toUTCString() }]
        for (const conditional of conditionals) {
          const again = await fetch(`${BASE}${path}`, { headers: conditional })
          expect(again.status, `${path} ${JSON.stringify(conditional)}`).toBe(304)
          expect(await again.text()).toBe('')
          expect(again.headers.get('etag')).toBe(etag)
          // The 304 of the page carries no new CSP: the cached page's scripts keep the nonce they were sent with.
          if (path === '/corrections') expect(again.headers.get('content-security-policy')).toBeNull()
        }
        const stales: Array<Record<string, string>> = [{ 'if-none-match': '"something else"' }, { 'if-modified-since': 'Thu, 01 Jan 1970 00:00:00 GMT' }, { 'if-modified-since': '1' }]
        for (const stale of stales) {
          expect((await fetch(`${BASE}${path}`, { headers: stale })).status, `${path} ${JSON.stringify(stale)}`).toBe(200)
        }
      }
      // Another page of entries is another representation, with its own tag.
      const older = (await readPage()).older!
      expect((await fetch(`${BASE}${older}`)).headers.get('etag')).not.toBe((await fetch(`${BASE}/corrections`)).headers.get('etag'))
    })
  })

  it('does not send a signed-in reader the signed-out page from cache (the header differs)', async () => {
    const anonymous = (await fetch(`${BASE}/corrections`)).headers.get('etag')!
    const res = await editor.raw('/corrections', { headers: { 'if-none-match': anonymous } })
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).toBeNull()
  })

  it('changes the ETag with a new publication, and the new entry is on the first page', async () => {
    const before = await readPage()
    const feedBefore = await readFeed()
    const revision = await publishFix(paged.id, { start: 7, end: 8, exact: '0', correction: '9', category: 'fact' }, COUNT + 1)
    const after = await fetch(`${BASE}/corrections`, { headers: { 'if-none-match': before.headers.get('etag')! } })
    expect(after.status).toBe(200)
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'))
    expect(await after.text()).toContain(`id="correction-${paged.id}-r${revision}"`)
    const feed = await fetch(`${BASE}/corrections.atom`, { headers: { 'if-none-match': feedBefore.headers.get('etag')! } })
    expect(feed.status).toBe(200)
    expect(await feed.text()).toContain(`#correction-${paged.id}-r${revision}</id>`)
  })

  it('hides a deleted article’s corrections from page and feed, and a restored one’s come back', async () => {
    const before = await readPage()
    const feedBefore = await readFeed()
    expect((await admin.delete(`/api/articles/${paged.id}`)).status).toBe(204)
    expect((await fetch(`${BASE}/corrections`, { headers: { 'if-none-match': before.headers.get('etag')! } })).status).toBe(200)
    expect((await fetch(`${BASE}/corrections.atom`, { headers: { 'if-none-match': feedBefore.headers.get('etag')! } })).status).toBe(200)
    const gone = await readAllPages()
    expect(gone.entries.filter((e) => e.anchor.startsWith(`correction-${paged.id}`))).toEqual([])
    expect(gone.pages.map((p) => p.html).join('')).not.toContain(paged.title)
    expect((await readWholeFeed()).entries.filter((e) => e.title === `Correction: ${paged.title}`)).toEqual([])
    expect((await admin.post(`/api/articles/${paged.id}/restore`)).status).toBe(200)
    const back = await readAllPages()
    expect(back.entries.map((e) => e.anchor).filter((a) => a.startsWith(`correction-${paged.id}`))).toHaveLength(COUNT + 1)
    expect((await readWholeFeed()).entries.filter((e) => e.title === `Correction: ${paged.title}`)).toHaveLength(COUNT + 1)
  })

  it('reads one page of stored rows per request, and never an article body', async () => {
    // Every statement the page's and the feed's reads send, through a client that logs them.
    const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }), log: [{ emit: 'event', level: 'query' }] })
    const statements: string[] = []
    client.$on('query', (e) => statements.push(e.query))
    const shared = globalThis as unknown as { galleyPrisma?: unknown }
    const saved = shared.galleyPrisma
    shared.galleyPrisma = client
    try {
      const state = await publicCorrectionsState()
      const first = await listPublicCorrections()
      expect(first.entries).toHaveLength(PAGE_SIZE)
      await listPublicCorrections({ before: parseCursor(first.next!) })
      expect(state.version).toMatch(/^\d+$/)
    } finally {
      shared.galleyPrisma = saved
      await client.$disconnect()
    }
    expect(statements).toHaveLength(3)
    for (const sql of statements) expect(sql).not.toMatch(/\bbody\b/i)
    expect(statements[1]).toMatch(/\bLIMIT\b/)
  })
})

describe('what readers were told stays as published', () => {
  it('keeps an entry’s words and title when the text or the title changes later (the page reads no body)', async () => {
    const story = await editor.post('/api/articles', { title: unique('Vice president named'), body: BODY, sourceUrl: 'https://news.example/vp' })
    const id = story.body.id
    expect((await editor.patch(`/api/articles/${id}`, { status: 'published' })).status).toBe(200)
    const revision = await publishFix(id, { ...cp('Pain'), correction: 'Pang', category: 'name' }, 1)
    // Later the story calls him "Mr. Pang" and gets a new title: a note read from today's text would
    // now say "the name of Pang".
    const now = await editor.get(`/api/articles/${id}`)
    expect((await editor.put(`/api/articles/${id}/body`, { body: now.body.body.replace('Vincent Pang', 'Mr. Pang'), baseRevision: revision, reason: 'edited' })).status).toBe(200)
    expect((await editor.patch(`/api/articles/${id}`, { title: unique('Renamed') })).status).toBe(200)
    const entry = (await pageWith(`correction-${id}-r${revision}`))!.entries.find((e) => e.anchor === `correction-${id}-r${revision}`)!
    expect(entry.html).toContain('An earlier version of this article misspelled the name of Vincent Pang.')
    expect(entry.html).not.toContain('name of Pang.')
    expect(entry.html).toContain(story.body.title)
  })
})

describe('an upgraded desk', () => {
  it('shows what it showed before: fixes published before entries were stored get one entry, under the article’s old anchor', async () => {
    const story = await editor.post('/api/articles', { title: unique('Published before the upgrade'), body: BODY, sourceUrl: 'https://news.example/old' })
    const id = story.body.id
    expect((await editor.patch(`/api/articles/${id}`, { status: 'published' })).status).toBe(200)
    await publishFix(id, { ...cp('Pain'), correction: 'Pang', category: 'name' }, 1)
    // As the migration leaves it: no entry yet, the article listed for the backfill.
    await db().$executeRaw`DELETE FROM "PublicCorrection" WHERE "articleId" = ${id}::uuid`
    await db().$executeRaw`INSERT INTO "PublicCorrectionBackfill" ("articleId") VALUES (${id}::uuid)`
    const fixes = await db().annotation.findMany({ where: { articleId: id, status: 'applied' }, select: { updatedAt: true } })
    expect(await backfillPublicCorrections()).toBeGreaterThanOrEqual(1)
    expect(await backfillPublicCorrections()).toBe(0)
    const rows = await db().publicCorrection.findMany({ where: { articleId: id } })
    expect(rows.map((r) => [r.revision, r.note, r.backfilled, r.publishedAt.getTime()])).toEqual([
      [2, ['An earlier version of this article misspelled the name of Vincent Pang.'], true, Math.max(...fixes.map((f) => f.updatedAt.getTime()))],
    ])
    expect(await db().publicCorrectionBackfill.count({ where: { articleId: id } })).toBe(0)
    const entry = (await pageWith(`correction-${id}`))!.entries.find((e) => e.anchor === `correction-${id}`)!
    expect(entry.html).toContain('An earlier version of this article misspelled the name of Vincent Pang.')
    expect(new Date(entry.datetime).getTime()).toBe(rows[0].publishedAt.getTime())
  })

  it('a publication on an article not written yet writes its earlier entry first, then its own', async () => {
    const story = await editor.post('/api/articles', { title: unique('Corrected again after the upgrade'), body: BODY, sourceUrl: 'https://news.example/again' })
    const id = story.body.id
    expect((await editor.patch(`/api/articles/${id}`, { status: 'published' })).status).toBe(200)
    const first = await publishFix(id, { ...cp('Pain'), correction: 'Pang', category: 'name' }, 1)
    await db().$executeRaw`DELETE FROM "PublicCorrection" WHERE "articleId" = ${id}::uuid`
    await db().$executeRaw`INSERT INTO "PublicCorrectionBackfill" ("articleId") VALUES (${id}::uuid)`
    const text = (await editor.get(`/api/articles/${id}`)).body.body as string
    const vp = text.indexOf('vice president')
    const second = await publishFix(id, { start: vp, end: vp + 'vice president'.length, exact: 'vice president', correction: 'president', category: 'fact' }, first)
    const rows = await db().publicCorrection.findMany({ where: { articleId: id }, orderBy: { revision: 'asc' } })
    expect(rows.map((r) => [r.revision, r.note, r.backfilled])).toEqual([
      [first, ['An earlier version of this article misspelled the name of Vincent Pang.'], true],
      [second, ['An earlier version of this article incorrectly said “vice president”; it should have said “president”.'], false],
    ])
    expect(await db().publicCorrectionBackfill.count({ where: { articleId: id } })).toBe(0)
  })
})
