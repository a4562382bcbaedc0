import { describe, expect, it } from 'vitest'
import { webImportSchema } from './web-import'

const paths = (v: unknown) => {
  const r = webImportSchema.safeParse(v)
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'))
}

describe('webImportSchema', () => {
  it('tells the two shapes apart by html, so a 422 names the field at fault', () => {
    expect(paths({ html: '<p>x</p>', url: 'javascript:alert(1)' })).toEqual(['url'])
    expect(paths({ html: 'a\u0000b' })).toEqual(['html'])
    expect(paths({ url: '' })).toEqual(['url'])
    expect(paths({ url: 'https://x.example', title: 'a\u0000' })).toEqual(['title'])
    expect(paths({ url: 'https://x.example', extra: 1 })).toEqual([''])
  })

  it('stores a saved page’s URL as the article form does', () => {
    expect(webImportSchema.parse({ html: '<p>x</p>', url: 'HTTP://News.Example/a b' })).toEqual({ html: '<p>x</p>', url: 'http://news.example/a%20b' })
    expect(webImportSchema.parse({ url: ' https://news.example/a ' })).toEqual({ url: 'https://news.example/a' })
  })
})
