'use client'

import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { STATE_COLOURS, type OverviewState } from './states'

/** One thing to show on the strip: where it sits in the text (code points) and what it is. */
export type OverviewMark = { id: string; start: number; end: number; lane: 'claim' | 'quote' | 'error' | 'suggestion'; state: OverviewState }

const LANES = ['claim', 'quote', 'error', 'suggestion'] as const
const LANE_X = { claim: 2, quote: 8, error: 14, suggestion: 20 } as const
const LANE_W = 4
const WIDTH = 26
/** A click this close to a mark (CSS pixels) jumps to that mark. */
const HIT = 6
/** The strip's height in path units (it is stretched to the strip's height in pixels). */
const SCALE = 1000

/**
 * The whole article at a glance, beside it: claims, quotes, errors and suggestions in four lanes
 * (so the kind is told by place as well as colour), each coloured by its state, with the part on
 * screen marked. Drawn as one SVG path per lane and state, in the server's HTML: 2,000 marks are
 * some 30 elements and paint with the page, before any script runs (a few bytes a mark: marks
 * that touch at the strip's resolution are drawn as one). A click jumps to the
 * nearest mark (or to that place in the text), and from the keyboard the arrow keys step from mark
 * to mark (Home and End: first and last), each announced with its kind, state and words.
 */
export function OverviewStrip({ textLength, marks, selectedId, onJump, textRoot, labelOf }: { textLength: number; marks: OverviewMark[]; selectedId: string | null; onJump: (id: string) => void; textRoot: React.RefObject<HTMLElement | null>; labelOf: (id: string) => string }) {
  const box = useRef<HTMLDivElement>(null)
  const [viewport, setViewport] = useState<{ top: number; bottom: number } | null>(null)
  const sorted = useMemo(() => [...marks].sort((a, b) => a.start - b.start || a.end - b.end), [marks])
  const length = Math.max(1, textLength)
  const paths = useMemo(() => stripPaths(sorted, length), [sorted, length])

  // The part of the text on screen, by paragraph: found by bisecting the paragraphs' positions.
  useEffect(() => {
    const root = textRoot.current
    if (!root) return
    let frame = 0
    const update = () => {
      frame = 0
      const ps = root.querySelectorAll<HTMLElement>('p[data-s]')
      if (!ps.length) return
      const first = bisect(ps, (p) => p.getBoundingClientRect().bottom > 0)
      const last = bisect(ps, (p) => p.getBoundingClientRect().top >= window.innerHeight) - 1
      if (first >= ps.length || last < 0 || last < first) return setViewport(null)
      setViewport({ top: Number(ps[first].dataset.s) / length, bottom: Number(ps[last].dataset.e) / length })
    }
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(update)
    }
    update()
    window.addEventListener('scroll', schedule, { passive: true })
    window.addEventListener('resize', schedule)
    return () => {
      window.removeEventListener('scroll', schedule)
      window.removeEventListener('resize', schedule)
      if (frame) cancelAnimationFrame(frame)
    }
  }, [textRoot, length])

  const current = selectedId ? sorted.findIndex((m) => m.id === selectedId) : -1
  const jumpTo = useCallback((i: number) => sorted[i] && onJump(sorted[i].id), [sorted, onJump])

  const onClick = (e: React.MouseEvent) => {
    const rect = box.current!.getBoundingClientRect()
    const y = e.clientY - rect.top
    let best = -1
    let bestDistance = Infinity
    for (let i = 0; i < sorted.length; i++) {
      const top = (sorted[i].start / length) * rect.height
      const bottom = Math.max(top + 2, (sorted[i].end / length) * rect.height)
      const d = y < top ? top - y : y > bottom ? y - bottom : 0
      if (d < bestDistance) [best, bestDistance] = [i, d]
    }
    if (best >= 0 && bestDistance <= HIT) return jumpTo(best)
    // Between marks: to that place in the text.
    const at = (y / rect.height) * length
    const ps = textRoot.current?.querySelectorAll<HTMLElement>('p[data-s]')
    if (!ps?.length) return
    const i = Math.min(ps.length - 1, bisect(ps, (p) => Number(p.dataset.e) > at))
    ps[i].scrollIntoView({ block: 'start', behavior: reducedMotion() ? 'auto' : 'smooth' })
  }

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!sorted.length) return
    // Nothing selected yet: forwards starts at the first mark, backwards at the last.
    const steps: Record<string, number> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1, PageDown: 10, PageUp: -10 }
    const last = sorted.length - 1
    let to: number | null = null
    if (e.key === 'Home') to = 0
    else if (e.key === 'End') to = last
    else if (steps[e.key]) to = current < 0 ? (steps[e.key] > 0 ? 0 : last) : Math.max(0, Math.min(last, current + steps[e.key]))
    if (to === null) return
    e.preventDefault()
    e.stopPropagation()
    jumpTo(to)
  }

  const m = current >= 0 ? sorted[current] : null
  const percent = m ? Math.round((100 * m.start) / length) : 0
  return (
    <div className="flex h-full flex-col items-center gap-1">
      <div
        ref={box}
        role="slider"
        tabIndex={0}
        aria-label="Overview of the article: arrow keys jump from mark to mark"
        aria-orientation="vertical"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={m ? `${current + 1} of ${sorted.length}: ${labelOf(m.id)}` : `${sorted.length} marks; none selected`}
        data-testid="overview-strip"
        data-marks={sorted.length}
        data-drawn="true"
        onClick={onClick}
        onKeyDown={onKeyDown}
        className="relative min-h-0 flex-1 cursor-pointer rounded bg-white ring-1 ring-stone-200 focus:outline-none focus-visible:ring-2 focus-visible:ring-stone-900"
        style={{ width: WIDTH, minHeight: 120 }}
      >
        {/* Drawn on the server with the page (no script needed to see it), one path per lane and state. */}
        <svg aria-hidden="true" viewBox={`0 0 ${WIDTH} ${SCALE}`} preserveAspectRatio="none" className="absolute inset-0 h-full w-full">
          {LANES.map((lane) => (
            <line key={lane} x1={LANE_X[lane] + LANE_W / 2} x2={LANE_X[lane] + LANE_W / 2} y1={0} y2={SCALE} stroke="#f5f5f4" strokeWidth={LANE_W} vectorEffect="non-scaling-stroke" />
          ))}
          {paths.map((p) => (
            <path key={`${p.lane}-${p.state}`} data-lane={p.lane} data-state={p.state} d={p.d} stroke={STATE_COLOURS[p.state]} strokeWidth={LANE_W} strokeLinecap="square" vectorEffect="non-scaling-stroke" fill="none" />
          ))}
        </svg>
        {viewport && (
          <div
            aria-hidden="true"
            data-testid="overview-viewport"
            className="pointer-events-none absolute inset-x-0 rounded-sm border-2 border-stone-800/70 bg-stone-800/10"
            style={{ top: `${viewport.top * 100}%`, height: `max(6px, ${(viewport.bottom - viewport.top) * 100}%)` }}
          />
        )}
        {m && <div aria-hidden="true" className="pointer-events-none absolute -left-1 -right-1 h-0.5 bg-stone-900" style={{ top: `${(m.start / length) * 100}%` }} />}
      </div>
      <span className="text-[10px] leading-none text-stone-500" aria-hidden="true" title="Lanes: claims, quotes, errors, suggestions">
        C Q E S
      </span>
    </div>
  )
}

