'use client'

import type { SameFixDto } from '@/lib/types/desk'
import type { Span } from '@/lib/text/occurrences'
import { quoted } from './labels'

/**
 * The fix a save ran into (issue 22: the same fix saved in two tabs, or by hand beside the desk's
 * own): named in words, with a button that goes to it.
 */
export function SameFixNotice({ same, onShow }: { same: SameFixDto; onShow: (id: string) => void }) {
  return (
    <div role="alert" data-testid="same-fix" className="mb-3 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      <p>
        This fix is already on the desk: <del className="text-red-700">{quoted(same.exact, 60)}</del> → <ins className="text-emerald-800 no-underline">{same.correction ? quoted(same.correction, 60) : '(delete)'}</ins>, proposed by {same.createdByName},{' '}
        {same.status === 'approved' ? 'already approved' : 'waiting for review'}. It was not saved a second time.
      </p>
      <button type="button" onClick={() => onShow(same.id)} className="mt-1 rounded border border-amber-400 bg-white px-2 py-0.5 font-medium hover:bg-amber-100">
        Show that fix
      </button>
    </div>
  )
}

/**
 * After a fix is saved: its words occur elsewhere (a name above all), so offer the same fix on
 * every other occurrence, each its own fix, reviewed together.
 */
export function OccurrencesOffer({ exact, correction, spans, busy, onFixAll, onDismiss }: { exact: string; correction: string; spans: Span[]; busy: boolean; onFixAll: () => void; onDismiss: () => void }) {
  const n = spans.length
  return (
    <div role="status" data-testid="occurrences-offer" className="mb-3 flex flex-wrap items-center gap-2 rounded border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-900">
      <span>
        {quoted(exact, 60)} occurs {n === 1 ? 'once more' : `${n} more times`} in the article. Fix {n === 1 ? 'it' : 'all of them'} to {correction ? quoted(correction, 60) : '(delete)'} too? Each becomes its own fix, reviewed together with this one.
      </span>
      <button type="button" onClick={onFixAll} aria-disabled={busy || undefined} className="rounded bg-stone-900 px-2 py-0.5 font-medium text-white hover:bg-stone-700 aria-disabled:opacity-60">
        {n === 1 ? 'Fix the other one' : `Fix all ${n}`}
      </button>
      <button type="button" onClick={onDismiss} className="rounded border border-sky-400 bg-white px-2 py-0.5 hover:bg-sky-100">
        Not now
      </button>
    </div>
  )
}
