import { describe, expect, it } from 'vitest'
import { FAILURE_CATEGORIES, errorCategory, shownError, statusCategory } from './outcome'

describe('attempt outcomes', () => {
  it('are categories by status', () => {
    expect(statusCategory(200)).toBeNull()
    expect(statusCategory(204)).toBeNull()
    expect(statusCategory(301)).toBe('redirect not followed')
    expect(statusCategory(308)).toBe('redirect not followed')
    expect(statusCategory(404)).toBe('HTTP 404')
    expect(statusCategory(500)).toBe('HTTP 500')
  })

  it('are categories by error code', () => {
    expect(errorCategory({ code: 'ECONNREFUSED' })).toBe('refused')
    expect(errorCategory({ code: 'ETIMEDOUT' })).toBe('timed out')
    expect(errorCategory({ code: 'ENOTFOUND' })).toBe('DNS failure')
    expect(errorCategory({ code: 'EAI_AGAIN' })).toBe('DNS failure')
    expect(errorCategory({ code: 'ECONNRESET' })).toBe('connection reset')
    expect(errorCategory({ code: 'EHOSTUNREACH' })).toBe('unreachable')
    expect(errorCategory({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })).toBe('TLS error')
    expect(errorCategory({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' })).toBe('TLS error')
    expect(errorCategory({ code: 'EGALLEYBLOCKED' })).toBe('blocked address')
    expect(errorCategory(new Error('something else'))).toBe('connection failed')
  })

  it('show raw errors stored before categories as a category, never their words', () => {
    const raw: Array<[string, string]> = [
      ['fetch failed: connect ECONNREFUSED 10.0.0.7:5432', 'refused'],
      ['No answer within 10 s', 'timed out'],
      ['fetch failed: getaddrinfo ENOTFOUND db.internal', 'DNS failure'],
      ['fetch failed: read ECONNRESET', 'connection reset'],
      ['fetch failed: other side closed', 'connection failed'],
      ['fetch failed: self-signed certificate', 'TLS error'],
      ['fetch failed: connect EHOSTUNREACH 192.168.1.20:22', 'unreachable'],
      ['HTTP 302', 'redirect not followed'],
      ['HTTP 500', 'HTTP 500'],
      ['refused', 'refused'],
    ]
    for (const [stored, shown] of raw) expect(shownError(stored), stored).toBe(shown)
    expect(shownError(null)).toBeNull()
    for (const c of FAILURE_CATEGORIES) expect(shownError(c)).toBe(c)
  })
})
