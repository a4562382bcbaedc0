'use client'
import { useEffect, useRef } from 'react'
import { usePathname, useSearchParams } from 'next/navigation'
import { OPEN_MENU_EVENT } from '@/components/header-menu'

type EarlySlash = { __galleySlash?: { ready?: boolean; pressed?: boolean } }

/**
 * `/` before the page is interactive: a few lines the header sends inline, run as soon as they
 * arrive, long before React has hydrated the box. They do what the box's own key handler does
 * (focus and select it), and if the box is not on the page yet they remember the press for the
 * box to act on when it mounts. Once the box is hydrated (`ready`) they stand aside.
 */
export const EARLY_SLASH_SCRIPT = `(function(){var s=window.__galleySlash=window.__galleySlash||{};document.addEventListener('keydown',function(e){if(s.ready||e.key!=='/'||e.ctrlKey||e.metaKey||e.altKey||e.defaultPrevented)return;var t=e.target;if(t&&(t.isContentEditable||/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))return;e.preventDefault();var i=document.getElementById('desk-search');if(i&&i.offsetParent!==null){i.focus();i.select()}else s.pressed=true})})()`

/** The header's search box: a plain GET form to /search; `/` anywhere (but in a field) focuses it. */
export function SearchBox() {
  const input = useRef<HTMLInputElement>(null)
  const path = usePathname()
  const params = useSearchParams()
  useEffect(() => {
    // Hydrated: the early handler (EARLY_SLASH_SCRIPT) stands aside; a press it kept is acted on.
    const early = ((window as EarlySlash).__galleySlash ??= {})
    early.ready = true
    if (early.pressed) {
      early.pressed = false
      // After the parents' effects too: the header's menu (a phone) listens for its open event only then.
      setTimeout(() => {
        if (document.activeElement && document.activeElement !== document.body) return
        if (input.current && !input.current.checkVisibility()) window.dispatchEvent(new Event(OPEN_MENU_EVENT))
        input.current?.focus()
        input.current?.select()
      }, 0)
    }
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
