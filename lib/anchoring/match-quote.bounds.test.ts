/**
 * matchQuote is bounded whatever it is sent (issue 21: an imported selector's 3,000-character
 * prefix held the server for seconds, and the cost grew with its cube): only the context nearest
 * the quote is scored, a quote found everywhere is placed by its context, and an approximate
 * search that would cost too much is narrowed to the hint or not made.
 */
import { describe, expect, it } from 'vitest'
import { federalist } from '@/lib/suggest/testing'
import { CONTEXT_CHARS_SCORED, MAX_CANDIDATES, matchQuote } from './match-quote'

describe('matchQuote’s bounds', () => {
  it('scores only the 64 characters of context nearest the quote: a longer prefix changes nothing', () => {
    const text = 'The mayor said the council would meet. Later the council said the mayor would not attend.'
    const at = text.lastIndexOf('the council')
    const near = text.slice(at - 20, at)
    const trimmed = matchQuote(text, 'the council', { prefix: near, suffix: ' said the mayor' })!
    // 5,000 characters of junk before the right 20: scored as the 64 nearest, not as 5,020.
    const long = matchQuote(text, 'the council', { prefix: 'x'.repeat(5_000) + near, suffix: ' said the mayor' + 'y'.repeat(5_000) })!
    expect(CONTEXT_CHARS_SCORED).toBe(64)
    expect(long.start).toBe(at)
    expect(long.start).toBe(trimmed.start)
    expect(long.score).toBeCloseTo(matchQuote(text, 'the council', { prefix: ('x'.repeat(5_000) + near).slice(-64), suffix: (' said the mayor' + 'y'.repeat(5_000)).slice(0, 64) })!.score, 10)
  })

  it('places a word that occurs 150,000 times by its context, not by being among the first found', () => {
    const filler = 'word '.repeat(150_000)
    const text = `${filler}alpha beta word gamma delta ${filler}`
    const at = filler.length + 'alpha beta '.length
    expect(150_000).toBeGreaterThan(MAX_CANDIDATES)
    const m = matchQuote(text, 'word', { prefix: 'alpha beta ', suffix: ' gamma delta' })!
    expect(m).toMatchObject({ start: at, end: at + 4, errors: 0 })
  })

  it('does not search a 5 MB text for a long reworded quote without a hint; near the hint it still finds it', () => {
    const book = federalist()
    const text = (book + book + book + book).slice(0, 5_000_000)
    const from = 2_400_000
    const quote = text.slice(from, from + 2_000).replace(/e/g, 'x').slice(0, 2_000)
    expect(text.includes(quote)).toBe(false)
    expect(matchQuote(text, quote)).toBeNull()
    const near = matchQuote(text, quote, { hint: from })!
    expect(near.start).toBeGreaterThanOrEqual(from - 5)
    expect(near.start).toBeLessThanOrEqual(from + 5)
  })
})
