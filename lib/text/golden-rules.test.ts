/**
 * The 52 English "Golden Rules" for sentence boundaries (pragmatic_segmenter, MIT; see
 * fixtures/README.md). Each case passes when our sentences, whitespace-normalised, equal the
 * expected ones. Score: 49 of 52.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { splitSentences } from './sentences'

type Rule = { id: number; name: string; text: string; expected: string[] }
const rules = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'golden_rules_en.pragmatic_segmenter.json'), 'utf8')) as Rule[]
const norm = (s: string) => s.replace(/\s+/g, ' ').trim()
const sentencesOf = (text: string) => splitSentences(text).map((s) => norm(text.slice(s.start, s.end)))

/** Known misses: "N°. 1026.253.553." (#43), a sentence opened by an ellipsis (#51), no space after full stops (#52). */
const KNOWN_MISSES = new Set([43, 51, 52])

describe('English golden rules', () => {
  for (const rule of rules) {
    const test = KNOWN_MISSES.has(rule.id) ? it.fails : it
    test(`#${String(rule.id).padStart(3, '0')} ${rule.name.replace(/ #\d+$/, '')}`, () => {
      expect(sentencesOf(rule.text)).toEqual(rule.expected.map(norm))
    })
  }

  it('scores 49 of 52', () => {
    const passed = rules.filter((r) => JSON.stringify(sentencesOf(r.text)) === JSON.stringify(r.expected.map(norm))).length
    expect(rules).toHaveLength(52)
    expect(passed).toBe(49)
  })
})
