'use client'

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react'
import { useSearchParams } from 'next/navigation'

type PlaceState = { galleySidebarScroll?: number }

/** A filter value as the URL may carry it (the select's option values: short lowercase words). */
const VALUE = /^[a-z_]{1,24}$/

/**
 * The sidebar's filters and how far its panel is scrolled, kept across Back/Forward and reload:
 * the filters in the page's URL (?kind=error&status=open: a link to the filtered view works too),
 * the scroll position in the history entry's state (it belongs to that visit, not to the link).
 * Every key of `defaults` is a filter; a value left at its default is left out of the URL.
 * `ready`: the panel's content has arrived (suggestions load after the page), so a scroll
 * position far down can be reached.
 */
export function useSidebarPlace<F extends Record<string, string>>(defaults: F, scroller: React.RefObject<HTMLElement | null>, ready: boolean): [F, (filters: F) => void] {
  const params = useSearchParams()
  const [filters, setFiltersState] = useState<F>(() => {
    const out = { ...defaults }
    for (const key of Object.keys(defaults) as (keyof F & string)[]) {
      const v = params.get(key)
      if (v && VALUE.test(v)) out[key] = v as F[typeof key]
    }
    return out
  })
  const setFilters = useCallback(
    (next: F) => {
      setFiltersState(next)
      const url = new URL(window.location.href)
      for (const key of Object.keys(defaults)) {
        if (next[key] === defaults[key]) url.searchParams.delete(key)
        else url.searchParams.set(key, next[key])
      }
      // Replaced, not pushed: Back leaves the page rather than stepping through filter changes.
      // Without Next.js's own keys, so it copies them in and its router learns the new URL.
      window.history.replaceState({ galleySidebarScroll: (window.history.state as PlaceState | null)?.galleySidebarScroll } satisfies PlaceState, '', url.pathname + url.search + url.hash)
    },
    [defaults],
  )

  // ── Scroll: written shortly after scrolling stops, and before any click (it may leave the page).
  const pending = useRef<number | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const restoring = useRef<number | null>(null)
  useEffect(() => {
    const el = scroller.current
    if (!el) return
    const flush = () => {
      clearTimeout(timer.current)
      if (pending.current === null) return
      const top = pending.current
      pending.current = null
      // With Next.js's keys kept, its patched replaceState passes this straight to the browser.
      window.history.replaceState({ ...(window.history.state ?? {}), galleySidebarScroll: top }, '')
    }
    const onScroll = () => {
      if (restoring.current !== null) return
      pending.current = el.scrollTop
      clearTimeout(timer.current)
      timer.current = setTimeout(flush, 150) // browsers limit how often history may be written
    }
    el.addEventListener('scroll', onScroll, { passive: true })
    window.addEventListener('click', flush, true)
    window.addEventListener('pagehide', flush)
    return () => {
      el.removeEventListener('scroll', onScroll)
      window.removeEventListener('click', flush, true)
      window.removeEventListener('pagehide', flush)
      clearTimeout(timer.current)
    }
  }, [scroller])
  // Back at this entry: scroll the panel where it was, as soon as its content is tall enough.
  useLayoutEffect(() => {
    const top = (window.history.state as PlaceState | null)?.galleySidebarScroll
    if (typeof top === 'number' && top > 0) restoring.current = top
  }, [])
  useLayoutEffect(() => {
    const el = scroller.current
    const top = restoring.current
    if (top === null || !el) return
    el.scrollTop = top
    if (Math.abs(el.scrollTop - top) < 2 || ready) restoring.current = null
  })
  return [filters, setFilters]
}
