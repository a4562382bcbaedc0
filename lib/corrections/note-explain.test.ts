import { describe, expect, it } from 'vitest'
import { applyFixes } from './apply'
import { correctionSentence, explainNote, readerNote } from './note'

const TEXT = 'Vincent Pain said the Business Department had 12 staff. It was teh best.'
function at(exact: string, correction: string, category: string, id = exact) {
  const start = TEXT.indexOf(exact)
  return { id, start, end: start + exact.length, exact, correction, category }
}

describe('explainNote', () => {
  const fixes = [at('Pain', 'Pang', 'name'), at('Business Department', 'Commerce Department', 'fact'), at('12', '14', 'other'), at('teh', 'the', 'spelling')]
  const corrected = applyFixes(TEXT, fixes)

  it('says which fixes the note mentions, in which sentence, and why the others are left out', () => {
    const { sentences, fixes: why } = explainNote(fixes, corrected)
    expect(sentences).toEqual([
      'An earlier version of this article misspelled the name of Vincent Pang.',
      'An earlier version of this article incorrectly said “Business Department”; it should have said “Commerce Department”.',
    ])
    expect(why.map((w) => [w.id, w.mentioned, w.sentence])).toEqual([
      ['Pain', true, sentences[0]],
      ['Business Department', true, sentences[1]],
      ['12', false, null],
      ['teh', false, null],
    ])
    expect(why[2].why).toContain('“other”')
    expect(why[3].why).toContain('spelling')
  })

  it('leaves out what readers were told before, saying so', () => {
    const { sentences, fixes: why } = explainNote(fixes, corrected, ['An earlier version of this article misspelled the name of Vincent Pang.'])
    expect(sentences).toHaveLength(1)
    expect(why[0]).toMatchObject({ mentioned: false, why: expect.stringContaining('told this already') })
  })
})

describe('readerNote', () => {
  it('puts the standards editor’s own words after the sentences, and ignores blank ones', () => {
    expect(readerNote(['A.'], ['  We regret the error.  ', '', null])).toEqual(['A.', 'We regret the error.'])
    expect(readerNote([], [])).toEqual([])
  })
})

describe('correctionSentence', () => {
  it('never puts a second pair of quotation marks round words that bring their own', () => {
    const fix = { start: 0, end: 20, exact: '“We will not sell”', correction: '“We will not sell yet”', category: 'quote' }
    const said = correctionSentence(fix, '“We will not sell yet”', 0)!
    expect(said).toBe('An earlier version of this article misquoted “We will not sell”; the words were “We will not sell yet”.')
    expect(said).not.toMatch(/““|””/)
  })
})
