import 'server-only'
import http from 'node:http'
import https from 'node:https'
import { addressVerdict, guardedLookup, literalAddress, resolveAll, BLOCKED_CODE, type Resolve } from '@/lib/http/address-guard'
import { errorCategory, statusCategory, type AttemptError } from './outcome'

/**
 * Where webhooks may go, and the one request an attempt is. A webhook is sent only to public
 * addresses — checked when it is saved, and again in the connection's own DNS lookup at every
 * attempt, so a name that resolves elsewhere later (DNS rebinding, a record changed after saving)
 * is refused before a byte leaves. GALLEY_WEBHOOKS_ALLOW_PRIVATE=1 is the operator's opt-in for a
 * receiver on the server's own networks (loopback, private, unique-local, CGNAT); cloud metadata
 * and link-local addresses stay refused even then: no receiver lives there, and what does (the
 * instance's credentials) is exactly what an SSRF is after. Redirects are never followed.
 */

/** Whether the operator opted into receivers on the server's own networks. */
export function allowPrivateWebhooks(env: Record<string, string | undefined> = process.env): boolean {
  return env.GALLEY_WEBHOOKS_ALLOW_PRIVATE === '1'
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase()

function refusal(host: string, verdict: 'metadata' | 'internal', resolved: boolean): string {
  const what = resolved ? `${host} resolves to` : `${host} is`
  return verdict === 'metadata'
    ? `${what} a cloud-metadata or link-local address: Galley never sends webhooks there.`
    : `${what} an internal address (this machine or a private network): Galley sends webhooks only to public addresses unless the server is started with GALLEY_WEBHOOKS_ALLOW_PRIVATE=1.`
}

/**
 * Why a webhook URL may not be saved, or null. A literal address and `localhost` are judged as
 * written; a name is resolved, and refused when any of its addresses is. A name that does not
 * resolve (yet) is accepted: its deliveries fail as a DNS failure, and the connect-time guard
 * judges whatever it resolves to later.
 */
export async function webhookUrlProblem(raw: string, { allowPrivate = allowPrivateWebhooks(), resolve }: { allowPrivate?: boolean; resolve?: Resolve } = {}): Promise<string | null> {
  const url = new URL(raw)
  const host = hostOf(url)
  const literal = literalAddress(url)
  if (literal) {
    const verdict = addressVerdict(literal, { allowPrivate })
    return verdict && refusal(host, verdict, false)
  }
  // RFC 6761: localhost and its subdomains are this machine, whatever a resolver says.
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || host === 'localhost.')) return refusal(host, 'internal', false)
  const addresses = await resolveAll(host, { resolve })
  if (!addresses) return null
  const verdicts = addresses.map((a) => addressVerdict(a, { allowPrivate }))
  const verdict = verdicts.includes('metadata') ? 'metadata' : verdicts.includes('internal') || addresses.length === 0 ? 'internal' : null
  return verdict && refusal(host, verdict, true)
}

export type AttemptResult = { statusCode: number | null; error: AttemptError | null }

/**
 * POST `body` to `url` once, through the address guard: no redirect followed (a 3xx is a failed
 * attempt), the whole exchange within `timeoutMs`, a fresh connection (no pooled socket opened
 * under another check), and the outcome as a status code and a category — never the socket's words.
 */
export function postWebhook({ url: raw, body, headers, timeoutMs, allowPrivate = allowPrivateWebhooks(), resolve }: { url: string; body: string; headers: Record<string, string>; timeoutMs: number; allowPrivate?: boolean; resolve?: Resolve }): Promise<AttemptResult> {
  return new Promise((done) => {
    let settled = false
    const finish = (r: AttemptResult) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      done(r)
    }
    let timer: NodeJS.Timeout | undefined
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      return finish({ statusCode: null, error: 'connection failed' })
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) return finish({ statusCode: null, error: 'blocked address' })
    // Node connects to a literal address without a lookup, so it is judged here.
    const literal = literalAddress(url)
    if (literal && addressVerdict(literal, { allowPrivate })) return finish({ statusCode: null, error: 'blocked address' })
    const lib = url.protocol === 'https:' ? https : http
    const req = lib.request(url, {
      method: 'POST',
      agent: false,
      lookup: guardedLookup({
        check: (address) => addressVerdict(address, { allowPrivate }),
        refuse: (hostname) => new Error(`${hostname}: blocked address`),
        resolve,
      }),
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body, 'utf8')) },
    })
    timer = setTimeout(() => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), timeoutMs)
    req.on('response', (res) => {
      const status = res.statusCode ?? 0
      // The answer's body is not read: the status is the whole answer.
      res.resume()
      finish({ statusCode: status, error: statusCategory(status) })
      res.destroy()
    })
    req.on('error', (err) => finish({ statusCode: null, error: (err as NodeJS.ErrnoException).code === BLOCKED_CODE ? 'blocked address' : errorCategory(err) }))
    req.end(body)
  })
}