/** The first index whose element passes (the elements are in text order, so positions ascend). */
function bisect(list: NodeListOf<HTMLElement>, passes: (el: HTMLElement) => boolean): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (passes(list[mid])) hi = mid
    else lo = mid + 1
  }
  return lo
}

export function reducedMotion(): boolean {
  return typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches
}


/**
 * One path per lane and state: each mark a vertical stroke from its start to its end (in SCALE
 * units of the text's length), marks that touch merged, written with relative moves so a mark
 * costs a few bytes. Square caps with a non-scaling stroke keep the shortest mark visible (4 px).
 */
export function stripPaths(sorted: OverviewMark[], length: number): Array<{ lane: OverviewMark['lane']; state: OverviewState; d: string }> {
  const groups = new Map<string, { lane: OverviewMark['lane']; state: OverviewState; runs: Array<[number, number]> }>()
  for (const m of sorted) {
    const key = `${m.lane} ${m.state}`
    let g = groups.get(key)
    if (!g) groups.set(key, (g = { lane: m.lane, state: m.state, runs: [] }))
    const y0 = Math.min(SCALE, Math.floor((m.start / length) * SCALE))
    const y1 = Math.min(SCALE, Math.max(y0, Math.round((m.end / length) * SCALE)))
    const last = g.runs[g.runs.length - 1]
    if (last && y0 <= last[1] + 1) last[1] = Math.max(last[1], y1)
    else g.runs.push([y0, y1])
  }
  return [...groups.values()].map((g) => {
    const x = LANE_X[g.lane] + LANE_W / 2
    let d = ''
    let at = 0
    for (const [y0, y1] of g.runs) {
      d += d ? `m0 ${y0 - at}v${y1 - y0}` : `M${x} ${y0}v${y1 - y0}`
      at = y1
    }
    return { lane: g.lane, state: g.state, d }
  })
}
