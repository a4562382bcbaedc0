'use client'

import { useEffect } from 'react'

/** How long a touch selection must rest before the toolbar is offered (the handles are still moving before that). */
const SETTLE_MS = 250

/**
 * Selecting by touch (a long press, then the handles) ends with no mouseup, so the toolbar would
 * never come: after a touch, a selection that settles inside `root` is offered like a mouse one.
 * A mouse keeps its mouseup (no toolbar flickering along while dragging).
 */
export function useTouchSelection(root: React.RefObject<HTMLElement | null>, offer: () => boolean): void {
  useEffect(() => {
    let touched = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const onPointerDown = (e: PointerEvent) => {
      touched = e.pointerType === 'touch' || e.pointerType === 'pen'
    }
    const onSelectionChange = () => {
      if (!touched) return
      clearTimeout(timer)
      timer = setTimeout(() => {
        const sel = window.getSelection()
        if (sel && !sel.isCollapsed && root.current?.contains(sel.anchorNode)) offer()
      }, SETTLE_MS)
    }
    document.addEventListener('pointerdown', onPointerDown, { capture: true, passive: true })
    document.addEventListener('selectionchange', onSelectionChange)
    return () => {
      clearTimeout(timer)
      document.removeEventListener('pointerdown', onPointerDown, { capture: true })
      document.removeEventListener('selectionchange', onSelectionChange)
    }
  }, [root, offer])
}
