'use client'

import { memo, useMemo, useRef } from 'react'
import type { AnnotationDto } from '@/lib/db/annotations'
import { OffsetMap } from '@/lib/text/offsets'
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
  return (
    <div className="article-text font-serif text-[1.075rem] leading-8 text-stone-900">
      {paragraphs.map((p, i) => {
        const list = perParagraph[i]
        const selected = selectedId && list.some((a) => a.id === selectedId) ? selectedId : null
        return <ParagraphView key={p.index} paragraph={p} annotations={list} selectedId={selected} onSegmentClick={onSegmentClick} />
      })}
    </div>
  )
}

type ParagraphProps = {
  paragraph: Paragraph
  annotations: AnnotationDto[]
  selectedId: string | null
  onSegmentClick: Props['onSegmentClick']
}

const ParagraphView = memo(
  function ParagraphView({ paragraph, annotations, selectedId, onSegmentClick }: ParagraphProps) {
    const segments = segmentParagraph(paragraph, annotations)
    const byId = new Map(annotations.map((a) => [a.id, a]))
    return (
      <p className="mb-5" data-s={paragraph.start} data-e={paragraph.end}>
        {segments.map((seg) => {
          // Plain text needs no element: the DOM mapping counts text nodes inside the paragraph.
          if (seg.ids.length === 0) return seg.text
          const covering = seg.ids.map((id) => byId.get(id)!).filter(Boolean)
          const kinds = [...new Set(covering.map((a) => a.kind))]
          const errors = covering.filter((a) => a.kind === 'error')
          const title = covering
            .map((a) => (a.kind === 'error' ? `Error: “${a.exact}” → “${a.correction === '' ? '(delete)' : a.correction}”` : a.kind === 'claim' ? `Claim (${(a.verdict ?? '').replace('_', ' ')})` : `Quote${a.speaker ? ` — ${a.speaker}` : ''}`))
            .join('\n')
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
              title={title}
              style={covering.length > 1 ? ({ '--stack': covering.length } as React.CSSProperties) : undefined}
              onClick={(e) => {
                if (!window.getSelection()?.isCollapsed) return
                onSegmentClick(seg.ids, (e.currentTarget as HTMLElement).getBoundingClientRect(), e)
              }}
            >
              {seg.text}
            </span>
          )
        })}
      </p>
    )
  },
  (a, b) => a.paragraph === b.paragraph && a.annotations === b.annotations && a.selectedId === b.selectedId && a.onSegmentClick === b.onSegmentClick,
)
