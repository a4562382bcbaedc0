import http from 'node:http'
import https from 'node:https'
import crypto from 'node:crypto'
import ipaddr from 'ipaddr.js'

/**
 * Where a request really came from, for the one decision that must not trust the client: is it
 * from this machine (demo sign-in, lib/auth/demo-access.ts)?
 *
 * Next.js does not give pages or actions the connection's address. It only fills
 * X-Forwarded-For with it when the request has none, and a client can send its own
 * (`X-Forwarded-For: 127.0.0.1`), so that header alone proves nothing without a proxy. So each
 * server process stamps every request as the connection delivers it, before Next.js sees it
 * (installed from instrumentation.ts): the socket's address is kept in memory under a random
 * one-time id, and the id replaces whatever the client sent in `x-galley-peer`. A client cannot
 * forge it (a made-up id names nothing; a request's own id names its own address and ends with
 * it), and a process without the stamp answers "unknown", which counts as not this machine.
 */
export const PEER_HEADER = 'x-galley-peer'

type Registry = { installed: boolean; live: Map<string, string> }
// One registry per process: instrumentation and the app's route bundles are separate module instances.
const KEY = Symbol.for('galley.peer-addresses')
function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>
  return (g[KEY] ??= { installed: false, live: new Map() })
}

function stamp(req: http.IncomingMessage, res: http.ServerResponse): void {
  const address = req.socket?.remoteAddress
  if (!address) {
    delete req.headers[PEER_HEADER]
    return
  }
  const id = crypto.randomUUID()
  const { live } = registry()
  live.set(id, address)
  res.once('close', () => live.delete(id))
  req.headers[PEER_HEADER] = id
}

/** Stamp every request this process's HTTP(S) servers receive, from now on (idempotent). */
export function installPeerStamp(): void {
  const r = registry()
  if (r.installed) return
  r.installed = true
  for (const proto of [http.Server.prototype, https.Server.prototype] as Array<{ emit: (event: string | symbol, ...args: unknown[]) => boolean }>) {
    const emit = proto.emit
    proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === 'request') stamp(args[0] as http.IncomingMessage, args[1] as http.ServerResponse)
      return emit.call(this, event, ...args)
    }
  }
}

/** The connection's address of the request carrying this `x-galley-peer` value, or null. */
export function peerAddress(stampValue: string | null | undefined): string | null {
  return (stampValue && registry().live.get(stampValue)) || null
}

/** An address as proxies write it ("::ffff:127.0.0.1", "[::1]:4711", "127.0.0.1:80", "unknown") → whether it is a loopback address. */
export function isLoopbackAddress(value: string): boolean {
  let a = value.trim().replace(/^"|"$/g, '')
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a)
  if (bracketed) a = bracketed[1]
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'))
  if (!ipaddr.isValid(a)) return false
  return ipaddr.process(a).range() === 'loopback'
}

/** The client addresses a `Forwarded` header (RFC 7239) names: each element's `for=`. */
export function forwardedFor(header: string): string[] {
  return header.split(',').flatMap((element) =>
    element
      .split(';')
      .map((pair) => pair.trim())
      .filter((pair) => /^for=/i.test(pair))
      .map((pair) => pair.slice(4)),
  )
}

/**
 * Whether a request comes from this machine: its connection is from a loopback address, and no
 * proxy header names anyone else. A reverse proxy on this machine connects over loopback for every
 * visitor, so the client it forwards for must be local too: every X-Forwarded-For entry, every
 * `Forwarded: for=` and X-Real-IP. A client can add entries to those headers but, behind a proxy
 * that sets or appends them, not remove the one the proxy writes; without a proxy, what it adds can
 * only make it look less local. (A proxy on this machine that sends none of them makes everyone
 * look local: such a set-up needs GALLEY_DEMO=0.)
 */
export function fromThisMachine(h: { get(name: string): string | null }): boolean {
  const peer = peerAddress(h.get(PEER_HEADER))
  if (!peer || !isLoopbackAddress(peer)) return false
  const named = [
    ...(h.get('x-forwarded-for') ?? '').split(','),
    ...forwardedFor(h.get('forwarded') ?? ''),
    h.get('x-real-ip') ?? '',
  ].map((s) => s.trim()).filter(Boolean)
  return named.every(isLoopbackAddress)
}
