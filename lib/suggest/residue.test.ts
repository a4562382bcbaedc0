import { describe, expect, it } from 'vitest'
import { RESIDUE_LINES } from './residue-phrases'
import { isResidueLine, residue } from './residue'
import { demoArticle, shown } from './testing'

const apply = (text: string) => {
  const [f] = residue(text)
  return text.slice(0, f.start) + f.correction + text.slice(f.end)
}

describe('residue', () => {
  it('finds the comment form at the end of the demo article, with its blank lines', () => {
    const text = demoArticle()
    const found = residue(text)
    expect(found).toHaveLength(1)
    expect(text.slice(found[0].start, found[0].end).trim()).toBe('Please enter your comment!\nPlease enter your name here')
    expect(apply(text)).toBe(text.slice(0, text.indexOf('\n\n\nPlease')))
  })

  it('removes a share bar between paragraphs and leaves one blank line', () => {
    expect(apply('First paragraph.\n\nShare this:\n\nAdvertisement\n\nSecond paragraph.')).toBe('First paragraph.\n\nSecond paragraph.')
    expect(apply('Advertisement\n\nThe story.')).toBe('The story.')
  })

  it('knows every line of its list, in any case and with final punctuation', () => {
    for (const line of RESIDUE_LINES) {
      expect(isResidueLine(line), line).toBe(true)
      expect(isResidueLine(`  ${line.toUpperCase()}!`), line).toBe(true)
    }
  })

  it('leaves a sentence that merely mentions such words', () => {
    const text = 'Readers can share this story with friends.\n\nPlease enter your comment in the box, the editor said.'
    expect(shown(text, residue(text))).toEqual([])
  })
})
