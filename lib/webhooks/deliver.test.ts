/**
 * The webhook sender against real sockets on this machine: the connect-time guard (with a stub
 * resolver standing in for DNS, so a name can resolve one way when saved and another when sent),
 * redirects, and the categories an admin sees. Nothing here connects anywhere but 127.0.0.1: the
 * metadata and private cases are judged before any connection (literal addresses), or only
 * through pure checks.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type dns from 'node:dns'
import { afterEach, describe, expect, it } from 'vitest'
import type { Resolve } from '@/lib/http/address-guard'
import { postWebhook, webhookUrlProblem } from './deliver'

type Server = { port: number; connections: number; requests: Array<{ host: string | undefined; body: string }>; close: () => Promise<void> }
const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

/** A receiver on 127.0.0.1 that counts every TCP connection, answered by `answer`. */
async function receiver(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_q, r) => void r.writeHead(200).end()): Promise<Server> {
  const s: Server = { port: 0, connections: 0, requests: [], close: async () => {} }
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      s.requests.push({ host: req.headers.host, body: Buffer.concat(chunks).toString('utf8') })
      answer(req, res)
    })
  })
  server.on('connection', () => void s.connections++)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  s.port = (server.address() as AddressInfo).port
  s.close = () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())))
  servers.push(s)
  return s
}

/** A resolver answering from a script, one answer per lookup (the last one repeats); it records every lookup. */
function scripted(...answers: Array<string[] | NodeJS.ErrnoException>) {
  const asked: string[] = []
  const resolve: Resolve = (hostname, _options, callback) => {
    asked.push(hostname)
    const a = answers[Math.min(asked.length - 1, answers.length - 1)]
    setImmediate(() => (a instanceof Error ? callback(a, []) : callback(null, a.map((address): dns.LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })))))
  }
  return { resolve, asked }
}

const post = (url: string, extra: Partial<Parameters<typeof postWebhook>[0]> = {}) => postWebhook({ url, body: '{"event":"test"}', headers: { 'content-type': 'application/json' }, timeoutMs: 2_000, allowPrivate: false, ...extra })

describe('saving a webhook URL', () => {
  it('refuses loopback, private, link-local and metadata addresses as written, and localhost by name', async () => {
    const nothing = scripted(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }))
    for (const url of ['http://127.0.0.1:8080/hook', 'http://10.0.0.1/', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/', 'http://localhost/', 'http://api.localhost/', 'http://[fd00:ec2::254]/', 'http://2130706433/', 'http://[::ffff:10.0.0.1]/']) {
      expect(await webhookUrlProblem(new URL(url).href, { resolve: nothing.resolve }), url).toMatch(/internal address|cloud-metadata/)
    }
    // None of those needed DNS (except nothing: localhost is this machine by definition).
    expect(nothing.asked).toEqual([])
  })

  it('refuses a name that resolves to an internal address, and accepts one that does not resolve (yet)', async () => {
    expect(await webhookUrlProblem('https://cms.intranet.example/hook', { resolve: scripted(['93.184.216.34', '10.1.2.3']).resolve })).toMatch(/cms\.intranet\.example resolves to an internal address/)
    expect(await webhookUrlProblem('https://meta.example/', { resolve: scripted(['169.254.169.254']).resolve })).toMatch(/resolves to a cloud-metadata/)
    expect(await webhookUrlProblem('https://cms.example/hook', { resolve: scripted(['93.184.216.34']).resolve })).toBeNull()
    expect(await webhookUrlProblem('https://not-yet.example/hook', { resolve: scripted(Object.assign(new Error('not found'), { code: 'ENOTFOUND' })).resolve })).toBeNull()
  })

  it('with GALLEY_WEBHOOKS_ALLOW_PRIVATE, accepts this machine and private networks but never metadata', async () => {
    const resolve = scripted(['127.0.0.1']).resolve
    for (const url of ['http://127.0.0.1:8080/hook', 'http://10.0.0.1/', 'http://[::1]/', 'http://localhost:3000/']) expect(await webhookUrlProblem(url, { allowPrivate: true, resolve }), url).toBeNull()
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://[fd00:ec2::254]/', 'http://100.100.100.200/']) expect(await webhookUrlProblem(url, { allowPrivate: true, resolve }), url).toMatch(/cloud-metadata/)
    expect(await webhookUrlProblem('http://meta.example/', { allowPrivate: true, resolve: scripted(['169.254.169.254']).resolve })).toMatch(/cloud-metadata/)
  })
})

