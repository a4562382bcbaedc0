import { describe, expect, it } from 'vitest'
import { httpDate, notModified, parseHttpDate, weakEtag } from './conditional'

const v = { etag: weakEtag(['page', 7]), lastModified: new Date('2026-12-02T10:00:00.700Z') }
const req = (headers: Record<string, string>, method = 'GET') => notModified(method, new Headers(headers), v)

describe('conditional GET (RFC 9110 §13)', () => {
  it('makes a weak tag that changes with any part', () => {
    expect(v.etag).toMatch(/^W\/"[\w-]{27}"$/)
    expect(weakEtag(['page', 7])).toBe(v.etag)
    expect(weakEtag(['page', 8])).not.toBe(v.etag)
    expect(weakEtag(['page7'])).not.toBe(weakEtag(['page', '7']))
  })

  it('answers If-None-Match by weak comparison, in a list, or *', () => {
    expect(req({ 'if-none-match': v.etag })).toBe(true)
    expect(req({ 'if-none-match': v.etag.slice(2) })).toBe(true)
    expect(req({ 'if-none-match': `"a", W/"b", ${v.etag}` })).toBe(true)
    expect(req({ 'if-none-match': '*' })).toBe(true)
    expect(req({ 'if-none-match': '"a", W/"b"' })).toBe(false)
    expect(req({ 'if-none-match': '' })).toBe(false)
    expect(req({ 'if-none-match': v.etag }, 'POST')).toBe(false)
    expect(req({ 'if-none-match': v.etag }, 'HEAD')).toBe(true)
  })

  it('reads If-Modified-Since only without If-None-Match, to the second, and only as an HTTP-date', () => {
    expect(req({ 'if-modified-since': 'Wed, 02 Dec 2026 10:00:00 GMT' })).toBe(true)
    expect(req({ 'if-modified-since': 'Wed, 02 Dec 2026 09:59:59 GMT' })).toBe(false)
    expect(req({ 'if-modified-since': 'Wednesday, 02-Dec-26 10:00:00 GMT' })).toBe(true)
    expect(req({ 'if-modified-since': 'Wed Dec  2 10:00:00 2026' })).toBe(true)
    // Not dates: ignored (Date.parse would read "1" as 2001, "2030" as a year).
    for (const junk of ['1', '2030', 'tomorrow', '2030-01-01']) expect(req({ 'if-modified-since': junk }), junk).toBe(false)
    // If-None-Match wins when both are sent.
    expect(req({ 'if-none-match': '"other"', 'if-modified-since': 'Wed, 02 Dec 2026 10:00:00 GMT' })).toBe(false)
    expect(httpDate(v.lastModified)).toBe('Wed, 02 Dec 2026 10:00:00 GMT')
    expect(parseHttpDate(httpDate(v.lastModified))).toBe(Date.parse('2026-12-02T10:00:00Z'))
  })
})
