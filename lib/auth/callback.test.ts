import { describe, expect, it } from 'vitest'
import { DEFAULT_AFTER_SIGN_IN, safeCallbackPath } from './callback'

const ORIGIN = 'http://localhost:3000'
/** Where a browser on our site would end up following `path`. */
const lands = (path: string) => new URL(path, ORIGIN).origin

describe('safeCallbackPath', () => {
  it('keeps paths on this site, with their query and fragment', () => {
    expect(safeCallbackPath('/articles/abc?x=1#annotation-2', ORIGIN)).toBe('/articles/abc?x=1#annotation-2')
    expect(safeCallbackPath('/review', ORIGIN)).toBe('/review')
  })

  it('refuses every way of naming another host that browsers accept', () => {
    for (const hostile of ['//evil.test/x', '/\\evil.test/x', '/%5Cevil.test/x'.replace('%5C', '\\'), '/\t/evil.test/x', '/\\\\evil.test', '\\/evil.test', 'https://evil.test/', 'javascript:alert(1)', '/\n/evil.test', ' /evil']) {
      const out = safeCallbackPath(hostile, ORIGIN)
      expect(lands(out), JSON.stringify(hostile)).toBe(ORIGIN)
      expect(out.startsWith('//')).toBe(false)
    }
  })

  it('never returns CR or LF (a header injection, and a 500 before)', () => {
    const out = safeCallbackPath('/articles\r\nSet-Cookie: a=b', ORIGIN)
    expect(out).not.toMatch(/[\r\n]/)
    expect(lands(out)).toBe(ORIGIN)
  })

  it('falls back to the article list for anything that is not a path', () => {
    expect(safeCallbackPath(undefined, ORIGIN)).toBe(DEFAULT_AFTER_SIGN_IN)
    expect(safeCallbackPath(['/x'], ORIGIN)).toBe(DEFAULT_AFTER_SIGN_IN)
    expect(safeCallbackPath('articles', ORIGIN)).toBe(DEFAULT_AFTER_SIGN_IN)
  })
})