describe('sending a delivery', () => {
  it('never connects to a literal internal address without the opt-in', async () => {
    const cms = await receiver()
    expect(await post(`http://127.0.0.1:${cms.port}/hook`)).toEqual({ statusCode: null, error: 'blocked address' })
    expect(await post(`http://[::ffff:127.0.0.1]:${cms.port}/hook`)).toEqual({ statusCode: null, error: 'blocked address' })
    expect(cms.connections).toBe(0)
  })

  it('checks the address it connects to, at connect time: a name that resolved to a public address when saved and to 127.0.0.1 now is blocked', async () => {
    const cms = await receiver()
    const dns = scripted(['93.184.216.34'], ['127.0.0.1'])
    const url = `http://rebind.example:${cms.port}/hook`
    expect(await webhookUrlProblem(url, { resolve: dns.resolve })).toBeNull()
    expect(await post(url, { resolve: dns.resolve })).toEqual({ statusCode: null, error: 'blocked address' })
    expect(dns.asked).toEqual(['rebind.example', 'rebind.example'])
    expect(cms.connections).toBe(0)
    // The control: the same lookup, opted in, is what the socket really connects through.
    const opted = scripted(['127.0.0.1'])
    expect(await post(url, { resolve: opted.resolve, allowPrivate: true })).toEqual({ statusCode: 200, error: null })
    expect(cms.requests).toEqual([{ host: `rebind.example:${cms.port}`, body: '{"event":"test"}' }])
  })

  it('refuses a name when any one of its addresses is internal (no picking the public one and hoping)', async () => {
    const cms = await receiver()
    expect(await post(`http://mixed.example:${cms.port}/`, { resolve: scripted(['127.0.0.1', '93.184.216.34']).resolve })).toEqual({ statusCode: null, error: 'blocked address' })
    expect(cms.connections).toBe(0)
  })

  it('does not follow a redirect: a 3xx is a failed attempt, and the place it points to hears nothing', async () => {
    const inside = await receiver()
    const cms = await receiver((_q, r) => void r.writeHead(302, { location: `http://127.0.0.1:${inside.port}/admin` }).end())
    expect(await post(`http://127.0.0.1:${cms.port}/hook`, { allowPrivate: true })).toEqual({ statusCode: 302, error: 'redirect not followed' })
    expect(cms.requests).toHaveLength(1)
    expect(inside.connections).toBe(0)
  })

  it('reports failures as categories, never the socket’s own words', async () => {
    const opted = { allowPrivate: true }
    const fails = await receiver((_q, r) => void r.writeHead(500).end('stack trace of the receiver'))
    expect(await post(`http://127.0.0.1:${fails.port}/`, opted)).toEqual({ statusCode: 500, error: 'HTTP 500' })
    const closed = await receiver()
    const port = closed.port
    await closed.close()
    expect(await post(`http://127.0.0.1:${port}/`, opted)).toEqual({ statusCode: null, error: 'refused' })
    const hangs = await receiver(() => {})
    expect(await post(`http://127.0.0.1:${hangs.port}/`, { ...opted, timeoutMs: 300 })).toEqual({ statusCode: null, error: 'timed out' })
    const resets = await receiver((q) => q.socket.destroy())
    expect(await post(`http://127.0.0.1:${resets.port}/`, opted)).toEqual({ statusCode: null, error: 'connection reset' })
    // https to a server that speaks plain HTTP: the handshake fails.
    const plain = await receiver()
    expect(await post(`https://127.0.0.1:${plain.port}/`, opted)).toEqual({ statusCode: null, error: 'TLS error' })
    const missing = scripted(Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.example'), { code: 'ENOTFOUND' }))
    expect(await post('http://nowhere.example/', { resolve: missing.resolve })).toEqual({ statusCode: null, error: 'DNS failure' })
    expect(await post('http://[::1]:1/', {})).toEqual({ statusCode: null, error: 'blocked address' })
  })

  it('sends the body and headers as given, with its length', async () => {
    const cms = await receiver()
    expect(await post(`http://127.0.0.1:${cms.port}/hook`, { allowPrivate: true, body: '{"naïve":"café"}' })).toEqual({ statusCode: 200, error: null })
    expect(cms.requests[0].body).toBe('{"naïve":"café"}')
  })
})
