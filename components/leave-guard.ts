'use client'

import { useEffect, useRef } from 'react'
import { useRouter } from 'next/navigation'

type GuardState = { galleyLeaveGuard?: string }

/**
 * While `active` (a form holds text that is not saved), leaving the page is asked first:
 *
 * - a reload, a closed tab or a full-page navigation: the browser's own question (beforeunload;
 *   browsers show their own words, not ours);
 * - a link inside the desk (Next.js navigates without unloading): `ask()`, the page's accessible
 *   confirmation dialog, before the router goes;
 * - Back (and Forward) within the desk: also without unloading, and the browser cannot be stopped
 *   once it has moved. So while active, one extra history entry for this same page sits on top:
 *   Back first lands on it — the page stays as it is — and `ask()` decides whether to go on back.
 *   The entry is taken off again when the guard ends, so Back never needs two presses.
 */
export function useLeaveGuard(active: boolean, ask: () => Promise<boolean>): void {
  const router = useRouter()
  const askRef = useRef(ask)
  askRef.current = ask
  useEffect(() => {
    if (!active) return
    // A guard entry left from before a reload (the browser keeps an entry's state) is this page's
    // guard again: another on top of it would take two Backs to leave.
    const left = (window.history.state as GuardState | null)?.galleyLeaveGuard
    const marker = left ?? Math.random().toString(36).slice(2)
    const onTop = () => (window.history.state as GuardState | null)?.galleyLeaveGuard === marker
    // Next.js copies its own state into the entry (its patched pushState); no URL: the same page.
    if (!left) window.history.pushState({ galleyLeaveGuard: marker }, '')
    let leaving = false
    let asking = false

    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (leaving) return
      e.preventDefault()
      e.returnValue = '' // older browsers want it set
    }
    const onPopState = () => {
      if (leaving || onTop() || asking) return
      // Back took the guard entry off: this page is still showing. Ask, then go on or put it back.
      asking = true
      void askRef.current().then((ok) => {
        asking = false
        if (ok) {
          leaving = true
          window.history.back()
        } else window.history.pushState({ galleyLeaveGuard: marker }, '')
      })
    }
    const onClick = (e: MouseEvent) => {
      if (leaving || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
      const link = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null
      if (!link || (link.target && link.target !== '_self') || link.hasAttribute('download')) return
      const url = new URL(link.href, window.location.href)
      // Another site, a download or export (/api), or a place on this same page: nothing is left.
      if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return
      if (url.pathname === window.location.pathname && url.search === window.location.search) return
      // Before Next.js's own handler (React listens further down) and the browser's default.
      e.preventDefault()
      e.stopPropagation()
      void askRef.current().then((ok) => {
        if (!ok) return
        leaving = true
        const href = url.pathname + url.search + url.hash
        // In place of the guard entry, so Back from there comes straight back here.
        if (onTop()) router.replace(href)
        else router.push(href)
      })
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    window.addEventListener('popstate', onPopState)
    window.addEventListener('click', onClick, true)
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload)
      window.removeEventListener('popstate', onPopState)
      window.removeEventListener('click', onClick, true)
      // Saved, discarded or closed: the guard entry goes, so the next Back leaves at once.
      if (!leaving && onTop()) window.history.back()
    }
  }, [active, router])
}
