'use client'

import { useEffect, useRef, useState } from 'react'
import { CHECK_LABELS, type MissingSentenceDto, type SuggestionDto } from '@/lib/types/suggestions'
import { quote } from '@/lib/format/words'
import { revealInPanel } from './reveal'

/**
 * Suggestions the checks made, in text order. The selected one shows its message and an editable
 * correction: Accept (Enter or A) makes it an open error for review, Dismiss (X) hides it. The
 * "Dismissed" filter lists the dismissed ones the text still has, each with Restore.
 */
export function SuggestionsPanel({
  suggestions,
  taken = [],
  onShowFix,
  missing,
  loading,
  selectedId,
  readOnly,
  onSelect,
  onAccept,
  onDismiss,
  view = 'open',
  onViewChange,
  dismissed = null,
  onRestore,
}: {
  suggestions: SuggestionDto[]
  /** Suggestions a fix already says (accepted here, or the same fix made by hand): shown as taken. */
  taken?: SuggestionDto[]
  onShowFix?: (annotationId: string) => void
  missing: MissingSentenceDto[]
  loading: boolean
  selectedId: string | null
  readOnly: boolean
  onSelect: (id: string) => void
  onAccept: (s: SuggestionDto, correction: string | null) => void
  onDismiss: (s: SuggestionDto) => void
  view?: 'open' | 'dismissed'
  onViewChange?: (view: 'open' | 'dismissed') => void
  /** The dismissed suggestions (null while loading), shown when `view` is "dismissed". */
  dismissed?: SuggestionDto[] | null
  onRestore?: (s: SuggestionDto) => void
}) {
  return (
    <section className="mb-4 rounded-lg border border-violet-200 bg-white" data-testid="suggestions" aria-labelledby="suggestions-heading">
      <div className="flex flex-wrap items-center gap-2 border-b border-violet-100 px-3 py-2">
        <h2 id="suggestions-heading" className="text-sm font-semibold text-violet-900">
          Suggestions {loading ? '(checking…)' : `(${suggestions.length})`}
        </h2>
        {onViewChange && (
          <div role="group" aria-label="Which suggestions" className="ml-auto flex gap-1 text-xs" data-testid="suggestion-view">
            {(['open', 'dismissed'] as const).map((v) => (
              <button key={v} type="button" aria-pressed={view === v} onClick={() => onViewChange(v)} className={`rounded border px-2 py-0.5 ${view === v ? 'border-violet-700 bg-violet-700 text-white' : 'border-stone-300 text-stone-700 hover:bg-stone-100'}`}>
                {v === 'open' ? 'Open' : 'Dismissed'}
              </button>
            ))}
          </div>
        )}
      </div>
      {view === 'dismissed' ? (
        <DismissedList dismissed={dismissed} readOnly={readOnly} onRestore={onRestore} />
      ) : (
        <>
          {!loading && suggestions.length === 0 && <p className="p-3 text-sm text-stone-500">No open suggestions.</p>}
          <ol className="divide-y divide-stone-100">
            {suggestions.map((s) => (
              <SuggestionItem key={s.id} s={s} selected={s.id === selectedId} readOnly={readOnly} onSelect={onSelect} onAccept={onAccept} onDismiss={onDismiss} />
            ))}
          </ol>
          {taken.length > 0 && (
            <details className="border-t border-violet-100 px-3 py-2 text-sm" data-testid="suggestions-taken" open>
              <summary className="cursor-pointer text-stone-700">Taken ({taken.length})</summary>
              <ul className="mt-1 space-y-1">
                {taken.map((s) => (
                  <li key={s.id} data-testid="suggestion-taken" data-id={s.id} className="flex flex-wrap items-baseline gap-x-2 text-stone-600">
                    <span className="font-serif">
                      <del>{s.exact.trim() || s.exact}</del> → {s.correction || '(delete)'}
                    </span>
                    <span className="rounded bg-stone-100 px-1 text-xs uppercase tracking-wide text-stone-600">taken</span>
                    {s.takenBy && onShowFix && (
                      <button type="button" onClick={() => onShowFix(s.takenBy!)} className="text-xs text-violet-900 underline hover:no-underline">
                        Show the fix
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {missing.length > 0 && (
            <details className="border-t border-violet-100 px-3 py-2 text-sm" data-testid="missing-sentences">
              <summary className="cursor-pointer text-stone-700">In the source, not in the article ({missing.length})</summary>
              <ul className="mt-1 list-disc space-y-1 pl-5 font-serif text-stone-700">
                {missing.map((m) => (
                  <li key={`${m.sourceId}:${m.start}`}>{m.text}</li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </section>
  )
}

/** The dismissed suggestions, in text order, with who dismissed each and a Restore button. */
function DismissedList({ dismissed, readOnly, onRestore }: { dismissed: SuggestionDto[] | null; readOnly: boolean; onRestore?: (s: SuggestionDto) => void }) {
  if (dismissed === null) return <p className="p-3 text-sm text-stone-500">Loading dismissed suggestions…</p>
  if (dismissed.length === 0) return <p className="p-3 text-sm text-stone-500">No dismissed suggestions.</p>
  return (
    <ol className="divide-y divide-stone-100" aria-label="Dismissed suggestions">
      {dismissed.map((s) => (
        <li key={s.id} data-testid="dismissed-suggestion" data-id={s.id} className="px-3 py-2 text-sm">
          <span className="font-medium">{CHECK_LABELS[s.check]}</span>
          <span className="mt-1 block font-serif text-stone-700">
            {s.correction === null ? (
              `“${s.exact}”`
            ) : (
              <>
                <del className="text-red-700">{s.exact.trim() || s.exact}</del> → <ins className="text-emerald-800 no-underline">{s.correction || '(delete)'}</ins>
              </>
            )}
          </span>
          <span className="mt-1 flex items-center gap-2">
            <span className="text-xs text-stone-600">Dismissed{s.decidedBy?.name ? ` by ${s.decidedBy.name}` : ''}</span>
            {!readOnly && onRestore && (
              <button type="button" onClick={() => onRestore(s)} className="ml-auto rounded border border-stone-300 px-2 py-0.5 hover:bg-stone-100" aria-label={`Restore the suggestion on “${s.exact.trim() || s.exact}”`}>
                Restore
              </button>
            )}
          </span>
        </li>
      ))}
    </ol>
  )
}

function SuggestionItem({ s, selected, readOnly, onSelect, onAccept, onDismiss }: { s: SuggestionDto; selected: boolean; readOnly: boolean; onSelect: (id: string) => void; onAccept: (s: SuggestionDto, correction: string | null) => void; onDismiss: (s: SuggestionDto) => void }) {
  const [correction, setCorrection] = useState(s.correction ?? '')
  const item = useRef<HTMLLIElement>(null)
  useEffect(() => setCorrection(s.correction ?? ''), [s.correction])
  useEffect(() => {
    if (selected && item.current) revealInPanel(item.current)
  }, [selected])
  const claimOnly = s.correction === null
  return (
    <li ref={item} data-testid="suggestion" data-id={s.id} aria-current={selected ? 'true' : undefined} className={selected ? 'bg-violet-50' : ''}>
      <button type="button" onClick={() => onSelect(s.id)} className="block w-full px-3 py-2 text-left text-sm">
        <span className="flex items-center gap-2">
          <span className="inline-block h-2 w-2 rounded-full border-2 border-dotted border-violet-600" aria-hidden />
          <span className="font-medium">{CHECK_LABELS[s.check]}</span>
        </span>
        <span className="mt-1 line-clamp-2 font-serif text-stone-700">
          {claimOnly ? (
            quote(s.exact)
          ) : (
            <>
              <del className="text-red-700">{s.exact.trim() || s.exact}</del> → <ins className="text-emerald-800 no-underline">{s.correction || '(delete)'}</ins>
            </>
          )}
        </span>
      </button>
      {selected && (
        <form
          className="space-y-2 px-3 pb-3 text-sm"
          data-testid="suggestion-details"
          onSubmit={(e) => {
            e.preventDefault()
            onAccept(s, claimOnly ? null : correction)
          }}
        >
          <p className="text-stone-700">{s.message}</p>
          {s.alternatives.length > 0 && <p className="text-xs text-stone-500">Other spellings: {s.alternatives.join(', ')}</p>}
          {!readOnly && (
            <>
              {!claimOnly && (
                <label className="block">
                  Correction
                  <input value={correction} onChange={(e) => setCorrection(e.target.value)} className="mt-1 w-full rounded border border-stone-300 px-2 py-1" data-testid="suggestion-correction" />
                </label>
              )}
              <div className="flex gap-2">
                <button type="submit" className="rounded bg-stone-900 px-2 py-1 text-white">
                  {claimOnly ? 'Mark as claim (Enter)' : 'Accept (Enter)'}
                </button>
                <button type="button" onClick={() => onDismiss(s)} className="rounded border border-stone-300 px-2 py-1 hover:bg-stone-100">
                  Dismiss (X)
                </button>
              </div>
            </>
          )}
        </form>
      )}
    </li>
  )
}
