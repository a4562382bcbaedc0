import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import { extenderPgRegex, pgRegexToJs, splitsCharacter } from './graphemes'

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
  it('matches exactly the code points splitsCharacter treats as extenders', () => {
    const re = pgRegexToJs(extenderPgRegex())
    for (let cp = 0; cp <= 0xe01f0; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue
      const c = String.fromCodePoint(cp)
      if (re.test(c) !== splitsCharacter('a', c)) throw new Error(`U+${cp.toString(16)} disagrees`)
    }
    for (const c of ['e', ' ', '華', '🚀', '-', ']', '^', '\\']) expect(re.test(c), c).toBe(false)
  })

  it('is the class the database uses (galley_splits_at in the migrations), so both sides agree', () => {
    const dir = path.join(__dirname, '..', '..', 'prisma', 'migrations')
    const sql = fs.readdirSync(dir).filter((m) => fs.existsSync(path.join(dir, m, 'migration.sql'))).map((m) => fs.readFileSync(path.join(dir, m, 'migration.sql'), 'utf8')).join('\n')
    expect(sql).toContain(`~ '${extenderPgRegex()}'`)
  })
})
