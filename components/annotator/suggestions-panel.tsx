'use client'

import { useEffect, useRef, useState } from 'react'
import { CHECK_LABELS, type MissingSentenceDto, type SuggestionDto } from '@/lib/types/suggestions'
import { quote } from '@/lib/format/words'
import { revealInPanel } from './reveal'

/**
 * Suggestions the checks made, in text order. The selected one shows its message and an editable
 * correction: Accept (Enter) makes it an open error for review, Dismiss (X) hides it for good.
 */
export function SuggestionsPanel({
  suggestions,
  missing,
  loading,
  selectedId,
  readOnly,
  onSelect,
  onAccept,
  onDismiss,
}: {
  suggestions: SuggestionDto[]
  missing: MissingSentenceDto[]
  loading: boolean
  selectedId: string | null
  readOnly: boolean
  onSelect: (id: string) => void
  onAccept: (s: SuggestionDto, correction: string | null) => void
  onDismiss: (s: SuggestionDto) => void
}) {
  return (
    <section className="mb-4 rounded-lg border border-violet-200 bg-white" data-testid="suggestions" aria-labelledby="suggestions-heading">
      <h2 id="suggestions-heading" className="border-b border-violet-100 px-3 py-2 text-sm font-semibold text-violet-900">
        Suggestions {loading ? '(checking…)' : `(${suggestions.length})`}
      </h2>
      {!loading && suggestions.length === 0 && <p className="p-3 text-sm text-stone-500">No open suggestions.</p>}
      <ol className="divide-y divide-stone-100">
        {suggestions.map((s) => (
          <SuggestionItem key={s.id} s={s} selected={s.id === selectedId} readOnly={readOnly} onSelect={onSelect} onAccept={onAccept} onDismiss={onDismiss} />
        ))}
      </ol>
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
    </section>
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
