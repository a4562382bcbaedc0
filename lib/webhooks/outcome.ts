/**
 * What an admin learns about a failed attempt: a category, never the socket's own words. Raw
 * errors ("connect ECONNREFUSED 10.0.0.7:5432", a TLS library's message naming a host) would turn
 * the delivery list into a scanner of whatever the server can reach; a category says what to fix
 * on the receiver and nothing about the network around it.
 */
export const FAILURE_CATEGORIES = [
  'blocked address',
  'redirect not followed',
  'refused',
  'timed out',
  'connection reset',
  'unreachable',
  'DNS failure',
  'TLS error',
  'connection failed',
  /** Galley could not prepare the request (its own failure, in its log); nothing left the server. */
  'not sent',
] as const
export type FailureCategory = (typeof FAILURE_CATEGORIES)[number]
/** A failure category, or `HTTP <status>` for a receiver that answered with something else than 2xx/3xx. */
export type AttemptError = FailureCategory | `HTTP ${number}`

const KNOWN = new Set<string>(FAILURE_CATEGORIES)

/** The category of a receiver's answer: null for 2xx, 'redirect not followed' for 3xx, else `HTTP <status>`. */
export function statusCategory(status: number): AttemptError | null {
  if (status >= 200 && status < 300) return null
  if (status >= 300 && status < 400) return 'redirect not followed'
  return `HTTP ${status}`
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|EPROTO$|HOSTNAME_MISMATCH|ERR_OSSL)/

/** The category of an error thrown by a request (Node's `code`, else its words). */
export function errorCategory(err: unknown): FailureCategory {
  const code = String((err as { code?: unknown })?.code ?? '')
  const text = `${code} ${(err as Error)?.message ?? ''}`
  if (code === 'EGALLEYBLOCKED') return 'blocked address'
  if (code === 'ECONNREFUSED') return 'refused'
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || code === 'ABORT_ERR' || (err as Error)?.name === 'TimeoutError') return 'timed out'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'ENODATA' || code === 'ESERVFAIL' || code === 'EREFUSED') return 'DNS failure'
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(text)) return 'connection reset'
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EHOSTDOWN' || code === 'ENETDOWN') return 'unreachable'
  if (TLS_CODES.test(code) || /\b(SSL|TLS|certificate)\b/i.test(text)) return 'TLS error'
  return 'connection failed'
}

/**
 * What a stored attempt error is shown as: a category stays itself; anything else — a raw error
 * written before categories existed — is mapped to one by its words (the migration
 * 20261202150500_webhook_outcomes rewrote the stored ones the same way; this is the backstop).
 */
export function shownError(stored: string | null): AttemptError | null {
  if (stored === null) return null
  if (KNOWN.has(stored)) return stored as AttemptError
  const status = /^HTTP (\d{3})$/.exec(stored)?.[1]
  if (status) return statusCategory(Number(status)) ?? 'connection failed'
  if (/No answer within|timed? ?out|ETIMEDOUT|aborted/i.test(stored)) return 'timed out'
  const code = /\b(E[A-Z_]{3,}|ERR_[A-Z_]+|CERT_[A-Z_]+|UNABLE_TO_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\b/.exec(stored)?.[1]
  return errorCategory({ code, message: stored })
}
