import { describe, expect, it } from 'vitest'
import { annotationsByParagraph, segmentParagraph, splitParagraphs } from './segments'

const body = 'Vincent Pain, senior vice head of state.\n\n🚀 Pain said.\n\nLast line'

describe('paragraph segments', () => {
  it('splits paragraphs on line breaks with code-point offsets', () => {
    const ps = splitParagraphs(body)
    expect(ps.map((p) => p.text)).toEqual(['Vincent Pain, senior vice head of state.', '🚀 Pain said.', 'Last line'])
    expect(ps[1].start).toBe(42)
    expect(ps[2].start).toBe(42 + [...'🚀 Pain said.'].length + 2)
  })

  it('cuts at every annotation boundary and keeps all the text, overlaps included', () => {
    const [p] = splitParagraphs(body)
    const anns = [
      { id: 'pain', start: 8, end: 12 },
      { id: 'title', start: 14, end: 39 },
      { id: 'claim', start: 0, end: 39 },
    ]
    const segs = segmentParagraph(p, anns)
    expect(segs.map((s) => s.text).join('')).toBe(p.text)
    expect(segs.map((s) => [s.text, s.ids])).toEqual([
      ['Vincent ', ['claim']],
      ['Pain', ['pain', 'claim']],
      [', ', ['claim']],
      ['senior vice head of state', ['title', 'claim']],
      ['.', []],
    ])
  })

  it('assigns a span that crosses paragraphs to both, and emoji count as one code point', () => {
    const ps = splitParagraphs(body)
    const cross = { id: 'x', start: 30, end: 45 }
    const pain = { id: 'p', start: 44, end: 48 }
    const lists = annotationsByParagraph(ps, [cross, pain])
    expect(lists.map((l) => l.map((a) => a.id))).toEqual([['x'], ['x', 'p'], []])
    const segs = segmentParagraph(ps[1], lists[1])
    expect(segs.filter((s) => s.ids.includes('p')).map((s) => s.text)).toEqual(['P', 'ain']) // cut where "x" ends
  })
})
