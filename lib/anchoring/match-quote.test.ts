/**
 * Hypothesis' own fuzzy-matching cases (hypothesis/client match-quote-test.js, BSD-2-Clause; see
 * fixtures/README.md): our matcher must find the same answers.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { matchQuote } from './match-quote'

type Case = Record<string, any>
const data = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'match-quote-cases.json'), 'utf8')) as { fixtures: Record<string, string>; cases: Case[] }
const textOf = (c: Case): string => {
  if (c.textRaw !== undefined) return c.textRaw
  if (c.textLiteral) return data.fixtures[c.textLiteral.replace(/^<fixtures\.|>$/g, '')]
  return data.fixtures[c.text]
}
const quoteOf = (c: Case): string => (c.quoteLiteral ? data.fixtures[c.quoteLiteral.replace(/^<fixtures\.|>$/g, '')] : c.quote)

describe('matchQuote on Hypothesis’ cases', () => {
  for (const c of data.cases) {
    it(c.name, () => {
      const text = textOf(c)
      if (c.quotesDescending) {
        const scores = c.quotesDescending.map((q: string) => matchQuote(text, q)!.score)
        expect(scores).toEqual([...scores].sort((a, b) => b - a))
        expect(new Set(scores).size).toBe(scores.length)
        return
      }
      if (c.prefixesDescending || c.suffixesDescending) {
        const list: string[] = c.prefixesDescending ?? c.suffixesDescending
        const scores = list.map((ctx) => matchQuote(text, c.quote, c.prefixesDescending ? { prefix: ctx } : { suffix: ctx })!.score)
        expect(scores).toEqual([...scores].sort((a, b) => b - a))
        expect(new Set(scores).size).toBe(scores.length)
        return
      }
      if (c.hints) {
        const quote = c.quote
        expect(matchQuote(text, quote, { hint: c.hints.posA })!.start).toBe(c.hints.posA)
        expect(matchQuote(text, quote, { hint: c.hints.posB })!.start).toBe(c.hints.posB)
        expect(matchQuote(text, quote)!.start).toBe(c.hints.posA)
        return
      }
      const match = matchQuote(text, quoteOf(c), { prefix: c.prefix, suffix: c.suffix })
      if (c.expect === null) {
        expect(match).toBeNull()
        return
      }
      expect(match).not.toBeNull()
      expect(text.slice(match!.start, match!.end)).toBe(c.expect.matchedText)
      if (c.expect.score !== undefined) expect(match!.score).toBe(c.expect.score)
      if (c.expect.scoreStrictlyBetween) {
        expect(match!.score).toBeGreaterThan(c.expect.scoreStrictlyBetween[0])
        expect(match!.score).toBeLessThan(c.expect.scoreStrictlyBetween[1])
      }
      if (c.expect.startIsIndexOf) expect(match!.start).toBe(text.indexOf(c.expect.startIsIndexOf))
    })
  }
})
