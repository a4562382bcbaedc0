/**
 * Webhooks to the CMS over real HTTP: registration, deliveries written with the change, a
 * receiver that fails, times out, then accepts (same id, same body, a valid signature each time),
 * redelivery, and a crash of the sending instance between the commit and the delivery.
 */
import http from 'node:http'
import crypto from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, DEMO_PASSWORD, unique } from '@/lib/testing/api-client'
import { startCluster } from '@/lib/testing/cluster'
import { until } from '@/lib/testing/until'
import { disconnectDb } from '@/lib/db/client'

type Received = { event: string; delivery: string; signature: string; body: string; at: number }

/**
 * A real HTTP receiver on localhost; `answer` decides each response (a status, or 'hang') from
 * the attempt number of that delivery: other suites running meanwhile may send it their own
 * deliveries too, and a count over all requests would let theirs use up our failures.
 */
async function receiver(answer: (n: number, r: Received) => number | 'hang') {
  const got: Received[] = []
  const hanging: http.ServerResponse[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const r = { event: String(req.headers['x-galley-event']), delivery: String(req.headers['x-galley-delivery']), signature: String(req.headers['x-galley-signature']), body: Buffer.concat(chunks).toString('utf8'), at: Date.now() }
      got.push(r)
      const a = answer(got.filter((g) => g.delivery === r.delivery).length, r)
      if (a === 'hang') return void hanging.push(res)
      res.writeHead(a).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/galley`,
    got,
    close: () => new Promise<void>((resolve) => (hanging.forEach((h) => h.destroy()), server.closeAllConnections(), server.close(() => resolve()))),
  }
}

const sign = (secret: string, body: string) => `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`
const BODY = 'Vincent Pain, the vice president, spoke on Friday.'
const cp = (needle: string) => ({ start: BODY.indexOf(needle), end: BODY.indexOf(needle) + needle.length, exact: needle })

let admin: ApiClient
let editor: ApiClient
beforeAll(async () => {
  admin = await ApiClient.as('admin@galley.test')
  editor = await ApiClient.as('editor@galley.test')
})
afterAll(disconnectDb)

describe('registering webhooks', () => {
  it('is for admins, needs an http(s) URL and known events, and shows the secret only once', async () => {
    expect((await editor.post('/api/webhooks', { url: 'https://cms.example/hook', events: ['article.published'] })).status).toBe(403)
    expect((await new ApiClient().get('/api/webhooks')).status).toBe(401)
    for (const url of ['ftp://cms.example/hook', 'javascript:alert(1)', 'https://user:pw@cms.example/hook', 'not a url']) {
      const bad = await admin.post('/api/webhooks', { url, events: ['article.published'] })
      expect(bad.status, url).toBe(422)
      expect(bad.body.error.code).toBe('validation_failed')
    }
    expect((await admin.post('/api/webhooks', { url: 'https://cms.example/hook', events: ['article.deleted'] })).status).toBe(422)
    expect((await admin.post('/api/webhooks', { url: 'https://cms.example/hook', events: [] })).status).toBe(422)
    const made = await admin.post('/api/webhooks', { url: 'https://cms.example/hook', events: ['article.published', 'article.published'] })
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ url: 'https://cms.example/hook', events: ['article.published'], secret: expect.stringMatching(/^whsec_/) })
    const list = (await admin.get('/api/webhooks')).body.webhooks
    const mine = list.find((w: any) => w.id === made.body.id)
    expect(mine.secret).toBeUndefined()
    expect(JSON.stringify(list)).not.toContain(made.body.secret)
    expect((await admin.delete(`/api/webhooks/${made.body.id}`)).status).toBe(204)
    expect((await admin.delete(`/api/webhooks/${made.body.id}`)).status).toBe(404)
    expect((await admin.get('/api/webhooks')).body.webhooks.some((w: any) => w.id === made.body.id)).toBe(false)
  })
})

describe('delivering', () => {
  it('retries a receiver that fails and times out with the same id and body, signed, until it accepts; then redelivers on request', async () => {
    // 500, then no answer (the worker gives up after 2 s in the tests), then 200.
    const cms = await receiver((n) => (n === 1 ? 500 : n === 2 ? 'hang' : 200))
    try {
      const secret = `test-secret-${unique()}`
      const hook = (await admin.post('/api/webhooks', { url: cms.url, events: ['annotation.reviewed', 'article.corrected'], secret })).body
      const a = (await editor.post('/api/articles', { title: unique('Hooked'), body: BODY, sourceUrl: 'https://news.example/a' })).body
      const fix = (await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'error', ...cp('Pain'), correction: 'Pang', category: 'name' })).body
      const reviewed = Date.now()
      expect((await admin.post(`/api/annotations/${fix.id}/review`, { decision: 'approve', version: fix.version, comment: 'Per the bio' })).status).toBe(200)
      // (Other suites review and publish too: only this article's deliveries count here.)
      const ours = () => cms.got.filter((r) => JSON.parse(r.body).article?.id === a.id)
      await until('three attempts', () => (ours().length >= 3 ? true : undefined), 40_000)
      const [first, second, third] = ours()
      // The first retry comes within 10 s.
      expect(second.at - first.at).toBeLessThan(10_000)
      for (const r of [first, second, third]) {
        expect(r.event).toBe('annotation.reviewed')
        expect(r.delivery).toBe(first.delivery)
        expect(r.body).toBe(first.body)
        expect(r.signature).toBe(sign(secret, r.body))
      }
      expect(first.at).toBeGreaterThanOrEqual(reviewed)
      const payload = JSON.parse(first.body)
      expect(payload).toMatchObject({
        id: first.delivery,
        event: 'annotation.reviewed',
        actor: { name: 'Demo Admin' },
        review: { decision: 'approved', comment: 'Per the bio', fix: { id: fix.id, exact: 'Pain', correction: 'Pang', status: 'approved' } },
        article: { id: a.id, sourceUrl: 'https://news.example/a', correctedText: 'Vincent Pang, the vice president, spoke on Friday.', correctionsNote: ['An earlier version of this article misspelled the name of Vincent Pang.'] },
      })
      expect(payload.article.correctedHtml).toContain('Vincent Pang')
      expect(Array.isArray(payload.article.claimReview)).toBe(true)

      // The admin sees every attempt, with status codes and timings.
      // (By its id: the hook hears every review on the desk, so the latest 100 may be others'.)
      const delivery = await until('delivered', async () => {
        const d = (await admin.get(`/api/webhook-deliveries/${first.delivery}`)).body
        return d?.status === 'delivered' ? d : undefined
      }, 10_000)
      expect((await admin.get(`/api/webhooks/${hook.id}/deliveries`)).body.deliveries.length).toBeGreaterThan(0)
      expect((await editor.get(`/api/webhook-deliveries/${first.delivery}`)).status).toBe(403)
      expect((await admin.get(`/api/webhook-deliveries/${crypto.randomUUID()}`)).status).toBe(404)
      expect(delivery.attempts.map((t: any) => t.statusCode)).toEqual([500, null, 200])
      expect(delivery.attempts[1].error).toMatch(/No answer within 2 s/)
      expect(delivery.attempts.every((t: any) => t.durationMs >= 0)).toBe(true)

      // Publishing is another event, with the note.
      expect((await editor.post(`/api/articles/${a.id}/publish`, { baseRevision: 1 })).status).toBe(200)
      const corrected = await until('article.corrected', () => ours().find((r) => r.event === 'article.corrected'), 15_000)
      expect(JSON.parse(corrected.body)).toMatchObject({ event: 'article.corrected', applied: [fix.id], article: { revision: 2, correctionsNote: ['An earlier version of this article misspelled the name of Vincent Pang.'] } })

      // Redeliver: the same id and the same bytes again.
      const before = cms.got.length
      expect((await admin.post(`/api/webhook-deliveries/${first.delivery}/redeliver`)).status).toBe(200)
      const again = await until('redelivered', () => cms.got.slice(before).find((r) => r.delivery === first.delivery), 10_000)
      expect(again.body).toBe(first.body)
      expect((await editor.post(`/api/webhook-deliveries/${first.delivery}/redeliver`)).status).toBe(403)
      await admin.delete(`/api/webhooks/${hook.id}`)
    } finally {
      await cms.close()
    }
  }, 60_000)

  it('sends nothing for events a webhook did not ask for, nor for changes that were refused', async () => {
    const cms = await receiver(() => 200)
    try {
      const hook = (await admin.post('/api/webhooks', { url: cms.url, events: ['article.published'] })).body
      const a = (await editor.post('/api/articles', { title: unique('Quiet'), body: BODY })).body
      const fix = (await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'error', ...cp('Pain'), correction: 'Pang', category: 'name' })).body
      await admin.post(`/api/annotations/${fix.id}/review`, { decision: 'reject', version: fix.version })
      // A refused change (a stale version) commits nothing, so it sends nothing.
      expect((await editor.patch(`/api/articles/${a.id}`, { status: 'published', title: '' })).status).toBe(422)
      expect((await editor.patch(`/api/articles/${a.id}`, { status: 'published' })).status).toBe(200)
      const got = await until('article.published', () => cms.got.find((r) => r.event === 'article.published' && JSON.parse(r.body).article?.id === a.id), 10_000)
      expect(JSON.parse(got.body).article.id).toBe(a.id)
      await new Promise((r) => setTimeout(r, 1_500))
      expect(cms.got.filter((r) => JSON.parse(r.body).article?.id === a.id).map((r) => r.event)).toEqual(['article.published'])
      await admin.delete(`/api/webhooks/${hook.id}`)
    } finally {
      await cms.close()
    }
  }, 30_000)
})

describe('a crash between the commit and the delivery', () => {
  it('loses nothing: the next instance to start delivers it, with the same id and body', async () => {
    // No answer to the first request: the instance is mid-send when it is killed.
    const cms = await receiver((n) => (n === 1 ? 'hang' : 200))
    const cluster = await startCluster({ ports: [3170], env: { GALLEY_WEBHOOK_TIMEOUT_MS: '30000', GALLEY_WEBHOOK_LEASE_MS: '3000' } })
    try {
      const [url] = cluster.urls
      const adminC = await ApiClient.as('admin@galley.test', DEMO_PASSWORD, url)
      const hook = (await adminC.post('/api/webhooks', { url: cms.url, events: ['article.published'] })).body
      const a = (await adminC.post('/api/articles', { title: unique('Crash'), body: BODY })).body
      expect((await adminC.patch(`/api/articles/${a.id}`, { status: 'published' })).status).toBe(200)
      const first = await until('the first attempt', () => cms.got[0], 10_000)
      await cluster.kill(0)
      await cluster.start(0)
      const second = await until('delivery after the restart', () => cms.got[1], 20_000)
      expect(second.delivery).toBe(first.delivery)
      expect(second.body).toBe(first.body)
      const admin2 = await ApiClient.as('admin@galley.test', DEMO_PASSWORD, url)
      const d = await until('recorded as delivered', async () => {
        const list = (await admin2.get(`/api/webhooks/${hook.id}/deliveries`)).body.deliveries
        return list[0]?.status === 'delivered' ? list[0] : undefined
      }, 10_000)
      expect(d.id).toBe(first.delivery)
    } finally {
      await cms.close()
      await cluster.stop()
    }
  }, 120_000)
})
