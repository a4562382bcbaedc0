'use client'

import { useLayoutEffect, useRef, useState } from 'react'
import { placeToolbar, type Side } from './placement'
import { rangeOf } from './dom-offsets'

type Kind = 'claim' | 'quote' | 'error'

/** A box's viewport position as `top`/`left` for an absolutely positioned element in `el`'s containing block. */
function toContainer(el: HTMLElement, top: number, left: number): { top: number; left: number } {
  const parent = el.offsetParent as HTMLElement | null
  if (!parent || (parent === document.body && getComputedStyle(parent).position === 'static')) return { top: top + window.scrollY, left: left + window.scrollX }
  const r = parent.getBoundingClientRect()
  return { top: top - r.top - parent.clientTop + parent.scrollTop, left: left - r.left - parent.clientLeft + parent.scrollLeft }
}

/**
 * Claim, Quote, Error for the selected words, next to them and never over them (placement.ts):
 * above, or below at the top of the screen; below first on a touch screen. Positioned in the page,
 * not the screen, so it stays beside the words when the page scrolls. The words (code points in
 * `root`'s text) are measured as it is placed: the layout may have moved since they were selected.
 */
/** `drafts`: the kinds with a draft kept for these words (marked "draft" on their buttons). */
export function SelectionToolbar({ root, words, onPick, drafts }: { root: React.RefObject<HTMLElement | null>; words: { start: number; end: number; rect: DOMRect }; onPick: (kind: Kind) => void; drafts?: ReadonlySet<Kind> }) {
  const ref = useRef<HTMLDivElement>(null)
  const [at, setAt] = useState<{ top: number; left: number; side: Side } | null>(null)
  useLayoutEffect(() => {
    const place = () => {
      const el = ref.current
      if (!el) return
      const selection = (root.current && rangeOf(root.current, words.start, words.end)?.getBoundingClientRect()) || words.rect
      const prefer: Side = window.matchMedia('(pointer: coarse)').matches ? 'below' : 'above'
      const spot = placeToolbar({ selection, size: { width: el.offsetWidth, height: el.offsetHeight }, viewport: { width: document.documentElement.clientWidth, height: window.innerHeight }, prefer })
      setAt({ ...toContainer(el, spot.top, spot.left), side: spot.side })
    }
    place()
    window.addEventListener('resize', place)
    return () => window.removeEventListener('resize', place)
  }, [root, words])
  return (
    <div
      ref={ref}
      role="toolbar"
      aria-label="Mark selection"
      data-testid="selection-toolbar"
      data-side={at?.side}
      className="absolute z-20 flex gap-1 rounded-md border border-stone-300 bg-white p-1 shadow-lg"
      style={at ? { top: at.top, left: at.left } : { top: 0, left: 0, visibility: 'hidden' }}
    >
      {(['claim', 'quote', 'error'] as const).map((k) => (
        <button key={k} type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => onPick(k)} className="rounded px-2 py-1 text-sm hover:bg-stone-100 pointer-coarse:px-3 pointer-coarse:py-2">
          {k === 'claim' ? 'Claim (C)' : k === 'quote' ? 'Quote (Q)' : 'Error (E)'}
          {drafts?.has(k) && <span className="ml-1 rounded bg-sky-100 px-1 text-xs text-sky-900">draft</span>}
        </button>
      ))}
    </div>
  )
}
