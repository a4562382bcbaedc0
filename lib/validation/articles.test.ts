import { describe, expect, it } from 'vitest'
import { createArticleSchema, httpUrl, updateArticleSchema } from './articles'

describe('httpUrl', () => {
  it('stores the URL as the WHATWG parser writes it', () => {
    expect(httpUrl.parse('  https://x.test/"><img src=x onerror=alert(1)>  ')).toBe('https://x.test/%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E')
    expect(httpUrl.parse('HTTPS://Www.Reuters.COM:443/article/us-usa-huawei?a=1&b=<2>')).toBe('https://www.reuters.com/article/us-usa-huawei?a=1&b=%3C2%3E')
    expect(httpUrl.parse('http://example.com')).toBe('http://example.com/')
    expect(httpUrl.parse('https://bücher.example/straße')).toBe('https://xn--bcher-kva.example/stra%C3%9Fe')
    expect(httpUrl.parse('https://example.com/x?a=1&b=2')).toBe('https://example.com/x?a=1&b=2') // already normal: unchanged
  })

  it('still refuses what is not an http(s) URL, with the same messages', () => {
    for (const bad of ['javascript:alert(1)', 'ftp://files.example/x', 'not a url', '']) {
      const result = httpUrl.safeParse(bad)
      expect(result.success, bad).toBe(false)
      expect(result.error!.issues.map((i) => i.message), bad).toEqual(['must be an http(s) URL'])
    }
    const long = httpUrl.safeParse(`https://example.com/${'a'.repeat(2048)}`)
    expect(long.error!.issues.map((i) => i.message)).toContain('must be at most 2048 characters')
  })

  it('normalises the article source on create and update, and keeps "" as no source', () => {
    expect(createArticleSchema.parse({ title: 'Huawei', body: 'Text.', sourceUrl: 'https://x.test/a b' }).sourceUrl).toBe('https://x.test/a%20b')
    expect(createArticleSchema.parse({ title: 'Huawei', body: 'Text.', sourceUrl: '' }).sourceUrl).toBeNull()
    expect(updateArticleSchema.parse({ sourceUrl: 'HTTP://X.TEST' }).sourceUrl).toBe('http://x.test/')
  })
})
