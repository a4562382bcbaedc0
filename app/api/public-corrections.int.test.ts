/**
 * The public corrections page and its Atom feed: what readers may see (the notes of published
 * articles' published fixes) and nothing else — over HTTP, signed out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { XMLParser } from 'fast-xml-parser'
import { ApiClient, unique } from '@/lib/testing/api-client'
import { createUser } from '@/lib/db/users'
import { disconnectDb } from '@/lib/db/client'

afterAll(disconnectDb)
const BASE = process.env.GALLEY_TEST_BASE_URL ?? 'http://127.0.0.1:3100'
const OFF = process.env.GALLEY_TEST_SECOND_URL ?? 'http://127.0.0.1:3101'
const BODY = 'Vincent Pain, the vice president, spoke on Friday. The council built 42 crossings.'
const cp = (needle: string) => ({ start: BODY.indexOf(needle), end: BODY.indexOf(needle) + needle.length, exact: needle })
const SECRETS = ['SECRET-NOTE', 'SECRET-COMMENT', 'SECRET-REJECTED', 'SECRET-OPEN', 'Secret Reviewer']

let published: { id: string; title: string }
let hidden: string[] = []

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
  const editor = await ApiClient.as('editor@galley.test')
  const { user } = await createUser({ email: `${unique('secret')}@public.test`, name: 'Secret Reviewer Q', role: 'reviewer', password: 'secret-reviewer-pw-1' })
  const reviewer = await ApiClient.as(user.email, 'secret-reviewer-pw-1')
  published = await story(editor, reviewer, `Huawei <b>talks</b> </script><script>alert(1)</script> ${unique('pub')}`, 'published')
  hidden = [(await story(editor, reviewer, unique('Still checking'), 'checking')).title, (await story(editor, reviewer, unique('Archived story'), 'archived')).title]
}, 60_000)

describe('the public corrections page', () => {
  it('lists a published article’s note, signed out, and nothing of the desk', async () => {
    const res = await fetch(`${BASE}/corrections`, { redirect: 'manual' })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('An earlier version of this article misspelled the name of Vincent Pang.')
    expect(html).toContain('href="https://news.example/huawei"')
    // The title is text: its markup is escaped, never run.
    expect(html).not.toContain('<script>alert(1)</script>')
    expect(html).toContain('&lt;b&gt;talks&lt;/b&gt;')
    for (const secret of [...SECRETS, ...hidden]) expect(html, secret).not.toContain(secret)
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
    const mine = entries.find((e: any) => e.title === `Correction: ${published.title}`)
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
