import crypto from 'node:crypto'

/**
 * Webhook signatures as Standard Webhooks 1.0 has them (spec/standard-webhooks.md, "Signature
 * scheme"): `webhook-id`, `webhook-timestamp` (the attempt's Unix seconds) and `webhook-signature`
 * = `v1,` + base64 HMAC-SHA256 of `${id}.${timestamp}.${body}`, keyed with the bytes of the
 * secret — `whsec_` + base64 of 24–64 random bytes. A receiver refuses a timestamp far from its
 * clock (the reference libraries: 5 minutes), so a captured request cannot be replayed later.
 *
 * Secrets of one's own that are not `whsec_…` (16+ printable ASCII characters, accepted since
 * webhooks began) sign with their characters as the key bytes: the reference libraries'
 * `format: "raw"`. Secrets Galley generated before this scheme are `whsec_` + base64url; their
 * key is the same bytes, read with either alphabet here (a receiver using a reference library
 * turns `-` into `+` and `_` into `/`).
 *
 * `X-Galley-Signature` (`sha256=` + hex HMAC of the body alone, keyed with the whole secret
 * string) is still sent beside them, as the spec's migration section advises, so receivers written
 * against it keep working; it has no timestamp, so it cannot refuse a replay.
 */

export const SECRET_PREFIX = 'whsec_'
/** 32 random bytes: inside the spec's 24–64. */
const SECRET_BYTES = 32

/** A new secret: `whsec_` + standard base64 of 32 random bytes. */
export function generateSecret(): string {
  return SECRET_PREFIX + crypto.randomBytes(SECRET_BYTES).toString('base64')
}

/** Whether a `whsec_` secret carries 24–64 bytes in canonical standard base64 (what the reference libraries decode). */
export function isStandardSecret(secret: string): boolean {
  if (!secret.startsWith(SECRET_PREFIX)) return false
  const b64 = secret.slice(SECRET_PREFIX.length)
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return false
  const key = Buffer.from(b64, 'base64')
  return key.toString('base64') === b64 && key.length >= 24 && key.length <= 64
}

/** The HMAC key of a secret: the bytes a `whsec_` secret encodes, else the secret's own characters. */
export function signingKey(secret: string): Buffer {
  if (secret.startsWith(SECRET_PREFIX)) {
    const rest = secret.slice(SECRET_PREFIX.length)
    if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(rest)) {
      const key = Buffer.from(rest, 'base64')
      if (key.length > 0) return key
    }
  }
  return Buffer.from(secret, 'utf8')
}

/** The `webhook-signature` value: `v1,<base64 HMAC-SHA256 of id.timestamp.body>`. */
export function standardSignature(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${crypto.createHmac('sha256', signingKey(secret)).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64')}`
}

/** The `webhook-*` headers of one attempt (its own timestamp: each retry is signed anew). */
export function standardHeaders(secret: string, id: string, body: string, now: Date = new Date()): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const timestamp = Math.floor(now.getTime() / 1000)
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': standardSignature(secret, id, timestamp, body) }
}

/** `sha256=<hex HMAC-SHA256 of the body with the secret string>`, as X-Galley-Signature (kept for existing receivers). */
export function legacySignature(secret: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`
}
