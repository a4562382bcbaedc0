import { describe, expect, it } from 'vitest'
import { annotationsByParagraph, paragraphHtml, segmentParagraph, splitParagraphs } from './segments'

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

describe('paragraph HTML', () => {
  it('escapes the text, so markup in an article stays text', () => {
    const [p] = splitParagraphs('<img src=x onerror=alert(1)> & "quotes" \'too\' <script>alert(2)</script>')
    const html = paragraphHtml(p, [{ id: 'a', start: 0, end: 4, kind: 'claim', status: 'open' }])
    expect(html).toBe('<span data-ids="a" data-kinds="claim" class="hl">&lt;img</span> src=x onerror=alert(1)&gt; &amp; "quotes" \'too\' &lt;script&gt;alert(2)&lt;/script&gt;')
    // What a browser makes of it: the same text, and no element but the highlight.
    const ids = paragraphHtml(p, [{ id: 'x" onmouseover="alert(3)', start: 0, end: 4, kind: 'claim', status: 'open' }])
    expect(ids).toContain('data-ids="x&quot; onmouseover=&quot;alert(3)"')
  })

  it('marks overlaps, approved and rejected fixes and published fixes as the desk draws them (the selection is a class the page sets: e2e/desk.spec.ts)', () => {
    const [p] = splitParagraphs(body)
    const html = paragraphHtml(
      p,
      [
        { id: 'pain', start: 8, end: 12, kind: 'error', status: 'approved' },
        { id: 'claim', start: 0, end: 12, kind: 'claim', status: 'open' },
        { id: 'vice', start: 14, end: 39, kind: 'error', status: 'rejected' },
        { id: 'done', start: 39, end: 40, kind: 'error', status: 'applied' },
      ],
    )
    expect(html).toBe(
      '<span data-ids="claim" data-kinds="claim" class="hl">Vincent </span>' +
        '<span data-ids="pain claim" data-kinds="error claim" class="hl hl-stacked hl-approved">Pain</span>, ' +
        '<span data-ids="vice" data-kinds="error" class="hl hl-rejected">senior vice head of state</span>' +
        '<span data-ids="done" data-kinds="applied" class="hl">.</span>',
    )
  })

  it('a suggestion over an error is not a stack of annotations (it adds its own dotted line)', () => {
    const [p] = splitParagraphs(body)
    const html = paragraphHtml(p, [
      { id: 'pain', start: 8, end: 12, kind: 'error', status: 'open' },
      { id: 'sug', start: 8, end: 12, kind: 'suggestion', status: 'open' },
    ])
    expect(html).toContain('<span data-ids="pain sug" data-kinds="error suggestion" class="hl">Pain</span>')
  })
})
