/**
 * Importing an article from the web over real HTTP: a page served by the test itself on
 * localhost (allowed on the first test instance by GALLEY_IMPORT_ALLOW_HOSTS=localhost, refused on
 * the second, which has no allow-list), redirects, limits, and pages with no article.
 */
import fs from 'node:fs'
import path from 'node:path'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, DEMO_PASSWORD } from '@/lib/testing/api-client'
import { disconnectDb } from '@/lib/db/client'

const STORY = fs.readFileSync(path.join(process.cwd(), 'lib/import/fixtures/story.html'), 'utf8')
const SECOND = process.env.GALLEY_TEST_SECOND_URL ?? 'http://127.0.0.1:3101'
let server: http.Server
let port = 0
let editor: ApiClient

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const u = req.url ?? '/'
    if (u === '/story') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(STORY)
    if (u === '/moved') return void res.writeHead(301, { location: `http://localhost:${port}/story` }).end()
    if (u === '/to-internal') return void res.writeHead(302, { location: `http://127.0.0.1:${port}/story` }).end()
    if (u === '/loop') return void res.writeHead(302, { location: '/loop' }).end()
    if (u === '/pdf') return void res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4')
    if (u === '/huge') {
      res.writeHead(200, { 'content-type': 'text/html' })
      const chunk = '<p>' + 'x'.repeat(1 << 16) + '</p>'
      let sent = 0
      const pump = () => {
        while (sent < 6 * 1024 * 1024) {
          sent += chunk.length
          if (!res.write(chunk)) return void res.once('drain', pump)
        }
        res.end()
      }
      return pump()
    }
    if (u === '/login') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><head><title>Sign in</title></head><body><form><input name="u"><button>Sign in</button></form></body></html>')
    if (u === '/slow') return void setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(STORY), 12_000)
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
  editor = await ApiClient.as('editor@galley.test')
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await disconnectDb()
})

const importUrl = (url: string, client = editor) => client.post('/api/articles/import', { url })

describe('POST /api/articles/import', () => {
  it('fetches a page and keeps only the story: title, byline and paragraphs, with its URL', async () => {
    const res = await importUrl(`http://localhost:${port}/story`)
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ title: 'Huawei in early talks with U.S. firms on 5G licensing', sourceUrl: `http://localhost:${port}/story`, byline: expect.stringContaining('Jane Doe'), revision: 1 })
    expect(res.body.body).toMatch(/^WASHINGTON – Blacklisted/)
    expect(res.body.body).not.toContain('Please enter your comment')
    expect(res.body.body.split('\n\n')).toHaveLength(4)
    expect((await editor.get(`/api/articles/${res.body.id}`)).body.byline).toContain('Jane Doe')
  })

  it('follows redirects (re-checking each) and takes a saved .html page too', async () => {
    expect((await importUrl(`http://localhost:${port}/moved`)).status).toBe(201)
    const saved = await editor.post('/api/articles/import', { html: STORY, url: 'https://news.example/huawei', title: 'My own title' })
    expect(saved.status).toBe(201)
    expect(saved.body).toMatchObject({ title: 'My own title', sourceUrl: 'https://news.example/huawei' })
  })

  it('refuses internal addresses (directly, by name, and through a redirect), other schemes, and too much', async () => {
    const cases: Array<[string, RegExp, ApiClient?]> = [
      [`http://127.0.0.1:${port}/story`, /internal address/],
      [`http://localhost:${port}/to-internal`, /internal address/],
      ['http://169.254.169.254/latest/meta-data/', /internal address/],
      ['http://[::1]/', /internal address/],
      ['file:///etc/passwd', /Only http and https/],
      ['ftp://example.com/a', /Only http and https/],
      [`http://localhost:${port}/loop`, /More than 5 redirects/],
      [`http://localhost:${port}/pdf`, /not a web page/],
      [`http://localhost:${port}/huge`, /larger than 5 MB/],
      [`http://localhost:${port}/login`, /No article found/],
      ['not a url', /not a URL/],
    ]
    for (const [url, why] of cases) {
      const res = await importUrl(url)
      expect(res.status, url).toBe(422)
      expect(res.body.error.message, url).toMatch(why)
    }
    // Without the allow-list (the second instance), `localhost` is what it is: internal.
    const other = await ApiClient.as('editor@galley.test', DEMO_PASSWORD, SECOND)
    const refused = await importUrl(`http://localhost:${port}/story`, other)
    expect(refused.status).toBe(422)
    expect(refused.body.error.message).toMatch(/resolves to .*internal address/)
    expect((await new ApiClient().post('/api/articles/import', { url: 'https://example.com' })).status).toBe(401)
  }, 60_000)

  it('gives up on a page that does not answer within 10 s', async () => {
    const res = await importUrl(`http://localhost:${port}/slow`)
    expect(res.status).toBe(422)
    expect(res.body.error.message).toMatch(/No answer within 10 s/)
  }, 30_000)

  it('holds a saved page’s URL, title and HTML to the article form’s rules: normalised, or 422 naming the field', async () => {
    const saved = await editor.post('/api/articles/import', { html: STORY, url: 'HTTP://News.Example/huawei story' })
    expect(saved.status).toBe(201)
    expect(saved.body.sourceUrl).toBe('http://news.example/huawei%20story')
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ html: STORY, url: 'javascript:alert(1)' }, 'url'],
      [{ html: STORY, url: 'x'.repeat(3_000) }, 'url'],
      [{ html: STORY.replace('Blacklisted', 'Black\u0000listed') }, 'html'],
      [{ html: STORY, title: 'A\u0000B' }, 'title'],
      [{ url: `http://localhost:${port}/story\u0000` }, 'url'],
    ]
    for (const [body, path] of cases) {
      const res = await editor.post('/api/articles/import', body)
      expect(res.status, path).toBe(422)
      expect(res.body.error.details.fields.map((f: any) => f.path), path).toContain(path)
    }
  })

  it('reads a 4.9 MB page off the request thread: the server answers meanwhile', async () => {
    const paragraph = '<div class="story-block"><p>The council said the new bridge would open next spring, after years of delays and a budget that doubled. <a href="/x">More</a></p></div>\n'
    const html = `<html><head><title>Very long page</title></head><body><article>${paragraph.repeat(Math.floor(4_900_000 / paragraph.length))}</article></body></html>`
    let answered = false
    const reading = editor.post('/api/articles/import', { html, url: 'https://news.example/long' }).finally(() => (answered = true))
    let whileReading = 0
    while (!answered) {
      const health = await fetch(`${editor.baseUrl}/api/health`)
      expect(health.status).toBe(200)
      if (!answered) whileReading += 1
      await new Promise((r) => setTimeout(r, 100))
    }
    const res = await reading
    expect(whileReading).toBeGreaterThanOrEqual(3)
    // Read in time (an article) or not (a clear 413 saying the page is too big to read) — never a frozen server.
    if (res.status === 413) expect(res.body.error).toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/takes longer than 10 s to read/) })
    else expect(res.status).toBe(201)
  }, 60_000)
})
