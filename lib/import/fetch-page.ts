import 'server-only'
import http from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import ipaddr from 'ipaddr.js'
import { guardedLookup as sharedGuardedLookup, isPublicAddress } from '@/lib/http/address-guard'

/**
 * Fetch a web page for import without letting the server be used against its own network:
 * http(s) only; every address the host resolves to must be public (not loopback, private,
 * link-local, unique-local, carrier-grade NAT, multicast, reserved …) unless the host is listed in
 * GALLEY_IMPORT_ALLOW_HOSTS; the check is made in the connection's own DNS lookup, so the address
 * checked is the address connected to (no rebinding between check and use), and again on every
 * redirect; at most 5 MB, 10 s and 5 redirects.
 */
export class FetchRefused extends Error {}

export const MAX_PAGE_BYTES = 5 * 1024 * 1024
const MAX_REDIRECTS = 5
const TIMEOUT_MS = 10_000

export function allowedHosts(env: Record<string, string | undefined> = process.env): Set<string> {
  return new Set((env.GALLEY_IMPORT_ALLOW_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean))
}

/** An import connects to public unicast addresses only (the check lives in lib/http/address-guard.ts). */
export { isPublicAddress }

function guardedLookup(allowed: boolean): LookupFunction {
  return sharedGuardedLookup({
    check: (address) => (allowed || isPublicAddress(address) ? null : 'internal'),
    refuse: (hostname, address) => new FetchRefused(`${hostname} resolves to ${address ?? 'nothing'}, an internal address: Galley does not fetch from its own network.`),
  })
}

export type FetchedPage = { url: string; contentType: string; html: string }

export async function fetchPage(rawUrl: string, env: Record<string, string | undefined> = process.env): Promise<FetchedPage> {
  const allow = allowedHosts(env)
  const deadline = Date.now() + TIMEOUT_MS
  let url: URL
  try {
    url = new URL(rawUrl)
  } catch {
    throw new FetchRefused(`${JSON.stringify(rawUrl.slice(0, 200))} is not a URL.`)
  }
  for (let hop = 0; ; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchRefused(`Only http and https pages can be imported, not ${url.protocol.replace(':', '')}.`)
    if (url.username || url.password) throw new FetchRefused('A URL with a user name or password in it is not fetched.')
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase()
    const allowed = allow.has(host) || allow.has(url.host.toLowerCase())
    // A literal address is checked here (no DNS lookup happens for it).
    if (ipaddr.isValid(host) && !allowed && !isPublicAddress(host)) throw new FetchRefused(`${host} is an internal address: Galley does not fetch from its own network.`)
    const res = await request(url, allowed, deadline)
    if ([301, 302, 303, 307, 308].includes(res.status)) {
      if (hop >= MAX_REDIRECTS) throw new FetchRefused(`More than ${MAX_REDIRECTS} redirects.`)
      if (!res.location) throw new FetchRefused(`A redirect (${res.status}) without a Location.`)
      url = new URL(res.location, url)
      continue
    }
    if (res.status < 200 || res.status >= 300) throw new FetchRefused(`The page answered ${res.status}.`)
    if (!/^(text\/html|application\/xhtml\+xml)\b/i.test(res.contentType)) throw new FetchRefused(`That is not a web page (${res.contentType || 'no content type'}).`)
    return { url: url.toString(), contentType: res.contentType, html: res.body }
  }
}

function request(url: URL, allowed: boolean, deadline: number): Promise<{ status: number; location: string | null; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const left = deadline - Date.now()
    if (left <= 0) return reject(new FetchRefused(`No answer within ${TIMEOUT_MS / 1000} s.`))
    const lib = url.protocol === 'https:' ? https : http
    const req = lib.request(url, { method: 'GET', lookup: guardedLookup(allowed), headers: { 'user-agent': 'Galley-Import/1 (+fact-check desk)', accept: 'text/html,application/xhtml+xml' } }, (res) => {
      const status = res.statusCode ?? 0
      const location = typeof res.headers.location === 'string' ? res.headers.location : null
      const contentType = String(res.headers['content-type'] ?? '')
      if (status >= 300 && status < 400) {
        res.resume()
        return resolve({ status, location, contentType, body: '' })
      }
      const declared = Number(res.headers['content-length'] ?? 0)
      if (declared > MAX_PAGE_BYTES) {
        req.destroy()
        return reject(new FetchRefused('The page is larger than 5 MB.'))
      }
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (c: Buffer) => {
        size += c.length
        if (size > MAX_PAGE_BYTES) {
          req.destroy()
          reject(new FetchRefused('The page is larger than 5 MB.'))
        } else chunks.push(c)
      })
      res.on('end', () => {
        const charset = /charset=([\w-]+)/i.exec(contentType)?.[1]?.toLowerCase()
        let body: string
        try {
          body = new TextDecoder(charset && charset !== 'utf8' ? charset : 'utf-8').decode(Buffer.concat(chunks))
        } catch {
          body = Buffer.concat(chunks).toString('utf8')
        }
        resolve({ status, location, contentType, body })
      })
      res.on('error', reject)
    })
    // The whole exchange, redirects included, within the deadline (not only an idle socket).
    const timer = setTimeout(() => req.destroy(new FetchRefused(`No answer within ${TIMEOUT_MS / 1000} s.`)), left)
    req.on('close', () => clearTimeout(timer))
    req.on('error', (err) => reject(err instanceof FetchRefused ? err : new FetchRefused(`The page could not be fetched: ${(err as Error).message}`)))
    req.end()
  })
}
