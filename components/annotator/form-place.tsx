'use client'

import { useLayoutEffect, useRef, useState } from 'react'
import { besideOffset, scrollAboveSheet } from './placement'
import { rangeOf } from './dom-offsets'

/** Tailwind's `lg`: from here the page has its side column, beside the article. */
const WIDE = '(min-width: 64rem)'
/** The CSS highlight that keeps the words being marked in sight while the focus is in the form. */
const PENDING_HIGHLIGHT = 'galley-pending'

function useWide(): boolean {
  // The form opens only after a click or a key, never in the server's HTML: the query can be read at once.
  const [wide, setWide] = useState(() => window.matchMedia(WIDE).matches)
  useLayoutEffect(() => {
    const query = window.matchMedia(WIDE)
    const change = () => setWide(query.matches)
    query.addEventListener('change', change)
    return () => query.removeEventListener('change', change)
  }, [])
  return wide
}

/**
 * Where the annotation form opens. On a wide screen: in the side column, level with the selected
 * words (beside them). On a narrower one: a bottom sheet over the lower part of the screen, the
 * page scrolled so the words sit in sight above it (a spacer as tall as the sheet gives the page
 * room to scroll that far). Either way the words keep a highlight of their own while the focus is
 * in the form (the browser's selection does not show once a field has the focus). `words`: a new
 * annotation's code points in `root`'s text (null when editing one: the form then opens at the
 * column's top, or as the sheet where the page is).
 */
export function FormPlace({ root, words, children }: { root: React.RefObject<HTMLElement | null>; words: { start: number; end: number } | null; children: React.ReactNode }) {
  const wide = useWide()
  const [range, setRange] = useState<Range | null>(null)
  useLayoutEffect(() => setRange(words && root.current ? rangeOf(root.current, words.start, words.end) : null), [root, words])
  const box = useRef<HTMLDivElement>(null)
  const [offset, setOffset] = useState(0)
  const [sheetHeight, setSheetHeight] = useState(0)
  // The words' own highlight, for as long as the form is open.
  useLayoutEffect(() => {
    if (!range || typeof Highlight === 'undefined' || !CSS.highlights) return
    CSS.highlights.set(PENDING_HIGHLIGHT, new Highlight(range))
    return () => void CSS.highlights.delete(PENDING_HIGHLIGHT)
  }, [range])
  // Placed once as it opens (the focus is already in its first field), and again when it grows.
  const placed = useRef<boolean>(false)
  useLayoutEffect(() => {
    placed.current = false
    const el = box.current
    if (!el) return
    const place = () => {
      const words = range?.getBoundingClientRect()
      if (wide) {
        const columnTop = el.getBoundingClientRect().top - (parseFloat(el.style.marginTop) || 0)
        const level = (selectionTop: number) => besideOffset({ selectionTop, columnTop, formHeight: el.offsetHeight, viewportHeight: window.innerHeight })
        // Level with the words as it opens; later, when it grows, only moved up as far as it must to stay on the screen.
        if (placed.current) setOffset((o) => Math.min(o, level(Infinity)))
        else setOffset(words ? level(words.top) : 0)
        placed.current = true
        return
      }
      setSheetHeight(el.offsetHeight)
      if (!words || placed.current) return
      placed.current = true
      const by = scrollAboveSheet({ selection: words, sheetTop: el.getBoundingClientRect().top })
      if (by) window.scrollBy({ top: by, behavior: 'instant' })
    }
    place()
    const watch = new ResizeObserver(place)
    watch.observe(el)
    return () => watch.disconnect()
  }, [range, wide])
  // One tree for both places (only classes change), so crossing the breakpoint keeps what was typed.
  return (
    <>
      {/* Room to scroll the words above the sheet, however near the end of the page they are. */}
      <div aria-hidden="true" style={{ height: wide ? 0 : sheetHeight }} />
      <div
        ref={box}
        data-testid="form-place"
        data-place={wide ? 'beside' : 'sheet'}
        style={{ marginTop: wide ? offset : 0 }}
        className={wide ? '' : 'fixed inset-x-0 bottom-0 z-30 max-h-[60dvh] overflow-y-auto overscroll-contain rounded-t-xl border-t border-stone-300 bg-white px-1 pt-2 pb-[env(safe-area-inset-bottom)] shadow-[0_-8px_24px_rgb(0_0_0/0.12)] [&>form]:rounded-none [&>form]:border-0'}
      >
        {!wide && <div aria-hidden="true" className="mx-auto h-1 w-10 rounded-full bg-stone-300" />}
        {children}
      </div>
    </>
  )
}
