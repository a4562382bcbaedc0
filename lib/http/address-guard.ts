import 'server-only'
import dns from 'node:dns'
import type { LookupFunction } from 'node:net'
import ipaddr from 'ipaddr.js'

/**
 * The connect-time address guard shared by everything that makes the server send a request to a
 * URL someone typed (the web import, webhook deliveries): the check runs inside the connection's
 * own DNS lookup, so the address checked is the address connected to — a name that resolves to a
 * public address when it is saved and to an internal one a second later (DNS rebinding) is caught
 * where it matters. Literal IP addresses skip DNS (Node does not call `lookup` for them), so
 * callers check those with `literalAddress` first.
 */

/** The address as ipaddr.js sees it, an IPv4-mapped IPv6 address as the IPv4 one it carries. */
function parse(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (!ipaddr.isValid(address)) return null
  const ip = ipaddr.parse(address)
  return ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address() : ip
}

/** IPv6's global unicast space: ipaddr.js calls anything it has no other name for "unicast" (::7f00:1 too). */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3')

/** Whether ipaddr.js's "unicast" is really a public address: for IPv6, only within 2000::/3. */
function publicUnicast(ip: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (ip.range() !== 'unicast') return false
  return ip.kind() === 'ipv4' || (ip as ipaddr.IPv6).match(GLOBAL_UNICAST_V6 as [ipaddr.IPv6, number])
}

/** Whether an address is a public unicast one (not loopback, private, link-local, unique-local, CGNAT, multicast, reserved, NAT64, IPv4-compatible …). */
export function isPublicAddress(address: string): boolean {
  const ip = parse(address)
  return ip ? publicUnicast(ip) : false
}

/**
 * Cloud metadata and host-platform endpoints: never reachable through a URL someone typed, whatever
 * is opted into. (169.254.0.0/16 and fe80::/10, where most of them live, are link-local and never
 * allowed at all; these are the ones outside it.)
 */
const METADATA: Array<[string, number]> = [
  ['100.100.100.200', 32], // Alibaba Cloud metadata (inside carrier-grade NAT space)
  ['168.63.129.16', 32], // Azure WireServer / host platform (a public-looking address reachable only inside Azure)
  ['192.0.0.192', 32], // Oracle Cloud metadata (reserved space)
  ['fd00:ec2::', 32], // AWS Nitro: IMDS at fd00:ec2::254, DNS and time at fd00:ec2::23/123 (unique-local space)
]

export function isMetadataAddress(address: string): boolean {
  const ip = parse(address)
  if (!ip) return false
  if (ip.range() === 'linkLocal') return true
  return METADATA.some(([net, bits]) => {
    const base = ipaddr.parse(net)
    return base.kind() === ip.kind() && ip.match(base, bits)
  })
}

/** The ranges `allowPrivate` opens: this machine and the networks it sits on. */
const PRIVATE_RANGES = new Set(['loopback', 'private', 'uniqueLocal', 'carrierGradeNat'])

/**
 * Why an address may not be connected to, or null when it may: 'metadata' for cloud metadata and
 * link-local addresses (always), 'internal' for every other non-public address unless
 * `allowPrivate` (then loopback, private, unique-local and CGNAT addresses pass; unspecified,
 * multicast, broadcast, reserved and translated ranges never do).
 */
export function addressVerdict(address: string, { allowPrivate = false }: { allowPrivate?: boolean } = {}): 'metadata' | 'internal' | null {
  const ip = parse(address)
  if (!ip) return 'internal'
  if (isMetadataAddress(address)) return 'metadata'
  if (publicUnicast(ip)) return null
  return allowPrivate && PRIVATE_RANGES.has(ip.range()) ? null : 'internal'
}

/** The IP address a URL's host is written as (brackets dropped), or null for a name. */
export function literalAddress(url: URL): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  return ipaddr.isValid(host) ? host : null
}

/** The `code` of the error a guard refuses a connection with. */
export const BLOCKED_CODE = 'EGALLEYBLOCKED'

/** The DNS lookup a guard resolves with (dns.lookup's shape, `all: true`); tests pass their own. */
export type Resolve = (hostname: string, options: dns.LookupAllOptions, callback: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void) => void

const systemResolve: Resolve = (hostname, options, callback) => dns.lookup(hostname, options, callback)

/**
 * A `lookup` for http(s).request / net.connect that resolves every address of the host and refuses
 * the connection (with `refuse`'s error) when `check` rejects any of them, or there is none;
 * otherwise it connects to the first. `check` returns a reason, or null for an allowed address.
 */
export function guardedLookup({ check, refuse, resolve = systemResolve }: { check: (address: string) => string | null; refuse: (hostname: string, address: string | null, reason: string) => Error; resolve?: Resolve }): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...(options as dns.LookupOptions), all: true }, (err, list) => {
      if (err) return callback(err, '', 0)
      const bad = list.map((a) => ({ address: a.address, reason: check(a.address) })).find((a) => a.reason !== null)
      if (bad || !list.length) return callback(Object.assign(refuse(hostname, bad?.address ?? null, bad?.reason ?? 'internal'), { code: BLOCKED_CODE }) as NodeJS.ErrnoException, '', 0)
      const chosen = list[0]
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, [chosen])
      callback(null, chosen.address, chosen.family)
    })
  }
}

/** Every address a name resolves to (system resolver), within `ms`; null when it does not resolve (or not in time). */
export function resolveAll(hostname: string, { ms = 3_000, resolve = systemResolve }: { ms?: number; resolve?: Resolve } = {}): Promise<string[] | null> {
  return new Promise((done) => {
    const timer = setTimeout(() => done(null), ms)
    resolve(hostname, { all: true }, (err, list) => {
      clearTimeout(timer)
      done(err ? null : list.map((a) => a.address))
    })
  })
}
