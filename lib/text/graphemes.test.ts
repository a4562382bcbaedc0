import { describe, expect, it } from 'vitest'
import { extenderPgRegex, splitsCharacter } from './graphemes'

describe('splitsCharacter', () => {
  it('refuses a boundary between a letter and its combining accent (NFD José)', () => {
    const jose = 'Jose\u0301'
    expect(splitsCharacter('Jose', '\u0301 said')).toBe(true)
    expect(splitsCharacter(jose, ' said')).toBe(false)
    expect(splitsCharacter('', jose)).toBe(false)
  })

  it('refuses boundaries inside emoji sequences: ZWJ families, skin tones, variation selectors', () => {
    const family = '👨\u200d👩\u200d👧'
    expect(splitsCharacter('👨', '\u200d👩\u200d👧')).toBe(true)
    expect(splitsCharacter('👨\u200d', '👩\u200d👧')).toBe(true)
    expect(splitsCharacter('👍', '\u{1f3fd}')).toBe(true)
    expect(splitsCharacter('❤', '\ufe0f')).toBe(true)
    expect(splitsCharacter(family, ' ok')).toBe(false)
  })

  it('refuses a boundary inside an NFD Hangul syllable', () => {
    const han = '한'.normalize('NFD') // ᄒ + ᅡ + ᆫ
    expect(splitsCharacter(han.slice(0, 1), han.slice(1))).toBe(true)
    expect(splitsCharacter(han.slice(0, 2), han.slice(2))).toBe(true)
    expect(splitsCharacter(han, '국')).toBe(false)
  })

  it('accepts ordinary boundaries in Latin, CJK and emoji text', () => {
    expect(splitsCharacter('Vincent ', 'Pang')).toBe(false)
    expect(splitsCharacter('華', '為')).toBe(false)
    expect(splitsCharacter('🚀', '🚀')).toBe(false)
  })
})

describe('extenderPgRegex', () => {
  it('is a bracket expression that matches exactly what splitsCharacter treats as an extender', () => {
    const source = extenderPgRegex()
    expect(source.startsWith('^[')).toBe(true)
    // JavaScript reads the same bracket expression the same way: use it to check samples.
    const re = new RegExp(source, 'u')
    for (const c of ['\u0301', '\u0308', '\u200d', '\ufe0f', '\u{1f3fd}', '\u0903', '\u{e0041}', '\u1161', '\u11ab']) expect(re.test(c), c.codePointAt(0)!.toString(16)).toBe(true)
    for (const c of ['e', ' ', '華', '🚀', '-', ']', '^', '\\']) expect(re.test(c), c).toBe(false)
  })
})
