import { describe, expect, it } from 'vitest'
import { demoMode, demoModeLine, demoPasswordLocalOnly } from './demo'

describe('demoMode', () => {
  it('is on with the embedded demo database (this machine only), off with DATABASE_URL unless GALLEY_DEMO=1 (everyone)', () => {
    expect(demoMode({ GALLEY_EMBEDDED_DB: '1' })).toBe('local')
    expect(demoMode({ DATABASE_URL: 'postgresql://db/galley' })).toBe('off')
    expect(demoMode({ DATABASE_URL: 'postgresql://db/galley', GALLEY_DEMO: '1' })).toBe('everyone')
    expect(demoMode({ GALLEY_EMBEDDED_DB: '1', GALLEY_DEMO: '1' })).toBe('everyone')
    expect(demoMode({ GALLEY_EMBEDDED_DB: '1', GALLEY_DEMO: '0' })).toBe('off')
    expect(demoMode({})).toBe('off')
  })

  it('ignores values other than 0 and 1: never "everyone" by accident', () => {
    for (const value of ['true', 'yes', 'on', ' 1x']) expect(demoMode({ GALLEY_EMBEDDED_DB: '1', GALLEY_DEMO: value })).toBe('local')
  })
})

describe('demoPasswordLocalOnly', () => {
  it('holds on the embedded demo database unless GALLEY_DEMO=1; turning the demo off never opens the password to others', () => {
    expect(demoPasswordLocalOnly({ GALLEY_EMBEDDED_DB: '1' })).toBe(true)
    expect(demoPasswordLocalOnly({ GALLEY_EMBEDDED_DB: '1', GALLEY_DEMO: '0' })).toBe(true)
    expect(demoPasswordLocalOnly({ GALLEY_EMBEDDED_DB: '1', GALLEY_DEMO: '1' })).toBe(false)
    expect(demoPasswordLocalOnly({ DATABASE_URL: 'postgresql://db/galley' })).toBe(false)
  })
})

describe('demoModeLine', () => {
  it('says which mode it is and how to change it', () => {
    expect(demoModeLine({ GALLEY_EMBEDDED_DB: '1' })).toBe('Demo sign-in: on for this machine only (localhost) — set GALLEY_DEMO=0 to turn it off / GALLEY_DEMO=1 to offer it to everyone')
    expect(demoModeLine({ GALLEY_EMBEDDED_DB: '1', GALLEY_DEMO: '1' })).toMatch(/^Demo sign-in: ON FOR EVERYONE .* unset GALLEY_DEMO for this machine only, set GALLEY_DEMO=0 to turn it off$/)
    expect(demoModeLine({ GALLEY_DEMO: '1' })).toMatch(/^Demo sign-in: ON FOR EVERYONE .*anyone can continue as admin — set GALLEY_DEMO=0 to turn it off$/)
    expect(demoModeLine({ GALLEY_EMBEDDED_DB: '1', GALLEY_DEMO: '0' })).toBe('Demo sign-in: off (GALLEY_DEMO=0)')
    expect(demoModeLine({})).toBe('Demo sign-in: off (a database of your own: DATABASE_URL) — GALLEY_DEMO=1 offers it to everyone')
    expect(demoModeLine({ GALLEY_EMBEDDED_DB: '1', GALLEY_DEMO: 'yes' })).toContain('GALLEY_DEMO=yes is neither 0 nor 1, so it is ignored')
  })
})
