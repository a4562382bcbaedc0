import { describe, expect, it } from 'vitest'
import { count, isQuoted, plural, quote, sentence } from './words'

describe('plural and count', () => {
  it('says one of a thing in the singular, and none or many in the plural', () => {
    expect(count(1, 'claim')).toBe('1 claim')
    expect(count(0, 'claim')).toBe('0 claims')
    expect(count(2, 'fix', 'fixes')).toBe('2 fixes')
    expect(count(1, 'fix', 'fixes')).toBe('1 fix')
    expect(count(1204, 'annotation')).toBe('1,204 annotations')
    expect(plural(1, 'its', 'their')).toBe('its')
    expect(plural(3, 'its', 'their')).toBe('their')
  })
})

describe('quote', () => {
  it('puts words in curly quotes', () => {
    expect(quote('Pain')).toBe('“Pain”')
    expect(quote('')).toBe('“”')
  })
  it('never doubles the marks a quotation already has', () => {
    // Not one quotation end to end: a quotation inside a quotation, in single quotes.
    expect(quote('“We will not sell,” he said')).toBe('‘“We will not sell,” he said’')
    expect(quote('he said: “no”')).toBe('‘he said: “no”’')
    expect(quote('he said: “no” twice')).toBe('“he said: “no” twice”') // marks inside never stand beside ours
    expect(quote('“We will not sell”')).toBe('“We will not sell”')
    expect(quote('"We will not sell"')).toBe('"We will not sell"')
    expect(quote('«Nous vendrons»')).toBe('«Nous vendrons»')
    expect(quote('„Wir verkaufen“')).toBe('„Wir verkaufen“')
    expect(isQuoted('“a”')).toBe(true)
    expect(isQuoted('“')).toBe(false)
  })
  it('cuts long words with an ellipsis, closing a cut quotation once', () => {
    expect(quote('abcdefghij', 5)).toBe('“abcd…”')
    expect(quote('“abcdefghij”', 5)).toBe('“abc…”')
  })
})

describe('sentence', () => {
  it('ends with one full stop, never two', () => {
    expect(sentence('Demo Editor commented: looks right')).toBe('Demo Editor commented: looks right.')
    expect(sentence('Demo Editor commented: looks right.')).toBe('Demo Editor commented: looks right.')
    expect(sentence('the note says “wait…”')).toBe('the note says “wait…”')
    expect(sentence('asked “why?”')).toBe('asked “why?”')
    expect(sentence('wrote: really!')).toBe('wrote: really!')
  })
  it('counts as Intl does in English: one only for exactly 1, thousands grouped, negatives too', () => {
    const rules = new Intl.PluralRules('en')
    for (const n of [0, 1, 2, 11, 21, 101, 999, 1000, 1204, 12345, 1234567, -1, -1204, 1.5]) {
      expect(count(n, 'fix', 'fixes')).toBe(`${n.toLocaleString('en')} ${rules.select(n) === 'one' ? 'fix' : 'fixes'}`)
    }
  })
})
