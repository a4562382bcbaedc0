/**
 * Galley's signatures checked independently of its own code: with the test vector of the Standard
 * Webhooks reference library (libraries/javascript, "sign function works"), and with a verifier
 * written here from the spec's own words (spec/standard-webhooks.md, "Signature scheme" and
 * "Verifying signatures") using node:crypto.
 */
import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { generateSecret, isStandardSecret, legacySignature, signingKey, standardHeaders, standardSignature } from './signature'

/**
 * The spec's verification: drop `whsec_`, base64-decode the rest (strict standard alphabet), HMAC-SHA256
 * of `${id}.${timestamp}.${body}`, base64, compared in constant time with each `v1,` entry of the
 * space-separated header; the timestamp within 5 minutes of now.
 */
function verify(secret: string, headers: Record<string, string>, body: string, now = Date.now()): boolean {
  const b64 = secret.replace(/^whsec_/, '')
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new Error('not base64')
  const key = Buffer.from(b64, 'base64')
  const ts = Number(headers['webhook-timestamp'])
  if (!Number.isInteger(ts) || Math.abs(now / 1000 - ts) > 300) return false
  const expected = Buffer.from(crypto.createHmac('sha256', key).update(`${headers['webhook-id']}.${ts}.${body}`).digest('base64'))
  return headers['webhook-signature'].split(' ').some((entry) => {
    const [version, sig] = entry.split(',')
    const given = Buffer.from(sig ?? '')
    return version === 'v1' && given.length === expected.length && crypto.timingSafeEqual(given, expected)
  })
}

describe('Standard Webhooks signatures', () => {
  it('match the reference library’s test vector', () => {
    expect(standardSignature('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
  })

  it('verify as the spec describes, with a generated secret, and not with another body, id, secret or an old timestamp', () => {
    const secret = generateSecret()
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/)
    expect(isStandardSecret(secret)).toBe(true)
    expect(signingKey(secret)).toHaveLength(32)
    const body = JSON.stringify({ id: 'd1', event: 'article.published', title: 'Pang, not Pain — “quoted” ✓' })
    const id = crypto.randomUUID()
    const headers = standardHeaders(secret, id, body)
    expect(headers['webhook-id']).toBe(id)
    expect(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(5)
    expect(verify(secret, headers, body)).toBe(true)
    expect(verify(secret, headers, body.replace('Pang', 'Pain'))).toBe(false)
    expect(verify(secret, { ...headers, 'webhook-id': crypto.randomUUID() }, body)).toBe(false)
    expect(verify(generateSecret(), headers, body)).toBe(false)
    // A replay: the same request 10 minutes later is refused by its timestamp.
    expect(verify(secret, headers, body, Date.now() + 10 * 60_000)).toBe(false)
    // Re-signed later (a retry): a new timestamp, and it verifies then.
    const later = standardHeaders(secret, id, body, new Date(Date.now() + 10 * 60_000))
    expect(Number(later['webhook-timestamp'])).toBeGreaterThan(Number(headers['webhook-timestamp']))
    expect(verify(secret, later, body, Date.now() + 10 * 60_000)).toBe(true)
  })

  it('read a secret Galley generated before (base64url after whsec_) as the same key bytes', () => {
    const key = Buffer.from('fb3ffe00ff0123456789abcdef0123456789abcdef012345', 'hex')
    const old = `whsec_${key.toString('base64url')}`
    expect(old).toMatch(/[-_]/)
    expect(signingKey(old).equals(key)).toBe(true)
    expect(standardSignature(old, 'x', 1, 'b')).toBe(standardSignature(`whsec_${key.toString('base64')}`, 'x', 1, 'b'))
    expect(isStandardSecret(old)).toBe(false)
  })

  it('sign with a secret of one’s own (not whsec_) keyed by its characters, as the reference libraries’ raw format', () => {
    const secret = 'test-secret-0123456789'
    const headers = standardHeaders(secret, 'id-1', '{}')
    const expected = crypto.createHmac('sha256', Buffer.from(secret, 'ascii')).update(`id-1.${headers['webhook-timestamp']}.{}`).digest('base64')
    expect(headers['webhook-signature']).toBe(`v1,${expected}`)
  })

  it('accept as whsec_ secrets only canonical base64 of 24 to 64 bytes', () => {
    expect(isStandardSecret(`whsec_${Buffer.alloc(24, 7).toString('base64')}`)).toBe(true)
    expect(isStandardSecret(`whsec_${Buffer.alloc(64, 7).toString('base64')}`)).toBe(true)
    expect(isStandardSecret(`whsec_${Buffer.alloc(23, 7).toString('base64')}`)).toBe(false)
    expect(isStandardSecret(`whsec_${Buffer.alloc(65, 7).toString('base64')}`)).toBe(false)
    expect(isStandardSecret('whsec_not base64 at all!!!!!!!!!!!!!!')).toBe(false)
  })

  it('keep the X-Galley-Signature of existing receivers', () => {
    expect(legacySignature('s3cret-s3cret-s3cret', 'body')).toBe(`sha256=${crypto.createHmac('sha256', 's3cret-s3cret-s3cret').update('body').digest('hex')}`)
  })
})
