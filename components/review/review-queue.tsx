'use client'

import Link from 'next/link'
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { QueueItem } from '@/lib/types/desk'
import { When } from '@/components/when'
import { quote, thousands } from '@/lib/format/words'
import { Comments } from '@/components/comments'
import { NoticeBanner, type Notice } from '@/components/notice'
import { ApiRequestError, callApi } from '@/components/call-api'
import { liveStatusText, useLiveStream } from '@/lib/live/client'
import type { LiveEvent } from '@/lib/types/live'
import type { ReviewQueuePage } from '@/lib/types/desk'
import type { AnnotationDto } from '@/lib/types/desk'
import { UndoBar, UNDO_MS, useDecisionGate } from '@/components/annotator/suggestion-undo'

/** A decision the reviewer can still take back from this page (Z or the bar's button). */
type UndoableReview = { item: QueueItem; index: number; reviewId: string; decision: 'approve' | 'reject'; until: number }

/**
 * The list with the fixes of one group (made together by "fix every occurrence") side by side,
 * where the first of them is: a reviewer sees them together.
 */
function groupTogether(items: QueueItem[]): QueueItem[] {
  const byGroup = new Map<string, QueueItem[]>()
  for (const x of items) if (x.fix.groupId) byGroup.set(x.fix.groupId, [...(byGroup.get(x.fix.groupId) ?? []), x])
  const out: QueueItem[] = []
  const placed = new Set<string>()
  for (const x of items) {
    const g = x.fix.groupId
    if (!g) out.push(x)
    else if (!placed.has(g)) {
      placed.add(g)
      out.push(...byGroup.get(g)!.sort((a, b) => (a.article.id === b.article.id ? a.fix.start - b.fix.start : 0)))
    }
  }
  return out
}

/** A refused decision; `stale`: the fix changed or was decided meanwhile, so reload to see it as it is. */
type Refusal = { text: string; stale: boolean }

function countText(start: number, shown: number, total: number, own: number): string {
  const end = start + shown - 1
  const main = total === 0 ? 'Nothing waiting for you.' : `Showing ${thousands(start)}–${thousands(Math.max(start, end))} of ${thousands(total)} open fix${total === 1 ? '' : 'es'}.`
  return own > 0 ? `${main} ${thousands(own)} of your own ${own === 1 ? 'fix is' : 'fixes are'} waiting for another reviewer (not listed).` : main
}

/**
 * Open fixes as redlines with Approve/Reject; disabled buttons say why. Live: fixes proposed
 * meanwhile join the end of the list, and fixes someone else decided stay where they are, marked
 * "approved by …" with their buttons gone, so nothing moves under the reviewer.
 */
