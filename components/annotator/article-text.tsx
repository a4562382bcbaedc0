'use client'

import { memo, useMemo, useRef } from 'react'
import type { AnnotationDto } from '@/lib/db/annotations'
import { OffsetMap } from '@/lib/text/offsets'
import { verdictLabel } from '@/lib/validation/vocabulary'
import { annotationsByParagraph, segmentParagraph, splitParagraphs, type Paragraph } from './segments'

type Props = {
  body: string
  annotations: AnnotationDto[]
  selectedId: string | null
  onSegmentClick: (ids: string[], rect: DOMRect, event: React.MouseEvent) => void
}

const KIND_CLASS: Record<string, string> = {
  claim: 'hl-claim',
  quote: 'hl-quote',
  error: 'hl-error',
  applied: 'hl-applied',
}

/**
 * The article as readers see it, with highlights. Each paragraph is memoised on the annotations
 * that touch it, so saving an annotation re-renders only the paragraphs it overlaps.
 */
export function ArticleText({ body, annotations, selectedId, onSegmentClick }: Props) {
  const paragraphs = useMemo(() => splitParagraphs(body, new OffsetMap(body)), [body])
  // Keep each paragraph's annotation list identical between renders when nothing in it changed.
  const cache = useRef(new Map<number, { key: string; list: AnnotationDto[] }>())
  const perParagraph = useMemo(() => {
    const lists = annotationsByParagraph(paragraphs, annotations)
    return lists.map((list, i) => {
      const key = list.map((a) => `${a.id}:${a.version}:${a.status}:${a.start}:${a.end}`).join('|')
      const prev = cache.current.get(i)
      if (prev && prev.key === key) return prev.list
      cache.current.set(i, { key, list })
      return list
    })
  }, [paragraphs, annotations])
  const byId = useMemo(() => new Map(annotations.map((a) => [a.id, a])), [annotations])
  return (
    <div
      className="article-text font-serif text-[1.075rem] leading-8 text-stone-900"
      onClick={(e) => {
        const seg = (e.target as HTMLElement).closest<HTMLElement>('[data-ids]')
        if (!seg || !window.getSelection()?.isCollapsed) return
        onSegmentClick(seg.dataset.ids!.split(' '), seg.getBoundingClientRect(), e)
      }}
      onMouseOver={(e) => {
        // The fix (or verdict, or speaker) as a tooltip, built only when the pointer gets there.
        const seg = (e.target as HTMLElement).closest<HTMLElement>('[data-ids]')
        if (seg) seg.title = describeSegment(seg.dataset.ids!.split(' '), byId)
      }}
    >
      {paragraphs.map((p, i) => {
        const list = perParagraph[i]
        const selected = selectedId && list.some((a) => a.id === selectedId) ? selectedId : null
        return <ParagraphView key={p.index} paragraph={p} annotations={list} selectedId={selected} />
      })}
    </div>
  )
}

/** Tooltip text for a highlighted run: each error's fix, each claim's verdict, each quote's speaker. */
function describeSegment(ids: string[], byId: Map<string, AnnotationDto>): string {
  return ids
    .map((id) => byId.get(id))
    .filter((a): a is AnnotationDto => Boolean(a))
    .map((a) => (a.status === 'applied' ? `Corrected: was “${a.originalExact}”` : a.kind === 'error' ? `Error: “${a.exact}” → “${a.correction === '' ? '(delete)' : a.correction}”` : a.kind === 'claim' ? `Claim (${verdictLabel(a.verdict)})` : `Quote${a.speaker ? ` — ${a.speaker}` : ''}`))
    .join('\n')
}

type ParagraphProps = {
  paragraph: Paragraph
  annotations: AnnotationDto[]
  selectedId: string | null
}

const ParagraphView = memo(
  function ParagraphView({ paragraph, annotations, selectedId }: ParagraphProps) {
    const segments = segmentParagraph(paragraph, annotations)
    const byId = new Map(annotations.map((a) => [a.id, a]))
    return (
      <p className="mb-5" data-s={paragraph.start} data-e={paragraph.end}>
        {segments.map((seg) => {
          // Plain text needs no element: the DOM mapping counts text nodes inside the paragraph.
          if (seg.ids.length === 0) return seg.text
          const covering = seg.ids.map((id) => byId.get(id)!).filter(Boolean)
          // A published fix marks the corrected words, not an error to strike through.
          const kinds = [...new Set(covering.map((a) => (a.status === 'applied' ? 'applied' : a.kind)))]
          const errors = covering.filter((a) => a.kind === 'error' && a.status !== 'applied')
          const className = [
            'hl',
            ...kinds.map((k) => KIND_CLASS[k]),
            covering.length > 1 ? 'hl-stacked' : '',
            errors.some((e) => e.status === 'approved') ? 'hl-approved' : '',
            errors.length > 0 && errors.every((e) => e.status === 'rejected') ? 'hl-rejected' : '',
            selectedId && seg.ids.includes(selectedId) ? 'hl-selected' : '',
          ]
            .filter(Boolean)
            .join(' ')
          return (
            <span
              key={seg.start}
              data-s={seg.start}
              data-ids={seg.ids.join(' ')}
              data-kinds={kinds.join(' ')}
              className={className}
            >
              {seg.text}
            </span>
          )
        })}
      </p>
    )
  },
  (a, b) => a.paragraph === b.paragraph && a.annotations === b.annotations && a.selectedId === b.selectedId,
)
