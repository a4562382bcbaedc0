/**
 * HTTP validators and conditional GET (RFC 9110 §8.8, §13): an entity tag from the parts a
 * representation is made of, and whether a request's If-None-Match / If-Modified-Since say the
 * client already has it (then the answer is 304 with no body). Pure.
 */
import crypto from 'node:crypto'

export type Validators = { etag: string; lastModified: Date }

/**
 * A weak entity tag (W/"…") for a representation made of these parts. Weak: two responses with the
 * same tag show the same thing but need not be byte for byte equal (a page's CSP nonce differs on
 * every response, and a response may be compressed or not).
 */
export function weakEtag(parts: Array<string | number>): string {
  const hash = crypto.createHash('sha256').update(parts.map(String).join('\u0000')).digest('base64url').slice(0, 27)
  return `W/"${hash}"`
}

/** The entity tags an If-None-Match lists ("*" matches any), without their W/ (weak comparison). */
function listedTags(header: string): string[] | '*' {
  if (header.trim() === '*') return '*'
  return [...header.matchAll(/(?:W\/)?("[\x21\x23-\x7e\x80-\xff]*")/g)].map((m) => m[1])
}

function opaque(etag: string): string {
  return etag.replace(/^W\//, '')
}

// The three forms of HTTP-date a recipient must read (RFC 9110 §5.6.7): IMF-fixdate, RFC 850 and
// asctime. Anything else (Date.parse would read "1" as the year 2001) is not a date: ignored.
const HTTP_DATES = [
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
]

/** The time an HTTP-date names, or NaN. */
export function parseHttpDate(text: string): number {
  const t = text.trim()
  if (!HTTP_DATES.some((re) => re.test(t))) return NaN
  // asctime has no zone: it is GMT.
  return Date.parse(/GMT$/.test(t) ? t : `${t} GMT`)
}

/** HTTP-date (IMF-fixdate) of a time, to the second as the format has it. */
export function httpDate(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toUTCString()
}

/**
 * Whether a GET or HEAD may be answered 304 Not Modified (RFC 9110 §13.2.2): If-None-Match when
 * present, compared weakly with the current tag; otherwise If-Modified-Since, when it is a valid
 * date at or after the last modification (to the second).
 */
export function notModified(method: string, headers: Headers, { etag, lastModified }: Validators): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false
  const inm = headers.get('if-none-match')
  if (inm !== null) {
    const tags = listedTags(inm)
    return tags === '*' || tags.includes(opaque(etag))
  }
  const ims = headers.get('if-modified-since')
  if (ims === null) return false
  const since = parseHttpDate(ims)
  if (Number.isNaN(since)) return false
  return Math.floor(lastModified.getTime() / 1000) * 1000 <= since
}
