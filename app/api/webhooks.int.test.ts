/**
 * Webhooks to the CMS over real HTTP: registration, deliveries written with the change, a
 * receiver that fails, times out, then accepts (same id, same body, a valid signature each time),
 * redelivery, and a crash of the sending instance between the commit and the delivery. Where
 * webhooks may point (never inside the server's networks without GALLEY_WEBHOOKS_ALLOW_PRIVATE=1,
 * never cloud metadata), failures shown as categories, Standard Webhooks signatures, and bodies
 * built when their event happened.
 */
import http from 'node:http'
import crypto from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, DEMO_PASSWORD, unique } from '@/lib/testing/api-client'
import { startCluster, type Cluster } from '@/lib/testing/cluster'
import { until } from '@/lib/testing/until'
import { db, disconnectDb } from '@/lib/db/client'

type Received = { event: string; delivery: string; signature: string; body: string; at: number; webhookId: string; webhookTimestamp: string; webhookSignature: string }

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
      const h = (name: string) => String(req.headers[name])
      const r = { event: h('x-galley-event'), delivery: h('x-galley-delivery'), signature: h('x-galley-signature'), body: Buffer.concat(chunks).toString('utf8'), at: Date.now(), webhookId: h('webhook-id'), webhookTimestamp: h('webhook-timestamp'), webhookSignature: h('webhook-signature') }
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

/**
 * A receiver's check as Standard Webhooks 1.0 describes it, written here from the spec (not from
 * Galley's code): the key is the base64 after `whsec_` (or, for a secret of one's own, its
 * characters: the reference libraries' raw format); HMAC-SHA256 of `${webhook-id}.${webhook-timestamp}.${body}`,
 * base64, against each `v1,` entry; the timestamp within 5 minutes of when it arrived.
 */
function verifyStandard(secret: string, r: Received): boolean {
  const key = secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'ascii')
  if (!/^\d+$/.test(r.webhookTimestamp) || Math.abs(r.at / 1000 - Number(r.webhookTimestamp)) > 300) return false
  const expected = Buffer.from(crypto.createHmac('sha256', key).update(`${r.webhookId}.${r.webhookTimestamp}.${r.body}`).digest('base64'))
  return r.webhookSignature.split(' ').some((entry) => {
    const [version, sig = ''] = entry.split(',')
    return version === 'v1' && sig.length === expected.length && crypto.timingSafeEqual(Buffer.from(sig), expected)
  })
}

/** The second instance: no GALLEY_WEBHOOKS_ALLOW_PRIVATE (and it sends no deliveries: lib/server/test-env.ts). */
const SECOND_URL = process.env.GALLEY_TEST_SECOND_URL ?? 'http://127.0.0.1:3101'
const CATEGORIES = ['blocked address', 'redirect not followed', 'refused', 'timed out', 'connection reset', 'unreachable', 'DNS failure', 'TLS error', 'connection failed', 'not sent']
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
        // Standard Webhooks: the delivery's id, this attempt's timestamp, a signature over both and the body.
        expect(r.webhookId).toBe(first.delivery)
        expect(verifyStandard(secret, r)).toBe(true)
        expect(verifyStandard(secret, { ...r, body: r.body.replace('Pang', 'Pain') })).toBe(false)
      }
      // Each attempt is signed anew (5 s and more apart here): a receiver may refuse old timestamps.
      expect(Number(third.webhookTimestamp)).toBeGreaterThan(Number(first.webhookTimestamp))
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
      // Categories, not the socket's words (this was "No answer within 2 s").
      expect(delivery.attempts.map((t: any) => t.error)).toEqual(['HTTP 500', 'timed out', null])
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

/** The deliveries of `hookId` for article `articleId` (the hook hears every event on the desk, other suites' too). */
async function deliveriesFor(hookId: string, articleId: string): Promise<any[]> {
  return (await admin.get(`/api/webhooks/${hookId}/deliveries`)).body.deliveries.filter((d: any) => d.articleId === articleId)
}

