/**
 * Split an article into paragraphs and each paragraph into segments at annotation boundaries, so
 * highlighting costs one element per segment (not per character) and a change touches only the
 * paragraphs it overlaps. Pure; offsets are code points, text slices are ready for the DOM.
 */
import { OffsetMap } from '@/lib/text/offsets'
import { escapeHtml, escapeHtmlText } from '@/lib/text/html'

export type SpanLike = { id: string; start: number; end: number }

export type Segment = { start: number; end: number; text: string; ids: string[] }
export type Paragraph = { index: number; start: number; end: number; text: string }

/** Paragraphs are lines of text; blank lines separate them and are not rendered. */
export function splitParagraphs(body: string, map = new OffsetMap(body)): Paragraph[] {
  const out: Paragraph[] = []
  let u = 0
  while (u <= body.length) {
    let nl = body.indexOf('\n', u)
    if (nl < 0) nl = body.length
    if (body.slice(u, nl).trim().length > 0) {
      out.push({ index: out.length, start: map.toCodePoint(u), end: map.toCodePoint(nl), text: body.slice(u, nl) })
    }
    u = nl + 1
  }
  return out
}

/**
 * For every paragraph, the annotations that touch it, in one sweep over annotations sorted by
 * start (O(paragraphs + annotations × paragraphs spanned)).
 */
export function annotationsByParagraph<T extends SpanLike>(paragraphs: Paragraph[], sorted: T[]): T[][] {
  const out: T[][] = paragraphs.map(() => [])
  let first = 0
  for (const a of sorted) {
    while (first < paragraphs.length && paragraphs[first].end <= a.start && !(a.start === a.end && paragraphs[first].end === a.start)) first++
    for (let p = first; p < paragraphs.length && paragraphs[p].start < Math.max(a.end, a.start + 1); p++) {
      if (a.end > paragraphs[p].start || (a.start === a.end && a.start >= paragraphs[p].start)) out[p].push(a)
    }
  }
  return out
}

/** Segments of one paragraph: maximal runs covered by the same set of annotations. */
export function segmentParagraph(paragraph: Paragraph, annotations: SpanLike[]): Segment[] {
  const cuts = new Set<number>([paragraph.start, paragraph.end])
  for (const a of annotations) {
    if (a.start > paragraph.start && a.start < paragraph.end) cuts.add(a.start)
    if (a.end > paragraph.start && a.end < paragraph.end) cuts.add(a.end)
  }
  const points = [...cuts].sort((x, y) => x - y)
  const map = new OffsetMap(paragraph.text)
  const segments: Segment[] = []
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]
    const end = points[i + 1]
    const ids = annotations.filter((a) => a.start < end && a.end > start).map((a) => a.id)
    segments.push({ start, end, text: map.slice(start - paragraph.start, end - paragraph.start), ids })
  }
  return segments
}

/** What a highlight needs to know about an annotation to draw it. */
export type Highlightable = SpanLike & { kind: string; status: string }

/**
 * The inside of one paragraph as HTML: plain runs as text, annotated runs as
 * `<span data-ids data-kinds class="hl …">` (kinds are styled by data-kinds, states by class), the
 * article's text escaped. One string per paragraph,
 * built the same way on the server and in the browser: the browser hydrates a paragraph, not
 * thousands of spans, and a change to one annotation rewrites one paragraph.
 */
export function paragraphHtml(paragraph: Paragraph, annotations: Highlightable[]): string {
  const byId = new Map(annotations.map((a) => [a.id, a]))
  let html = ''
  for (const seg of segmentParagraph(paragraph, annotations)) {
    if (seg.ids.length === 0) {
      html += escapeHtmlText(seg.text)
      continue
    }
    const covering = seg.ids.map((id) => byId.get(id)!)
    // A published fix marks the corrected words, not an error to strike through.
    const kinds = [...new Set(covering.map((a) => (a.status === 'applied' ? 'applied' : a.kind)))]
    const errors = covering.filter((a) => a.kind === 'error' && a.status !== 'applied')
    let className = 'hl'
    // Stacked lines are for overlapping annotations; a suggestion over one adds its own dotted line.
    if (covering.filter((a) => a.kind !== 'suggestion').length > 1) className += ' hl-stacked'
    if (errors.some((e) => e.status === 'approved')) className += ' hl-approved'
    if (errors.length > 0 && errors.every((e) => e.status === 'rejected')) className += ' hl-rejected'
    html += `<span data-ids="${escapeHtml(seg.ids.join(' '))}" data-kinds="${escapeHtml(kinds.join(' '))}" class="${className}">${escapeHtmlText(seg.text)}</span>`
  }
  return html
}
