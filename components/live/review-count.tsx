'use client'

import Link from 'next/link'
import { useEffect, useRef, useState } from 'react'
import { callApi } from '@/components/call-api'
import { LIVE_WINDOW_EVENT } from '@/lib/live/client'
import { changesQueue, type LiveEvent } from '@/lib/types/live'
import { count as countOf, thousands } from '@/lib/format/words'

/**
 * "Review queue (3)" in the header. It follows whatever live stream the page has open (through
 * the `galley:live` window event), so it needs no connection of its own.
 */
export function ReviewCount({ initial, className = 'hover:text-stone-900' }: { initial: number | null; className?: string }) {
  // null: the server's count has not streamed in yet (the link shows no number meanwhile).
  const [count, setCount] = useState<number | null>(initial)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => setCount(initial), [initial])
  useEffect(() => {
    function onLive(e: Event) {
      if (!changesQueue((e as CustomEvent<LiveEvent>).detail.data)) return
      clearTimeout(timer.current)
      timer.current = setTimeout(() => {
        callApi<{ total: number }>('GET', '/api/review-queue/count').then(
          (page) => setCount(page.total),
          () => undefined,
        )
      }, 300)
    }
    window.addEventListener(LIVE_WINDOW_EVENT, onLive)
    return () => {
      window.removeEventListener(LIVE_WINDOW_EVENT, onLive)
      clearTimeout(timer.current)
    }
  }, [])
  return (
    <Link href="/review" className={className} data-testid="nav-review">
      Review queue{' '}
      {count !== null && (
        <span data-testid="review-count" aria-label={`${countOf(count, 'open fix', 'open fixes')} for you to review`} className="rounded-full bg-stone-100 px-1.5 text-xs font-medium text-stone-700">
          {thousands(count)}
        </span>
      )}
    </Link>
  )
}