describe('where webhooks may point', () => {
  it('refuses loopback, private, link-local and metadata URLs on an instance without GALLEY_WEBHOOKS_ALLOW_PRIVATE (422 on url), and stores none', async () => {
    const second = await ApiClient.as('admin@galley.test', DEMO_PASSWORD, SECOND_URL)
    const made: string[] = []
    try {
      // Loopback first: should one be stored (today's code), nothing outside this machine is ever sent to.
      for (const url of ['http://127.0.0.1:9/hook', 'http://[::1]/', 'http://localhost/', 'http://localhost:9/hooks', 'http://2130706433:9/', 'http://10.0.0.1/', 'http://192.168.1.20/cms', 'http://169.254.169.254/latest/meta-data', 'http://[fd00:ec2::254]/']) {
        const res = await second.post('/api/webhooks', { url, events: ['article.published'] })
        if (res.status === 201) made.push(res.body.id)
        expect(res.status, url).toBe(422)
        expect(res.body.error.code).toBe('validation_failed')
        expect(res.body.error.details.fields).toEqual([{ path: 'url', message: expect.stringMatching(/an internal address .*GALLEY_WEBHOOKS_ALLOW_PRIVATE=1|cloud-metadata/) }])
      }
      const urls = (await second.get('/api/webhooks')).body.webhooks.map((w: any) => w.url)
      expect(urls.filter((u: string) => /127\.0\.0\.1:9\/hook|\[::1\]|localhost|10\.0\.0\.1|192\.168|169\.254|fd00:ec2/.test(u))).toEqual([])
      // A public name that does not resolve (yet) is accepted: its deliveries will say "DNS failure".
      const later = await second.post('/api/webhooks', { url: 'https://cms.example/hook', events: ['article.published'] })
      expect(later.status).toBe(201)
      made.push(later.body.id)
    } finally {
      for (const id of made) await second.delete(`/api/webhooks/${id}`)
    }
  })

  it('refuses cloud metadata even where private receivers are opted into', async () => {
    const made: string[] = []
    try {
      for (const url of ['http://169.254.169.254/latest/meta-data', 'http://[fd00:ec2::254]/latest/meta-data', 'http://[::ffff:169.254.169.254]/', 'http://100.100.100.200/latest/meta-data']) {
        const res = await admin.post('/api/webhooks', { url, events: ['article.published'] })
        if (res.status === 201) made.push(res.body.id)
        expect(res.status, url).toBe(422)
        expect(res.body.error.details.fields).toEqual([{ path: 'url', message: expect.stringMatching(/cloud-metadata/) }])
      }
    } finally {
      for (const id of made) await admin.delete(`/api/webhooks/${id}`)
    }
  })
})

