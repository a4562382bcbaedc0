'use client'
import { useEffect, useRef } from 'react'
import { usePathname, useSearchParams } from 'next/navigation'
import { OPEN_MENU_EVENT } from '@/components/header-menu'

/** The header's search box: a plain GET form to /search; `/` anywhere (but in a field) focuses it. */
export function SearchBox() {
  const input = useRef<HTMLInputElement>(null)
  const path = usePathname()
  const params = useSearchParams()
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return
      const t = e.target as HTMLElement | null
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return
      e.preventDefault()
      // On a narrow screen the box is in the header's closed menu: open it first (it opens before
      // the event returns, so the box can take the focus at once).
      if (input.current && !input.current.checkVisibility()) window.dispatchEvent(new Event(OPEN_MENU_EVENT))
      input.current?.focus()
      input.current?.select()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])
  return (
    <form role="search" action="/search" method="get" className="lg:max-w-xs lg:flex-1">
      <label htmlFor="desk-search" className="sr-only">
        Search articles, annotations and comments
      </label>
      <input
        ref={input}
        id="desk-search"
        name="q"
        type="search"
        key={path === '/search' ? (params.get('q') ?? '') : 'elsewhere'}
        defaultValue={path === '/search' ? (params.get('q') ?? '') : ''}
        placeholder="Search the desk (press /)"
        maxLength={999}
        className="w-full rounded border border-stone-300 px-2 py-1 text-sm"
        data-testid="search-box"
      />
    </form>
  )
}
