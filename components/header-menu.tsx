'use client'

import { useEffect, useRef, useState } from 'react'
import { flushSync } from 'react-dom'
import { usePathname } from 'next/navigation'

export const DESK_MENU_ID = 'desk-menu'

/**
 * The header's links, search and account on a narrow screen: behind a Menu button (a disclosure),
 * so the bar fits a phone's 390 px. From `lg` up the button is gone and the panel's children sit
 * in the bar itself (`display: contents`), in the same order as on a phone: one DOM, one tab order.
 * Escape or a click outside closes it (Escape gives the focus back to the button); a new page
 * closes it too.
 */
export function HeaderMenu({ children }: { children: React.ReactNode }) {
  const [open, setOpen] = useState(false)
  const button = useRef<HTMLButtonElement>(null)
  const panel = useRef<HTMLDivElement>(null)
  const path = usePathname()
  useEffect(() => setOpen(false), [path])
  useEffect(() => {
    if (!open) return
    const outside = (e: Event) => {
      const t = e.target as Node
      if (!panel.current?.contains(t) && !button.current?.contains(t)) setOpen(false)
    }
    const escape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return
      setOpen(false)
      // Back to the button only from inside the menu: Escape elsewhere is that place's own.
      if (panel.current?.contains(document.activeElement) || document.activeElement === button.current) button.current?.focus()
    }
    document.addEventListener('pointerdown', outside)
    document.addEventListener('keydown', escape)
    return () => {
      document.removeEventListener('pointerdown', outside)
      document.removeEventListener('keydown', escape)
    }
  }, [open])
  // `/` (the search box's key) on a phone with a keyboard: the box is in the closed menu, so open it first.
  useEffect(() => {
    // Synchronously, so whoever asked can move the focus into the menu straight after.
    const onOpen = () => flushSync(() => setOpen(true))
    window.addEventListener(OPEN_MENU_EVENT, onOpen)
    return () => window.removeEventListener(OPEN_MENU_EVENT, onOpen)
  }, [])
  return (
    <>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={DESK_MENU_ID}
        onClick={() => setOpen((o) => !o)}
        data-testid="menu-button"
        className="ml-auto inline-flex items-center gap-1.5 rounded border border-stone-300 px-2.5 py-1 text-sm hover:bg-stone-100 lg:hidden"
      >
        <svg aria-hidden="true" viewBox="0 0 16 16" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round">
          {open ? <path d="M4 4l8 8M12 4l-8 8" /> : <path d="M2.5 4.5h11M2.5 8h11M2.5 11.5h11" />}
        </svg>
        Menu
      </button>
      <div
        ref={panel}
        id={DESK_MENU_ID}
        data-testid="desk-menu"
        className={`${open ? 'flex' : 'hidden'} w-full flex-col gap-3 border-t border-stone-200 pt-3 lg:contents`}
      >
        {children}
      </div>
    </>
  )
}

/** Asks the header's menu to open (the search box's `/` when the box is out of sight). */
export const OPEN_MENU_EVENT = 'galley:open-menu'
