'use client'

import { useEffect, useState } from 'react'
import { quote } from '@/lib/format/words'
import { callApi } from '@/components/call-api'
import type { ClaimMatchDto } from '@/lib/types/search'
import { verdictLabel } from '@/lib/validation/vocabulary'

/**
 * "Checked before": claims in other articles that say the same thing, with their verdict, sources
 * and article, and a button that copies the verdict and sources into the form (saved only when
 * the form is). For a saved claim by its id, for a new one by its words.
 */
export function ClaimMatches({ articleId, annotationId, text, onUse }: { articleId?: string; annotationId?: string; text: string; onUse?: (m: ClaimMatchDto) => void }) {
  const [matches, setMatches] = useState<ClaimMatchDto[] | null>(null)
  const [used, setUsed] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    const url = annotationId ? `/api/annotations/${annotationId}/similar` : `/api/claims/similar?${new URLSearchParams({ text: text.slice(0, 2000), ...(articleId ? { article: articleId } : {}) })}`
    callApi<{ matches: ClaimMatchDto[] }>('GET', url)
      .then((out) => live && setMatches(out.matches))
      .catch(() => live && setMatches([]))
    return () => {
      live = false
    }
  }, [articleId, annotationId, text])
  if (!matches || matches.length === 0) return null
  return (
    <section className="rounded border border-sky-200 bg-sky-50 p-2 text-sm" aria-label="Checked before" data-testid="claim-matches">
      <h3 className="font-medium text-sky-950">Checked before</h3>
      <ul className="mt-1 space-y-2">
        {matches.map((m) => (
          <li key={m.annotation.id} data-testid="claim-match">
            <p>
              <span className="font-medium">{verdictLabel(m.annotation.verdict)}</span>: {quote(m.annotation.exact)} in{' '}
              <a href={`/articles/${m.article.id}#annotation-${m.annotation.id}`} className="text-blue-800 underline" target="_blank" rel="noreferrer">
                {m.article.title}
              </a>
            </p>
            {m.annotation.sources.length > 0 && <p className="truncate text-xs text-stone-600">Sources: {m.annotation.sources.join(' ')}</p>}
            <p className="text-xs text-stone-500">{m.reason}</p>
            {onUse && (
            <button
              type="button"
              className="mt-1 rounded border border-sky-300 bg-white px-2 py-0.5 text-xs hover:bg-sky-100"
              onClick={() => {
                onUse(m)
                setUsed(m.annotation.id)
              }}
            >
              {used === m.annotation.id ? 'Copied into the form above (kept once the claim is stored)' : 'Use this verdict and its sources'}
            </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