export function ReviewQueue({ initial, total: initialTotal = initial.length, own: initialOwn = 0, start = 1, articleId, firstPage = true, liveSince = '0', viewerId }: { initial: QueueItem[]; total?: number; own?: number; start?: number; articleId?: string; firstPage?: boolean; liveSince?: string; viewerId?: string }) {
  const [items, setItems] = useState(initial)
  const [total, setTotal] = useState(initialTotal)
  const [own, setOwn] = useState(initialOwn)
  // Fixes that left the queue through someone else: why (shown in place of their buttons).
  const [gone, setGone] = useState<Record<string, string>>({})
  const [changedElsewhere, setChangedElsewhere] = useState(false)
  const reasons = useRef<Record<string, string>>({})
  const refetch = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const itemsRef = useRef(items)
  itemsRef.current = items
  const decidedHere = useRef(new Set<string>())
  const fetchSeq = useRef(0)
  /** Every change of the list goes through here, so itemsRef is never behind a pending render. */
  const updateItems = useCallback((next: (list: QueueItem[]) => QueueItem[]) => {
    itemsRef.current = next(itemsRef.current)
    setItems(itemsRef.current)
  }, [])
  const reload = useCallback(() => {
    clearTimeout(refetch.current)
    refetch.current = setTimeout(async () => {
      const mine = ++fetchSeq.current
      try {
        const limit = Math.min(200, Math.max(50, itemsRef.current.length + 10))
        const page = await callApi<ReviewQueuePage>('GET', `/api/review-queue?limit=${limit}${articleId ? `&article=${encodeURIComponent(articleId)}` : ''}`)
        setTotal(page.total)
        setOwn(page.own)
        if (mine !== fetchSeq.current) return // an older answer after a newer one
        const fresh = new Map(page.items.map((x) => [x.fix.id, x]))
        const current = itemsRef.current
        // Fixes this page did not get back: left the queue, unless the page was full (they may be further on).
        const full = page.items.length >= limit
        const left = full ? [] : current.filter((x) => !fresh.has(x.fix.id) && !decidedHere.current.has(x.fix.id)).map((x) => x.fix.id)
        if (left.length) setGone((g) => ({ ...g, ...Object.fromEntries(left.filter((id) => !g[id]).map((id) => [id, reasons.current[id] ?? 'No longer open: someone else changed it.'])) }))
        const known = new Set(current.map((x) => x.fix.id))
        updateItems(() => [...current.map((x) => fresh.get(x.fix.id) ?? x), ...page.items.filter((x) => !known.has(x.fix.id) && !decidedHere.current.has(x.fix.id))])
      } catch {
        // the next event, or the reconnect's replay, tries again
      }
    }, 150)
  }, [articleId, updateItems])
  useEffect(() => () => clearTimeout(refetch.current), [])
  const onLive = useCallback(
    (e: LiveEvent) => {
      const d = e.data
      if (articleId && d.articleId !== articleId) return
      const fixId = d.type === 'review' ? d.annotationId : d.type === 'annotation' ? d.id : undefined
      // A decision taken back: the fix is open again, back in the list at the next reload.
      if (fixId && d.type === 'review' && d.action === 'undone') {
        delete reasons.current[fixId]
        setGone((g) => {
          if (!g[fixId]) return g
          const { [fixId]: _, ...rest } = g
          return rest
        })
      } else if (fixId && d.actor.id !== viewerId) {
        if (d.type === 'review') reasons.current[fixId] = `${d.action === 'approved' ? 'Approved' : 'Rejected'} by ${d.actor.name}.`
        else if (d.action === 'deleted' || d.action === 'dismissed') reasons.current[fixId] = `${d.action === 'deleted' ? 'Deleted' : 'Dismissed'} by ${d.actor.name}.`
      }
      if (d.type === 'revision' && d.action === 'published') for (const id of d.applied ?? []) reasons.current[id] ??= `Published by ${d.actor.name}.`
      if (firstPage) reload()
      else setChangedElsewhere(true)
    },
    [articleId, firstPage, reload, viewerId],
  )
  const liveStatus = useLiveStream('/api/review-queue/events', liveSince, { onEvent: onLive, onResync: reload })
  // The fix the keys act on, by id: live arrivals join (or group) around it and never move A/R onto another.
  const [activeId, setActiveId] = useState<string | null>(null)
  const [comments, setComments] = useState<Record<string, string>>({})
  const [refusals, setRefusals] = useState<Record<string, Refusal>>({})
  const [last, setLast] = useState<Notice | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const ordered = useMemo(() => groupTogether(items), [items])
  // Where the active fix is; once it has left the list (decided here or elsewhere), the fix now at
  // its last place — the next one, as a reviewer working down the queue expects.
  const lastIndex = useRef(0)
  const found = ordered.findIndex((x) => x.fix.id === activeId)
  const active = found >= 0 ? found : Math.max(0, Math.min(lastIndex.current, ordered.length - 1))
  lastIndex.current = active
  const orderedRef = useRef(ordered)
  orderedRef.current = ordered
  const setActive = useCallback((next: number | ((i: number) => number)) => {
    const i = typeof next === 'function' ? next(lastIndex.current) : next
    lastIndex.current = i
    setActiveId(orderedRef.current[i]?.fix.id ?? null)
  }, [])
  // Each group's fixes still waiting in this list (a group is offered whole only with two or more).
  const groups = useMemo(() => {
    const m = new Map<string, QueueItem[]>()
    for (const x of ordered) if (x.fix.groupId && !gone[x.fix.id]) m.set(x.fix.groupId, [...(m.get(x.fix.groupId) ?? []), x])
    return m
  }, [ordered, gone])
  const [groupRefusals, setGroupRefusals] = useState<Record<string, string>>({})
  const decideGroup = useCallback(
    async (groupId: string, decision: 'approve' | 'reject') => {
      const members = groups.get(groupId) ?? []
      if (busy || members.length < 2 || members.some((x) => x.blockedReason)) return
      setBusy(groupId)
      try {
        await callApi('POST', `/api/fix-groups/${groupId}/review`, { decision, comment: comments[groupId] || null, fixes: members.map((x) => ({ id: x.fix.id, version: x.fix.version })) })
      } catch (err) {
        setGroupRefusals((r) => ({ ...r, [groupId]: (err as Error).message }))
        return
      } finally {
        setBusy(null)
      }
      const ids = new Set(members.map((x) => x.fix.id))
      for (const id of ids) decidedHere.current.add(id)
      updateItems((list) => list.filter((x) => !ids.has(x.fix.id)))
      setTotal((t) => Math.max(0, t - ids.size))
      const f = members[0].fix
      setLast({ tone: 'ok', text: `${decision === 'approve' ? 'Approved' : 'Rejected'} ${ids.size} fixes together: “${f.exact}” → “${f.correction || '(delete)'}”.` })
    },
    [busy, comments, groups, updateItems],
  )

  // The last single decision, for UNDO_MS; a second A or R on the fix the first one moved to, this
  // soon, is a double tap (ignored), as on the annotate page's suggestions.
  const [undoable, setUndoable] = useState<UndoableReview | null>(null)
  const undoRef = useRef(undoable)
  undoRef.current = undoable
  useEffect(() => {
    if (!undoable) return
    const t = setTimeout(() => setUndoable(null), Math.max(0, undoable.until - Date.now()))
    return () => clearTimeout(t)
  }, [undoable])
  const gate = useDecisionGate()

  const decide = useCallback(
    async (item: QueueItem, decision: 'approve' | 'reject', byKey = false) => {
      if (item.blockedReason || busy || gone[item.fix.id]) return
      setBusy(item.fix.id)
      let reviewId = ''
      const ran = await gate.run(async () => {
        try {
          const res = await callApi<{ review: { id: string } }>('POST', `/api/annotations/${item.fix.id}/review`, { decision, comment: comments[item.fix.id] || null, version: item.fix.version })
          reviewId = res.review.id
        } catch (err) {
          const stale = err instanceof ApiRequestError && err.status === 409
          setRefusals((r) => ({ ...r, [item.fix.id]: { text: (err as Error).message, stale } }))
        }
      })
      setBusy(null)
      if (!ran || !reviewId) return
      const index = itemsRef.current.findIndex((x) => x.fix.id === item.fix.id)
      decidedHere.current.add(item.fix.id)
      updateItems((list) => list.filter((x) => x.fix.id !== item.fix.id))
      setTotal((t) => Math.max(0, t - 1))
      // The fix that now takes its place is where the keys act: a second tap there is no decision
      // (after a key; a key pressed after a click is meant).
      const at = orderedRef.current.findIndex((x) => x.fix.id === item.fix.id)
      gate.movedTo(byKey ? (orderedRef.current[at + 1]?.fix.id ?? null) : null)
      setUndoable({ item, index, reviewId, decision, until: Date.now() + UNDO_MS })
      setLast({ tone: 'ok', text: `${decision === 'approve' ? 'Approved' : 'Rejected'}: ${quote(item.fix.exact)} → ${item.fix.correction ? quote(item.fix.correction) : '(delete)'}. Press Z to undo.` })
    },
    [busy, comments, gone, updateItems, gate],
  )

  /** Take back the last decision: the fix is open again, back where it was, with the keys on it. */
  const undo = useCallback(async () => {
    const u = undoRef.current
    if (!u || u.until < Date.now()) return
    setUndoable(null)
    await gate.run(async () => {
      try {
        const res = await callApi<{ fix: AnnotationDto }>('POST', `/api/annotations/${u.item.fix.id}/review/undo`, { reviewId: u.reviewId })
        const back: QueueItem = { ...u.item, fix: { ...u.item.fix, ...res.fix } }
        decidedHere.current.delete(u.item.fix.id)
        updateItems((list) => {
          const rest = list.filter((x) => x.fix.id !== back.fix.id)
          return [...rest.slice(0, Math.max(0, u.index)), back, ...rest.slice(Math.max(0, u.index))]
        })
        setTotal((t) => t + 1)
        setActiveId(back.fix.id)
        setLast({ tone: 'ok', text: `Took back the ${u.decision === 'approve' ? 'approval' : 'rejection'}: ${quote(u.item.fix.exact)} is open for review again.` })
      } catch (err) {
        setLast({ tone: 'error', text: (err as Error).message })
      }
    })
  }, [gate, updateItems])

  // A layout effect: the keys act on the list on screen (after paint, a key could reach the handler of the list before).
  useLayoutEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.metaKey || e.ctrlKey || e.altKey || (e.target as HTMLElement).closest('input, textarea, select, dialog')) return
      const item = ordered[active]
      const key = e.key.toLowerCase()
      if (key === 'j') setActive((i) => Math.min(ordered.length - 1, i + 1))
      else if (key === 'k') setActive((i) => Math.max(0, i - 1))
      else if (key === 'z' && undoRef.current) {
        e.preventDefault()
        void undo()
      } else if (item && (key === 'a' || key === 'r') && gate.keyCounts(item.fix.id, e.repeat)) decide(item, key === 'a' ? 'approve' : 'reject', true)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [ordered, active, decide, setActive, undo, gate])
  // A decided fix leaves the list, with the button that may have had the focus: in the same
  // commit the focus goes to the outcome (the next Tab reaches the next fix), never to nowhere.
  useLayoutEffect(() => {
    if (last && (!document.activeElement || document.activeElement === document.body)) document.querySelector<HTMLElement>('[data-testid="review-outcome"]')?.focus({ preventScroll: true })
  }, [last])

  return (
    <div className="space-y-3">
      <p className="text-sm text-stone-700" data-testid="queue-count" aria-live="polite">
        {countText(start, items.filter((x) => !gone[x.fix.id]).length, total, own)}{' '}
        <span data-testid="live-status" data-status={liveStatus} className="ml-2 text-xs text-stone-500">
          {liveStatusText(liveStatus)}
        </span>
      </p>
      {changedElsewhere && <NoticeBanner notice={{ tone: 'ok', text: 'The queue changed meanwhile: go back to the first page to see it as it is now.' }} />}
      <NoticeBanner notice={last} testId="review-outcome" focusable />
      {undoable && <UndoBar text={`${undoable.decision === 'approve' ? 'Approved' : 'Rejected'} ${quote(undoable.item.fix.exact.length > 40 ? `${undoable.item.fix.exact.slice(0, 39)}…` : undoable.item.fix.exact)}.`} onUndo={() => void undo()} />}
      {items.length === 0 && <p className="text-stone-600">No open fixes. Nothing to review.</p>}
      {ordered.map((item, i) => {
        const f = item.fix
        const refusal = refusals[f.id]
        const left = gone[f.id]
        const group = f.groupId ? groups.get(f.groupId) : undefined
        const inGroup = group && group.length > 1 ? group : null
        const groupBlocked = inGroup?.find((x) => x.blockedReason)?.blockedReason ?? null
        return (
          <div key={f.id} className="space-y-3">
          {inGroup && inGroup[0].fix.id === f.id && (
            <section data-testid="fix-group" data-group={f.groupId} aria-label={`${inGroup.length} fixes of every occurrence`} className="rounded-lg border border-sky-300 bg-sky-50 p-3 text-sm text-sky-950">
              <p>
                <strong>{inGroup.length} fixes made together</strong>, one for each occurrence of “{f.exact}” → “{f.correction || '(delete)'}” in {item.article.title}. Each is its own fix: decide on them one by one below, or on all of them at once.
              </p>
              <div className="mt-2 flex flex-wrap items-center gap-2">
                <input
                  aria-label="Review comment for the group"
                  placeholder="Review comment for all of them (optional)"
                  value={comments[f.groupId!] ?? ''}
                  onChange={(e) => setComments((c) => ({ ...c, [f.groupId!]: e.target.value }))}
                  className="min-w-[12rem] flex-1 rounded border border-sky-300 bg-white px-2 py-1"
                  disabled={Boolean(groupBlocked)}
                />
                <button type="button" onClick={() => void decideGroup(f.groupId!, 'approve')} disabled={Boolean(groupBlocked)} aria-disabled={busy === f.groupId || undefined} title={groupBlocked ?? undefined} className="rounded bg-emerald-700 px-3 py-1 font-medium text-white hover:bg-emerald-800 disabled:cursor-not-allowed disabled:opacity-50">
                  Approve all {inGroup.length}
                </button>
                <button type="button" onClick={() => void decideGroup(f.groupId!, 'reject')} disabled={Boolean(groupBlocked)} aria-disabled={busy === f.groupId || undefined} title={groupBlocked ?? undefined} className="rounded border border-red-300 bg-white px-3 py-1 font-medium text-red-700 hover:bg-red-50 disabled:cursor-not-allowed disabled:opacity-50">
                  Reject all {inGroup.length}
                </button>
              </div>
              {groupBlocked && <p className="mt-1 text-stone-600">{groupBlocked}</p>}
              {groupRefusals[f.groupId!] && <NoticeBanner notice={{ tone: 'error', text: groupRefusals[f.groupId!] }} testId="fix-group-error" className="mt-2" />}
            </section>
          )}
          <article
            key={f.id}
            data-testid="queue-item"
            data-id={f.id}
            data-gone={left ? 'true' : undefined}
            onClick={() => setActive(i)}
            className={`rounded-lg border bg-white p-4 ${i === active ? 'border-stone-900 ring-1 ring-stone-900' : 'border-stone-200'}`}
          >
            <div className="mb-2 flex flex-wrap items-baseline gap-x-3 text-sm text-stone-600">
              <Link href={`/articles/${item.article.id}`} className="font-medium text-stone-900 hover:underline">
                {item.article.title}
              </Link>
              <span className="rounded bg-stone-100 px-1.5 text-xs uppercase tracking-wide">{f.category}</span>
              <span>by {f.createdByName}</span>
              {inGroup && <span data-testid="group-member" className="rounded bg-sky-100 px-1.5 text-xs text-sky-900">{inGroup.indexOf(item) + 1} of {inGroup.length} in a group</span>}
              <When at={f.createdAt} time />
            </div>
            <p className="font-serif leading-7" data-testid="redline">
              {item.context.before}
              <del className="bg-red-50 text-red-700">{item.context.exact}</del>
              {f.correction ? <ins className="bg-emerald-50 text-emerald-800 no-underline">{f.correction}</ins> : null}
              {item.context.after}
            </p>
            {f.textChanged && (
              <p className="mt-2 rounded border border-amber-300 bg-amber-50 px-2 py-1 text-sm text-amber-900" data-testid="text-changed">
                <strong>Text changed since {f.textChanged.wasApproved ? 'approval' : 'it was proposed'}: needs review.</strong>{' '}
                {f.textChanged.from === f.exact ? (
                  <>The words around {quote(f.exact)} changed{f.textChanged.revision ? ` in revision ${f.textChanged.revision}` : ''}.</>
                ) : (
                  <>
                    It was for “<del>{f.textChanged.from}</del>”; the text{f.textChanged.revision ? ` of revision ${f.textChanged.revision}` : ''} now says “<ins className="no-underline">{f.exact}</ins>”.
                  </>
                )}
              </p>
            )}
            {f.note && <p className="mt-2 whitespace-pre-wrap text-sm text-stone-700">Note: {f.note}</p>}
            <details className="mt-2 text-sm" open={item.comments.length > 0}>
              <summary className="cursor-pointer text-stone-600">Comments ({item.comments.length})</summary>
              <div className="mt-2">
                <Comments annotationId={f.id} initial={item.comments} />
              </div>
            </details>
            {left ? (
              <p className="mt-3 rounded border border-stone-300 bg-stone-100 px-2 py-1 text-sm text-stone-700" data-testid="queue-item-gone" role="status">
                {left}
              </p>
            ) : (
            <div className="mt-3 flex flex-wrap items-center gap-2">
              <input
                aria-label="Review comment"
                placeholder="Review comment (optional)"
                value={comments[f.id] ?? ''}
                onChange={(e) => setComments((c) => ({ ...c, [f.id]: e.target.value }))}
                className="min-w-0 grow basis-full rounded border border-stone-300 px-2 py-1 text-sm sm:basis-0"
                disabled={Boolean(item.blockedReason)}
              />
              <button
                type="button"
                onClick={() => decide(item, 'approve')}
                disabled={Boolean(item.blockedReason)}
                aria-disabled={busy === f.id || undefined}
                title={item.blockedReason ?? 'Approve (A)'}
                className="rounded bg-emerald-700 px-3 py-1 text-sm font-medium text-white hover:bg-emerald-800 disabled:cursor-not-allowed disabled:opacity-50"
              >
                Approve (A)
              </button>
              <button
                type="button"
                onClick={() => decide(item, 'reject')}
                disabled={Boolean(item.blockedReason)}
                aria-disabled={busy === f.id || undefined}
                title={item.blockedReason ?? 'Reject (R)'}
                className="rounded border border-red-300 px-3 py-1 text-sm font-medium text-red-700 hover:bg-red-50 disabled:cursor-not-allowed disabled:opacity-50"
              >
                Reject (R)
              </button>
            </div>
            )}
            {item.blockedReason && (
              <p className="mt-2 text-sm text-stone-500" data-testid="blocked-reason">
                {item.blockedReason}
              </p>
            )}
            {refusal && (
              <NoticeBanner notice={{ tone: 'error', text: refusal.text }} testId="queue-item-error" className="mt-2">
                {refusal.stale && (
                  <button type="button" onClick={() => window.location.reload()} className="ml-2 rounded border border-red-300 bg-white px-2 py-0.5 text-xs font-medium">
                    Reload the queue
                  </button>
                )}
              </NoticeBanner>
            )}
          </article>
          </div>
        )
      })}
    </div>
  )
}
