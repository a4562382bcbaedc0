'use client'
/**
 * The browser side of the live desk, shared by every page that is live: one EventSource per page
 * (browsers allow six HTTP/1.1 connections per site across all tabs), reconnecting by itself with
 * the last event id so the server replays what was missed, never applying an event twice, and
 * saying when it is disconnected. Every event is also announced on `window` as `galley:live`, so
 * small widgets (the header's review count) follow without a stream of their own.
 */
import { useEffect, useRef, useState } from 'react'
import { LIVE_EVENT_NAMES, type LiveEvent, type LiveEventName, type LiveStreamEnd } from '@/lib/types/live'

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'ended'
export type LiveHandlers = {
  onEvent: (event: LiveEvent) => void
  /** The server could not replay (an unknown position): refetch everything. */
  onResync?: () => void
  /** The server ended the stream for good (signed out, not allowed, article deleted). */
  onEnd?: (end: LiveStreamEnd) => void
}
export const LIVE_WINDOW_EVENT = 'galley:live'

/**
 * Follow `url` from log position `since` (the position the page was rendered at). Handlers may
 * change between renders; the connection does not.
 */
export function useLiveStream(url: string, since: string, handlers: LiveHandlers): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting')
  const handlersRef = useRef(handlers)
  handlersRef.current = handlers
  // Only the first position counts: a page re-rendered later (router.refresh) keeps its stream.
  const sinceRef = useRef(since)
  useEffect(() => {
    let last = BigInt(sinceRef.current || '0')
    let source: EventSource | null = null
    let retry: ReturnType<typeof setTimeout> | undefined
    let attempt = 0
    let stopped = false

    const connect = () => {
      source?.close()
      const sep = url.includes('?') ? '&' : '?'
      const es = new EventSource(`${url}${sep}lastEventId=${last}`)
      source = es
      es.onopen = () => {
        attempt = 0
        setStatus('live')
      }
      es.onerror = (e) => {
        if (stopped || es !== source) return
        // Our own `event: error` frames carry data; a network error does not.
        const data = (e as MessageEvent).data
        if (typeof data === 'string' && data) {
          const end = JSON.parse(data) as LiveStreamEnd
          if (end.code !== 'unavailable') {
            stopped = true
            es.close()
            setStatus('ended')
            handlersRef.current.onEnd?.(end)
            return
          }
        }
        setStatus('reconnecting')
        // EventSource retries by itself after a dropped connection, but gives up for good on an
        // HTTP error (a proxy's 502 while an instance restarts): then start a new one, backing off.
        if (es.readyState === EventSource.CLOSED || (typeof data === 'string' && data)) {
          es.close()
          clearTimeout(retry)
          retry = setTimeout(connect, Math.min(15_000, 1_000 * 2 ** attempt++))
        }
      }
      const onFrame = (name: LiveEventName) => (m: MessageEvent) => {
        const seq = m.lastEventId ? BigInt(m.lastEventId) : last
        if (name !== 'presence') {
          if (seq <= last) return // replayed twice across a reconnect: applied already
          last = seq
        }
        const event: LiveEvent = { seq: seq.toString(), name, data: JSON.parse(m.data) }
        handlersRef.current.onEvent(event)
        window.dispatchEvent(new CustomEvent(LIVE_WINDOW_EVENT, { detail: event }))
      }
      for (const name of LIVE_EVENT_NAMES) es.addEventListener(name, onFrame(name) as EventListener)
      es.addEventListener('resync', ((m: MessageEvent) => {
        if (m.lastEventId) last = BigInt(m.lastEventId)
        handlersRef.current.onResync?.()
      }) as EventListener)
    }
    connect()
    return () => {
      stopped = true
      clearTimeout(retry)
      source?.close()
    }
  }, [url])
  return status
}

/** The status, said in words for the page. */
export function liveStatusText(status: LiveStatus): string {
  if (status === 'live') return 'Live'
  if (status === 'connecting') return 'Connecting…'
  if (status === 'reconnecting') return 'Disconnected — reconnecting; changes made meanwhile will appear when it is back'
  return 'Live updates stopped'
}
