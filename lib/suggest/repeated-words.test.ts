import { describe, expect, it } from 'vitest'
import { repeatedWords } from './repeated-words'
import { demoArticle, shown } from './testing'

describe('repeatedWords', () => {
  it('finds "licenses, licenses" in the demo article (across the comma)', () => {
    const text = demoArticle()
    expect(shown(text, repeatedWords(text))).toEqual(['repeated-word: ", licenses" → ""'])
  })

  it('finds "the the", also across a line break and at a sentence start', () => {
    const text = 'He saw the the bridge.\nIt was the\nthe best. The the end.'
    expect(shown(text, repeatedWords(text))).toEqual(['repeated-word: " the" → ""', 'repeated-word: "\\nthe" → ""', 'repeated-word: " the" → ""'])
  })

  it('applying the correction leaves one copy and the punctuation', () => {
    const text = 'access to patents, licenses, licenses, code'
    const [f] = repeatedWords(text)
    expect(text.slice(0, f.start) + f.correction + text.slice(f.end)).toBe('access to patents, licenses, code')
  })

  it('leaves deliberate repetition, names and clause starts', () => {
    for (const text of ['It was very, very cold.', 'What he had had was gone.', 'Duran Duran played.', 'If we draw a conclusion from it, it must be this.', 'No, no, no.', '10, 10 and 20'])
      expect(repeatedWords(text), text).toEqual([])
  })
})
