import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { forwardedFor, fromThisMachine, installPeerStamp, isLoopbackAddress, PEER_HEADER, peerAddress } from './peer'

describe('isLoopbackAddress', () => {
  it('knows loopback as sockets and proxies write it', () => {
    for (const a of ['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1', '[::1]:4711', '127.0.0.1:80', '"[::1]"']) expect(isLoopbackAddress(a), a).toBe(true)
  })
  it('refuses everything else, names and obfuscated identifiers included', () => {
    for (const a of ['192.0.2.2', 'fd00::2', '::ffff:10.0.0.1', '0.0.0.0', '::', 'localhost', 'unknown', '_hidden', '', '127.0.0.1.evil.test']) expect(isLoopbackAddress(a), a).toBe(false)
  })
})

describe('forwardedFor', () => {
  it('reads every for= of an RFC 7239 Forwarded header', () => {
    expect(forwardedFor('for=192.0.2.60;proto=http;by=203.0.113.43, For="[2001:db8:cafe::17]:4711"')).toEqual(['192.0.2.60', '"[2001:db8:cafe::17]:4711"'])
    expect(forwardedFor('')).toEqual([])
  })
})

/** A real HTTP server with the stamp installed: what the request handler sees of each request. */
async function seenBy(send: (port: number) => Promise<unknown>) {
  installPeerStamp()
  let seen: { stamp: string | null; peer: string | null; local: boolean } | null = null
  const server = http.createServer((req, res) => {
    const h = new Headers(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v] as [string, string]] : [])))
    seen = { stamp: h.get(PEER_HEADER), peer: peerAddress(h.get(PEER_HEADER)), local: fromThisMachine(h) }
    res.end('ok')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  try {
    await send((server.address() as AddressInfo).port)
  } finally {
    server.close()
  }
  return seen!
}

describe('the peer stamp', () => {
  it('replaces a stamp the client sends with its own, naming the connection’s address', async () => {
    const seen = await seenBy((port) => fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_HEADER]: 'forged' } }))
    expect(seen.stamp).not.toBe('forged')
    expect(seen.peer).toMatch(/127\.0\.0\.1$/)
    expect(seen.local).toBe(true)
  })

  it('over loopback, a proxy header naming anyone else means not this machine', async () => {
    const cases: Array<Record<string, string>> = [{ 'x-forwarded-for': '127.0.0.1, 203.0.113.7' }, { forwarded: 'for=203.0.113.7' }, { 'x-real-ip': '203.0.113.7' }, { 'x-forwarded-for': 'unknown' }]
    for (const headers of cases) {
      const seen = await seenBy((port) => fetch(`http://127.0.0.1:${port}/`, { headers }))
      expect(seen.local, JSON.stringify(headers)).toBe(false)
    }
  })

  it('a stamp is good only while its request lasts, and a made-up one names nothing', async () => {
    const seen = await seenBy((port) => fetch(`http://127.0.0.1:${port}/`))
    await new Promise((r) => setTimeout(r, 50))
    expect(peerAddress(seen.stamp)).toBeNull()
    expect(peerAddress('00000000-0000-4000-8000-000000000000')).toBeNull()
    expect(fromThisMachine(new Headers({ 'x-forwarded-for': '127.0.0.1' }))).toBe(false)
  })
})
