'use client'

import { memo, useEffect, useLayoutEffect, useMemo, useRef } from 'react'
import type { PageAnnotation } from '@/lib/types/page-annotations'
import type { SuggestionDto } from '@/lib/types/suggestions'
import { OffsetMap } from '@/lib/text/offsets'
import { markLabel, markTag, type Mark } from './labels'
import { annotationsByParagraph, paragraphHtml, splitParagraphs, type Paragraph } from './segments'
import { pointToOffset, selectOffsets } from './dom-offsets'
import { directionOf } from '@/lib/text/direction'
import type { ReviewDto } from '@/lib/types/desk'

type Props = {
  /** BCP 47: the text carries it as `lang`, and runs right to left where the language does. */
  language?: string
  body: string
  annotations: PageAnnotation[]
  /** Drawn as dotted underlines, distinct from annotations (data-kinds="suggestion"). */
  suggestions: SuggestionDto[]
  selectedId: string | null
  /** The latest review of each reviewed fix: a fix's tooltip and label say who decided and why. */
  reviews?: Map<string, ReviewDto>
  onSegmentClick: (ids: string[], rect: DOMRect, event: React.MouseEvent) => void
}

/**
 * The article as readers see it, with highlights. Each paragraph is memoised on the annotations
 * that touch it, so saving an annotation re-renders only the paragraphs it overlaps.
 */
const NO_REVIEWS = new Map<string, ReviewDto>()

export function ArticleText({ body, language = 'en', annotations, suggestions, selectedId, reviews = NO_REVIEWS, onSegmentClick }: Props) {
  const paragraphs = useMemo(() => splitParagraphs(body, new OffsetMap(body)), [body])
  // Keep each paragraph's annotation list identical between renders when nothing in it changed.
  const cache = useRef(new Map<number, { key: string; list: Mark[] }>())
  const marks = useMemo<Mark[]>(() => {
    if (!suggestions.length) return annotations
    const all: Mark[] = [...annotations, ...suggestions.map((x) => ({ ...x, kind: 'suggestion' as const, status: 'open' as const, version: 0 }))]
    return all.sort((a, b) => a.start - b.start || a.end - b.end)
  }, [annotations, suggestions])
  const perParagraph = useMemo(() => {
    const lists = annotationsByParagraph(paragraphs, marks)
    return lists.map((list, i) => {
      const key = list.map((a) => `${a.id}:${a.version}:${a.status}:${a.start}:${a.end}`).join('|')
      const prev = cache.current.get(i)
      if (prev && prev.key === key) return prev.list
      cache.current.set(i, { key, list })
      return list
    })
  }, [paragraphs, marks])
  const byId = useMemo(() => new Map<string, Mark>(marks.map((a) => [a.id, a])), [marks])
  // The selected annotation's outline is a class set on its spans, not part of the paragraphs'
  // HTML: selecting (J/K, a click) redraws nothing, so a selection being made in the text survives.
  const root = useRef<HTMLDivElement>(null)
  // Highlights arriving later (suggestions, a colleague's save) rewrite a paragraph's HTML, which
  // would drop the reader's caret or selection in it: note it while rendering, put it back after.
  const kept = useRef<{ start: number; end: number } | null>(null)
  const lastMarks = useRef(marks)
  if (lastMarks.current !== marks && root.current && typeof window !== 'undefined') {
    const sel = window.getSelection()
    const range = sel && sel.rangeCount ? sel.getRangeAt(0) : null
    const start = range ? pointToOffset(root.current, range.startContainer, range.startOffset) : null
    const end = range ? pointToOffset(root.current, range.endContainer, range.endOffset) : null
    kept.current = start !== null && end !== null ? { start, end } : null
  }
  lastMarks.current = marks
  useLayoutEffect(() => {
    const k = kept.current
    kept.current = null
    if (k && root.current) selectOffsets(root.current, k.start, k.end)
  }, [perParagraph])
  useLayoutEffect(() => {
    const el = root.current
    if (!el) return
    for (const span of el.querySelectorAll('.hl-selected')) span.classList.remove('hl-selected')
    if (selectedId) for (const span of el.querySelectorAll(`[data-ids~="${CSS.escape(selectedId)}"]`)) span.classList.add('hl-selected')
  }, [selectedId, perParagraph])
  // Each highlight says what it is in words, not colour alone: an accessible label (kind, state,
  // correction) and a small tag after its last word. Set after paint, on spans that do not have
  // them yet (a paragraph whose annotations changed gets new spans), so the server's HTML and the
  // first paint stay as light as before.
  useEffect(() => {
    // After the next frame is painted, not before it, and a few paragraphs at a time (top first):
    // 2,000 highlights took one 50 ms task, which held back the frames and keys behind it.
    let timer: ReturnType<typeof setTimeout> | undefined
    const frame = requestAnimationFrame(() => {
      const paragraphs = root.current ? Array.from(root.current.querySelectorAll<HTMLElement>('p[data-s]')) : []
      let next = 0
      const slice = () => {
        const until = performance.now() + LABEL_SLICE_MS
        while (next < paragraphs.length && performance.now() < until) labelParagraph(paragraphs[next++], byId, reviews)
        if (next < paragraphs.length) timer = setTimeout(slice)
      }
      timer = setTimeout(slice)
    })
    return () => {
      cancelAnimationFrame(frame)
      clearTimeout(timer)
    }
  }, [perParagraph, byId, reviews])
  return (
    <div
      ref={root}
      lang={language}
      dir={directionOf(language)}
      className="article-text font-serif text-[1.075rem] leading-8 text-stone-900"
      onClick={(e) => {
        const seg = (e.target as HTMLElement).closest<HTMLElement>('[data-ids]')
        if (!seg || !window.getSelection()?.isCollapsed) return
        onSegmentClick(seg.dataset.ids!.split(' '), seg.getBoundingClientRect(), e)
      }}
      onMouseOver={(e) => {
        // The fix (or verdict, or speaker) as a tooltip, built only when the pointer gets there.
        const seg = (e.target as HTMLElement).closest<HTMLElement>('[data-ids]')
        if (seg) seg.title = describeSegment(seg.dataset.ids!.split(' '), byId, reviews).join('\n')
      }}
    >
      {paragraphs.map((p, i) => (
        <ParagraphView key={p.index} paragraph={p} annotations={perParagraph[i]} />
      ))}
    </div>
  )
}

