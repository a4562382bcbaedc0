'use client'

import { useRouter } from 'next/navigation'
import { useRef } from 'react'
import { liveStatusText, useLiveStream } from '@/lib/live/client'

/**
 * For server-rendered lists (the article list): re-render the page when the desk's events say its
 * figures changed — counts, statuses, who is viewing — at most once every two seconds. Scroll
 * position and anything typed are kept (router.refresh merges, it does not reload).
 */
export function LiveRefresh({ since }: { since: string }) {
  const router = useRouter()
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const status = useLiveStream('/api/events', since, {
    onEvent: () => {
      if (timer.current) return
      timer.current = setTimeout(() => {
        timer.current = undefined
        router.refresh()
      }, 2_000)
    },
    onResync: () => router.refresh(),
  })
  return (
    <span data-testid="live-status" data-status={status} className="text-xs text-stone-500">
      {liveStatusText(status)}
    </span>
  )
}
