import { describe, expect, it } from 'vitest'
import { compareWithSources } from './source-compare'
import { runChecks } from './run-checks'
import { fixture, shown } from './testing'
import type { SourceText } from './types'

const wire: SourceText = { id: 'wire-1', kind: 'wire', title: 'Wire', body: fixture('council-wire.txt') }
const article = fixture('council-article.txt')

describe('compareWithSources', () => {
  it('proposes the wire’s wording for every change, each as small as the change', () => {
    const { findings } = compareWithSources(article, [wire])
    expect(shown(article, findings)).toEqual([
      'source: "huge" → "giant"',
      'source: "the" → "the rail"',
      'source: "Olsen" → "Olson"',
      // Inside Olson's quotation: the wire has her words, so this one is a misquote.
      'misquote: "a" → "a parking"',
      'source: "half" → "third"',
      'source: " and also the timetable" → ""',
      'source: ", customers" → ""',
      'not-in-source: "The bridge is the longest of its kind in the country." → null',
    ])
    expect(findings.filter((f) => f.check === 'source').every((f) => f.sourceId === 'wire-1')).toBe(true)
  })

  it('lists the wire’s sentences the article dropped, once each', () => {
    const { missing } = compareWithSources(article, [wire, { ...wire, id: 'wire-2' }])
    expect(missing.map((m) => m.text)).toEqual([
      'Work on the foundations is planned to start in March, once the river is low enough.',
      'The engineering firm Halden & Brook, which designed a similar bridge in Norsted, won the contract last year.',
    ])
  })

  it('finds nothing when the article is the wire, and nothing at all without a wire or release', () => {
    expect(compareWithSources(wire.body, [wire]).findings).toEqual([])
    expect(compareWithSources(article, [{ ...wire, kind: 'transcript' }]).findings).toEqual([])
  })

  it('ignores quote style and dashes', () => {
    const text = 'He said: “It’s done” — and left.'
    expect(compareWithSources(text, [{ ...wire, body: 'He said: "It\'s done" - and left.' }]).findings).toEqual([])
  })
})

describe('runChecks', () => {
  it('lets the source outrank a heuristic: no "Olsen" suggested for the wire’s "Olson"', async () => {
    const { findings } = await runChecks(article, [wire], { spelling: false })
    const lines = shown(article, findings)
    expect(lines.filter((l) => l.includes('→ "Olsen"'))).toEqual([])
    // The doubled word is reported once (by the source), the residue still by its check.
    expect(lines.filter((l) => l.includes('", customers"'))).toEqual(['source: ", customers" → ""'])
    expect(lines).toContain('residue: "\\n\\nShare this:\\nAdvertisement\\n" → ""')
  })

  it('without a source, the name check asks once which spelling is right (one of each), never both ways', async () => {
    const { findings } = await runChecks(article, [], { spelling: false })
    expect(shown(article, findings).filter((l) => l.startsWith('name'))).toEqual(['name: "Olson" → "Olsen"'])
  })
})

describe('misquotes', () => {
  const release: SourceText = { id: 'r-1', kind: 'release', title: 'Harbour release', body: '' }
  const withBody = (body: string) => ({ ...release, body })

  it('a word changed inside quotation marks is a misquote, with the source’s words as the correction', () => {
    const source = 'The harbour master, Ines Carvalho, said: “We will dredge the channel before the summer season.”'
    const article = 'The harbour master, Ines Carvalho, said: “We will dredge the channel after the summer season.”'
    const { findings } = compareWithSources(article, [withBody(source)])
    expect(shown(article, findings)).toEqual(['misquote: "after" → "before"'])
    expect(findings[0]).toMatchObject({ category: 'quote', sourceId: 'r-1' })
    expect(findings[0].message).toBe('Misquote: “Harbour release” (release) quotes “before” where the article’s quotation has “after”.')
  })

  it('words added or left out of a quotation, in straight quotes too, are misquotes; the same change outside quotes is a source difference', () => {
    const source = '"The ferry will run every hour," said the operator, Kofi Mensah. The ferry will run until October.'
    const article = '"The new ferry will run every hour," said the operator, Kofi Mensah. The ferry will run until November.'
    const lines = shown(article, compareWithSources(article, [withBody(source)]).findings)
    expect(lines.filter((l) => l.startsWith('misquote'))).toHaveLength(1)
    expect(lines.find((l) => l.startsWith('misquote'))).toContain('" new"')
    expect(lines).toContain('source: "November" → "October"')
  })
})