describe('delivery failures', () => {
  it('are shown as categories (refused, redirect not followed, TLS error, DNS failure, connection reset, HTTP 500), never raw socket errors', async () => {
    const inside = await receiver(() => 200)
    const redirects = http.createServer((req, res) => (req.resume(), res.writeHead(302, { location: `${inside.url}/admin` }).end()))
    const resets = http.createServer((req) => req.socket.destroy())
    const fails = await receiver(() => 500)
    const closed = http.createServer()
    const listen = (s: http.Server) => new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)))
    const [redirectPort, resetPort, closedPort] = [await listen(redirects), await listen(resets), await listen(closed)]
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const expected: Record<string, string> = {
      [`http://127.0.0.1:${closedPort}/hook`]: 'refused',
      [`http://127.0.0.1:${redirectPort}/hook`]: 'redirect not followed',
      [`http://127.0.0.1:${resetPort}/hook`]: 'connection reset',
      // TLS to a server that speaks plain HTTP.
      [`https://127.0.0.1:${fails.url.split(':')[2].split('/')[0]}/hook`]: 'TLS error',
      // .invalid never resolves (RFC 2606).
      'http://galley-webhook-test.invalid/hook': 'DNS failure',
      [fails.url]: 'HTTP 500',
    }
    const hooks: Array<{ id: string; url: string }> = []
    try {
      for (const url of Object.keys(expected)) {
        const res = await admin.post('/api/webhooks', { url, events: ['article.published'] })
        expect(res.status, url).toBe(201)
        hooks.push({ id: res.body.id, url: res.body.url })
      }
      const a = (await editor.post('/api/articles', { title: unique('Failing'), body: BODY })).body
      expect((await editor.patch(`/api/articles/${a.id}`, { status: 'published' })).status).toBe(200)
      for (const hook of hooks) {
        const d = await until(`an attempt to ${hook.url}`, async () => (await deliveriesFor(hook.id, a.id)).find((x) => x.attempts.length > 0), 20_000)
        expect(d.attempts[0].error, hook.url).toBe(expected[hook.url])
        expect(d.attempts[0].statusCode).toBe(hook.url === fails.url ? 500 : hook.url.includes(`:${redirectPort}/`) ? 302 : null)
        const shown = JSON.stringify((await admin.get(`/api/webhook-deliveries/${d.id}`)).body)
        expect(shown).not.toMatch(/ECONN|EPROTO|ENOTFOUND|EAI_|getaddrinfo|socket|SSL|fetch failed|127\.0\.0\.1/)
      }
      // The redirect was not followed: the address it pointed to heard nothing.
      expect(inside.got).toEqual([])

      // An attempt stored with a raw error before categories existed is shown as its category too.
      const d = (await deliveriesFor(hooks[0].id, a.id))[0]
      await db().webhookAttempt.create({ data: { deliveryId: d.id, statusCode: null, durationMs: 3, error: 'fetch failed: connect ECONNREFUSED 10.0.0.7:5432' } })
      await db().webhookAttempt.create({ data: { deliveryId: d.id, statusCode: null, durationMs: 3, error: 'fetch failed: getaddrinfo ENOTFOUND billing.internal' } })
      const again = (await admin.get(`/api/webhook-deliveries/${d.id}`)).body
      expect(again.attempts.slice(-2).map((t: any) => t.error)).toEqual(['refused', 'DNS failure'])
      expect(JSON.stringify(again)).not.toMatch(/10\.0\.0\.7|billing\.internal|ECONN/)
      expect(again.attempts.every((t: any) => t.error === null || CATEGORIES.includes(t.error) || /^HTTP \d{3}$/.test(t.error))).toBe(true)
    } finally {
      for (const hook of hooks) await admin.delete(`/api/webhooks/${hook.id}`)
      await inside.close()
      await fails.close()
      redirects.closeAllConnections()
      resets.closeAllConnections()
      await Promise.all([redirects, resets].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))))
    }
  }, 60_000)
})

describe('payloads', () => {
  it('show the article as it was when the event happened, written in the same transaction, not when it is delivered', async () => {
    const cms = await receiver(() => 200)
    try {
      const hook = (await admin.post('/api/webhooks', { url: cms.url, events: ['annotation.reviewed'] })).body
      const title = unique('Event time')
      const a = (await editor.post('/api/articles', { title, body: BODY })).body
      const name = (await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'error', ...cp('Pain'), correction: 'Pang', category: 'name' })).body
      const day = (await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'error', ...cp('Friday'), correction: 'Thursday', category: 'fact' })).body
      expect((await admin.post(`/api/annotations/${name.id}/review`, { decision: 'approve', version: name.version })).status).toBe(200)
      // The delivery has its body the moment its event committed.
      const stored = await db().$queryRaw<Array<{ body: string | null }>>`
        SELECT d.body FROM "WebhookDelivery" d JOIN "AuditEvent" e ON e.id = d."auditId"
        WHERE d."webhookId" = ${hook.id}::uuid AND e.action = 'fix.approve' AND e."entityId" = ${name.id}`
      expect(stored).toHaveLength(1)
      expect(stored[0].body).not.toBeNull()
      // Then the article changes before the first delivery is (or is not yet) sent.
      expect((await editor.patch(`/api/articles/${a.id}`, { title: `${title} (renamed)` })).status).toBe(200)
      expect((await admin.post(`/api/annotations/${day.id}/review`, { decision: 'approve', version: day.version })).status).toBe(200)
      const ours = () => cms.got.filter((r) => JSON.parse(r.body).article?.id === a.id)
      await until('both reviews delivered', () => (ours().length >= 2 ? true : undefined), 15_000)
      const byFix = (id: string) => ours().find((r) => JSON.parse(r.body).review?.fix?.id === id)!
      const first = JSON.parse(byFix(name.id).body)
      expect(byFix(name.id).body).toBe(stored[0].body)
      expect(first.article).toMatchObject({ title, correctedText: 'Vincent Pang, the vice president, spoke on Friday.' })
      expect(first.review).toMatchObject({ decision: 'approved', fix: { id: name.id, status: 'approved' } })
      const second = JSON.parse(byFix(day.id).body)
      expect(second.article).toMatchObject({ title: `${title} (renamed)`, correctedText: 'Vincent Pang, the vice president, spoke on Thursday.' })
      // A generated secret is a Standard Webhooks one (standard base64 after whsec_), and signs both.
      expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/)
      for (const r of [byFix(name.id), byFix(day.id)]) expect(verifyStandard(hook.secret, r)).toBe(true)
      await admin.delete(`/api/webhooks/${hook.id}`)
    } finally {
      await cms.close()
    }
  }, 30_000)
})

