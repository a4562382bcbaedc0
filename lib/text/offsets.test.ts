import { describe, expect, it } from 'vitest'
import { OffsetMap, codePointIndex, codePointLength, sliceCodePoints, splitsSurrogatePair, utf16Index } from './offsets'

const SAMPLES = [
  'Vincent Pain said so.',
  'Huawei 🚀 talks 👩‍👩‍👧 about 5G',
  'café vs cafe\u0301 (combining acute)',
  '华为与美国公司就5G许可进行早期谈判',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math letters 𝟓𝐆',
  '',
]

describe('code point ↔ UTF-16', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(codePointLength('🚀')).toBe(1)
    expect('🚀'.length).toBe(2)
    expect(codePointLength('cafe\u0301')).toBe(5) // a combining mark is its own code point
    expect(codePointLength('华为')).toBe(2)
    expect(codePointLength('👩‍👩‍👧')).toBe(5) // three people and two zero-width joiners
  })

  it('round-trips every offset on emoji, combining marks and CJK', () => {
    for (const text of SAMPLES) {
      const map = new OffsetMap(text)
      expect(map.length).toBe([...text].length)
      for (let cp = 0; cp <= map.length; cp++) {
        const u = utf16Index(text, cp)
        expect(map.toUtf16(cp)).toBe(u)
        expect(codePointIndex(text, u)).toBe(cp)
        expect(map.toCodePoint(u)).toBe(cp)
      }
    }
  })

  it('slices by code points like Array.from does', () => {
    for (const text of SAMPLES) {
      const chars = [...text]
      for (let s = 0; s <= chars.length; s++) {
        for (let e = s; e <= chars.length; e++) {
          const want = chars.slice(s, e).join('')
          expect(sliceCodePoints(text, s, e)).toBe(want)
          expect(new OffsetMap(text).slice(s, e)).toBe(want)
        }
      }
    }
  })

  it('knows when a UTF-16 index splits an emoji', () => {
    const text = 'a🚀b'
    expect(splitsSurrogatePair(text, 2)).toBe(true)
    expect(splitsSurrogatePair(text, 1)).toBe(false)
    expect(splitsSurrogatePair(text, 3)).toBe(false)
  })
})