/** What each annotation on a highlighted run is, in words (its tooltip and accessible label). */
function describeSegment(ids: string[], byId: Map<string, Mark>, reviews: Map<string, ReviewDto>): string[] {
  return ids
    .map((id) => byId.get(id))
    .filter((a): a is Mark => Boolean(a))
    .map((a) => markLabel(a, reviews.get(a.id)))
}

/** How long one slice of labelling may run before it lets the page paint and answer keys. */
const LABEL_SLICE_MS = 8

/**
 * Give a paragraph's highlights their labels (role group, so the label is its name) and put the
 * tag of each annotation that ends there (its last run in the text). Every span is checked, and
 * written only where its words changed: a verdict or a correction edited elsewhere does not change
 * the paragraph's HTML, so its spans stay while what they must say does not.
 */
function labelParagraph(p: HTMLElement, byId: Map<string, Mark>, reviews: Map<string, ReviewDto>) {
  if (!p.isConnected) return
  const spans = p.querySelectorAll<HTMLElement>('[data-ids]')
  if (!spans.length) return
  const paragraphEnd = Number(p.dataset.e)
  const last = new Map<string, HTMLElement>()
  for (const span of spans) {
    const ids = span.dataset.ids!.split(' ')
    const label = describeSegment(ids, byId, reviews).join('; ') || 'Annotation'
    if (span.getAttribute('aria-label') !== label) {
      span.setAttribute('role', 'group')
      span.setAttribute('aria-label', label)
    }
    for (const id of ids) last.set(id, span)
  }
  const tags = new Map<HTMLElement, string[]>()
  for (const [id, span] of last) {
    const a = byId.get(id)
    // Not after suggestions: their dotted line says what they are, and dozens of tags would bury
    // the text (each is named, and its tooltip says its check and message).
    if (!a || a.kind === 'suggestion' || a.end > paragraphEnd) continue // (or it goes on into the next paragraph)
    tags.set(span, [...(tags.get(span) ?? []), markTag(a)])
  }
  for (const span of spans) {
    const tag = tags.has(span) ? [...new Set(tags.get(span))].join(', ') : undefined
    if (span.dataset.tag !== tag) {
      if (tag === undefined) delete span.dataset.tag
      else span.dataset.tag = tag
    }
  }
}

type ParagraphProps = {
  paragraph: Paragraph
  annotations: Mark[]
}

/**
 * One paragraph. Its inside is one HTML string (paragraphHtml: the text escaped, annotated runs
 * as spans), so the browser hydrates 250 paragraphs of a transcript rather than thousands of
 * spans, and clicks and tooltips are handled once, on the article (the spans carry data-ids).
 */
const ParagraphView = memo(
  function ParagraphView({ paragraph, annotations }: ParagraphProps) {
    return <p data-s={paragraph.start} data-e={paragraph.end} dangerouslySetInnerHTML={{ __html: paragraphHtml(paragraph, annotations) }} />
  },
  (a, b) => a.paragraph === b.paragraph && a.annotations === b.annotations,
)
