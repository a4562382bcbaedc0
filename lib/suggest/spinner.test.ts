import { describe, expect, it } from 'vitest'
import { SPINNER_PHRASES } from './spinner-phrases'
import { spinner } from './spinner'
import { demoArticle, shown } from './testing'

describe('spinner', () => {
  it.each(SPINNER_PHRASES.map((p) => [p.phrase, p]))('%s: its example is corrected to the plain form', (_phrase, p) => {
    const found = spinner(p.example)
    expect(found, p.example).toHaveLength(1)
    expect(found[0].correction!.toLowerCase()).toBe(p.plain.toLowerCase())
  })

  it('finds the demo article\'s "UNITED STATE", "rate of interest", "has actually" and "would certainly be"', () => {
    const lines = shown(demoArticle(), spinner(demoArticle()))
    for (const expected of ['"UNITED STATE" → "U.S."', '"rate of interest" → "interest"', '"has actually" → "has"', '"would certainly be" → "would be"', '"and also" → "and"'])
      expect(lines).toContain(`spinner: ${expected}`)
  })

  it('keeps the capital and the curly apostrophe of what it replaces; "UNITED STATES" is fine', () => {
    expect(shown('And also the rest. The globe’s biggest.', spinner('And also the rest. The globe’s biggest.'))).toEqual(['spinner: "And also" → "And"', 'spinner: "globe’s biggest" → "world’s biggest"'])
    expect(spinner('Exports to the UNITED STATES rose.')).toEqual([])
  })

  it('prefers the longest phrase where two overlap', () => {
    expect(shown('over national protection worries', spinner('over national protection worries'))).toEqual(['spinner: "national protection worries" → "national security concerns"'])
  })
})
