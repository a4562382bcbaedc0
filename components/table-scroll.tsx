'use client'

import { useEffect, useRef, useState } from 'react'

/**
 * A table wider than a phone: it scrolls sideways inside its own box, so the page never does.
 * Named (a region), and focusable while it overflows, so a keyboard can scroll it too (axe's
 * scrollable-region-focusable); where it fits, it is no tab stop.
 */
export function TableScroll({ label, className = '', children }: { label: string; className?: string; children: React.ReactNode }) {
  const box = useRef<HTMLDivElement>(null)
  const [overflows, setOverflows] = useState(false)
  useEffect(() => {
    const el = box.current
    if (!el) return
    const check = () => setOverflows(el.scrollWidth > el.clientWidth + 1)
    check()
    const watch = new ResizeObserver(check)
    watch.observe(el)
    if (el.firstElementChild) watch.observe(el.firstElementChild)
    return () => watch.disconnect()
  }, [])
  return (
    <div ref={box} role="region" aria-label={label} tabIndex={overflows ? 0 : undefined} data-overflows={overflows || undefined} className={`max-w-full overflow-x-auto ${className}`}>
      {children}
    </div>
  )
}