describe('a crash between the commit and the delivery, and an instance without the opt-in', () => {
  // A cluster of its own (its own database), so which instance sends is known: its only instance.
  let cms: Awaited<ReturnType<typeof receiver>>
  let cluster: Cluster
  beforeAll(async () => {
    // No answer to the first request: the instance is mid-send when it is killed.
    cms = await receiver((n) => (n === 1 ? 'hang' : 200))
    cluster = await startCluster({ ports: [3170], env: { GALLEY_WEBHOOK_TIMEOUT_MS: '30000', GALLEY_WEBHOOK_LEASE_MS: '3000', GALLEY_WEBHOOKS_ALLOW_PRIVATE: '1' } })
  }, 120_000)
  afterAll(async () => {
    await cms?.close()
    await cluster?.stop()
  })
  let hookId: string
  let firstDelivery: string

  it('loses nothing: the next instance to start delivers it, with the same id and body', async () => {
    const [url] = cluster.urls
    const adminC = await ApiClient.as('admin@galley.test', DEMO_PASSWORD, url)
    const hook = (await adminC.post('/api/webhooks', { url: cms.url, events: ['article.published'] })).body
    hookId = hook.id
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
    firstDelivery = first.delivery
  }, 120_000)

  it('checks every delivery at connect time: once the opt-in is gone, webhooks saved under it (by address or by a name resolving to this machine) reach nothing', async () => {
    const [url] = cluster.urls
    const opted = await ApiClient.as('admin@galley.test', DEMO_PASSWORD, url)
    // Saved while the opt-in is on: `localhost` passes the save check, and is resolved again at every attempt.
    const byName = (await opted.post('/api/webhooks', { url: cms.url.replace('127.0.0.1', 'localhost'), events: ['article.published'] })).body
    expect(byName.url).toMatch(/^http:\/\/localhost:\d+\//)
    await cluster.kill(0)
    await cluster.start(0, { GALLEY_WEBHOOKS_ALLOW_PRIVATE: '' })
    const adminC = await ApiClient.as('admin@galley.test', DEMO_PASSWORD, url)
    const heard = cms.got.length
    const a = (await adminC.post('/api/articles', { title: unique('Blocked'), body: BODY })).body
    expect((await adminC.patch(`/api/articles/${a.id}`, { status: 'published' })).status).toBe(200)
    for (const id of [hookId, byName.id]) {
      const d = await until(`an attempt of ${id}`, async () => (await adminC.get(`/api/webhooks/${id}/deliveries`)).body.deliveries.find((x: any) => x.articleId === a.id && x.attempts.length > 0), 20_000)
      expect(d.attempts[0]).toMatchObject({ statusCode: null, error: 'blocked address' })
    }
    // Redelivering one that reached the receiver before is blocked the same way.
    const tried = (await adminC.get(`/api/webhook-deliveries/${firstDelivery}`)).body.attempts.length
    expect((await adminC.post(`/api/webhook-deliveries/${firstDelivery}/redeliver`)).status).toBe(200)
    const redone = await until('the redelivery attempt', async () => {
      const d = (await adminC.get(`/api/webhook-deliveries/${firstDelivery}`)).body
      return d.attempts.length > tried ? d : undefined
    }, 20_000)
    expect(redone.attempts.at(-1)).toMatchObject({ statusCode: null, error: 'blocked address' })
    expect(cms.got.length).toBe(heard)
    // And such URLs are refused when saved now.
    const refused = await adminC.post('/api/webhooks', { url: cms.url, events: ['article.published'] })
    expect(refused.status).toBe(422)
    expect(refused.body.error.details.fields[0].path).toBe('url')
  }, 120_000)
})
