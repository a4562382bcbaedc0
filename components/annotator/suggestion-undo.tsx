'use client'

import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { SuggestionDto } from '@/lib/types/suggestions'

/** How long a single-key decision on a suggestion can be undone from the page (Z or the toast's button). */
export const UNDO_MS = 10_000
/**
 * A second decision key this soon after one, on the suggestion the first decision moved the
 * selection to, is a double tap (or a bounce), not a decision: it is ignored. 600 ms is longer than
 * a double tap (about 250–400 ms) and shorter than reading the next suggestion.
 */
export const DOUBLE_TAP_MS = 600

/** A decision that can still be taken back: the suggestion as it was, and the fix it became (accepted). */
export type Undoable = { decision: 'accepted' | 'dismissed'; suggestion: SuggestionDto; annotationId: string | null; until: number; /** The page's message that reported it (announced with "press Z to undo"). */ notice?: unknown }

/**
 * The last decision on a suggestion, offered for undo for UNDO_MS; `offer` replaces it (only the
 * latest decision can be undone from the page), `take` hands it over once and forgets it.
 */
export function useUndoable() {
  const [undoable, setUndoable] = useState<Undoable | null>(null)
  useEffect(() => {
    if (!undoable) return
    const t = setTimeout(() => setUndoable(null), Math.max(0, undoable.until - Date.now()))
    return () => clearTimeout(t)
  }, [undoable])
  const offer = useCallback((u: Omit<Undoable, 'until'>) => setUndoable({ ...u, until: Date.now() + UNDO_MS }), [])
  const ref = useRef(undoable)
  ref.current = undoable
  const take = useCallback(() => {
    const u = ref.current
    if (u && u.until > Date.now()) {
      setUndoable(null)
      return u
    }
    return null
  }, [])
  /**
   * Whether there is something to undo now — read from the last render, not from a key handler's
   * closure: the handler is re-registered in an effect, which may run after the toast is already
   * on screen, and a Z pressed in between must not be lost.
   */
  const available = useCallback(() => ref.current !== null && ref.current.until > Date.now(), [])
  return { undoable, offer, take, available, clear: useCallback(() => setUndoable(null), []) }
}

/**
 * One decision at a time, and no double taps: `busy` while a decision (or an undo) is on its way
 * to the server; `auto` is the suggestion the last decision selected by itself, and `at` when that
 * decision's key was pressed.
 */
export function useDecisionGate() {
  const gate = useRef<{ busy: boolean; auto: string | null; at: number }>({ busy: false, auto: null, at: 0 })
  /** Whether a decision key on this suggestion should count (false: repeat, bounce or double tap). */
  const keyCounts = useCallback((suggestionId: string, repeat: boolean) => {
    const g = gate.current
    if (repeat || g.busy) return false
    return !(g.auto === suggestionId && performance.now() - g.at < DOUBLE_TAP_MS)
  }, [])
  /** Run one decision; false (and nothing done) while another is running. */
  const run = useCallback(async (work: () => Promise<void>) => {
    const g = gate.current
    if (g.busy) return false
    g.busy = true
    g.at = performance.now()
    g.auto = null
    try {
      await work()
    } finally {
      g.busy = false
    }
    return true
  }, [])
  /** The decision moved the selection to this suggestion by itself (not the reader's J/K or click). */
  const movedTo = useCallback((id: string | null) => {
    gate.current.auto = id
  }, [])
  return useMemo(() => ({ keyCounts, run, movedTo }), [keyCounts, run, movedTo])
}

const describe = (u: Undoable) => {
  const exact = u.suggestion.exact.trim() || u.suggestion.exact
  const words = exact.length > 40 ? `${exact.slice(0, 39)}…` : exact
  return u.decision === 'accepted' ? `Accepted the suggestion on “${words}”.` : `Dismissed the suggestion on “${words}”.`
}

/**
 * The undo offer after a decision: fixed at the bottom of the window, not a live region (the page's
 * announcer reads the decision and "press Z to undo" once). Its button takes the decision back.
 */
export function UndoToast({ undoable, onUndo }: { undoable: Undoable | null; onUndo: () => void }) {
  if (!undoable) return null
  return <UndoBar text={describe(undoable)} onUndo={onUndo} />
}

/** The bar itself, for any single-key decision (suggestions here, reviews in the review queue). */
export function UndoBar({ text, onUndo }: { text: string; onUndo: () => void }) {
  return (
    <div data-testid="undo-toast" className="fixed inset-x-2 bottom-4 z-30 mx-auto flex max-w-md items-center gap-3 rounded-lg bg-stone-900 px-4 py-2 text-sm text-white shadow-lg sm:inset-x-auto sm:left-1/2 sm:-translate-x-1/2">
      <span className="min-w-0 flex-1 truncate">{text}</span>
      <button type="button" onClick={onUndo} className="shrink-0 rounded border border-white/60 px-2 py-0.5 font-medium hover:bg-white/10 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white">
        Undo (Z)
      </button>
    </div>
  )
}
