import { describe, expect, it } from 'vitest'
import { otherOccurrences, wholeWordOccurrences } from './occurrences'
import { sliceCodePoints } from './offsets'

// From the demo article (../shared/seed): the same minister is "Pain" in one paragraph and "Pang" in the next.
const TEXT = 'Vincent Pain, the minister, spoke in Spain on Friday. Paine was not there. "Pain\'s office said the talks went well," said Pain.'

describe('wholeWordOccurrences', () => {
  it('finds the word itself, not inside other words', () => {
    const found = wholeWordOccurrences(TEXT, 'Pain')
    expect(found.map((s) => sliceCodePoints(TEXT, s.start, s.end))).toEqual(['Pain', 'Pain', 'Pain'])
    expect(found).toHaveLength(3) // Spain and Paine are other words
    expect(found[1].start).toBe(TEXT.indexOf('"Pain') + 1)
  })

  it('is case- and accent-sensitive', () => {
    expect(wholeWordOccurrences('pain and Pain and Paín', 'Pain')).toEqual([{ start: 9, end: 13 }])
  })

  it('counts offsets in code points (emoji and astral letters before the word)', () => {
    const text = '😀 Pain met 𝒫ain and Pain.'
    const found = wholeWordOccurrences(text, 'Pain')
    expect(found).toEqual([
      { start: 2, end: 6 },
      { start: 20, end: 24 },
    ])
    expect(found.map((s) => sliceCodePoints(text, s.start, s.end))).toEqual(['Pain', 'Pain'])
  })

  it('does not take a word followed by a combining accent', () => {
    expect(wholeWordOccurrences('Pain\u0301 and Pain', 'Pain')).toEqual([{ start: 10, end: 14 }])
  })

  it('finds phrases, and nothing for white space', () => {
    expect(wholeWordOccurrences('vice head of state, vice head of states', 'vice head of state')).toEqual([{ start: 0, end: 18 }])
    expect(wholeWordOccurrences('a  b', ' ')).toEqual([])
  })
})

describe('otherOccurrences', () => {
  it('leaves out the fix itself and spans already fixed', () => {
    const all = wholeWordOccurrences(TEXT, 'Pain')
    const fix = { ...all[0], exact: 'Pain' }
    expect(otherOccurrences(TEXT, fix)).toEqual(all.slice(1))
    expect(otherOccurrences(TEXT, fix, [all[2]])).toEqual([all[1]])
  })
})
