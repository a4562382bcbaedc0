'use client'

import { memo, startTransition, useEffect, useRef, useState } from 'react'
import type { PageAnnotation } from '@/lib/types/page-annotations'
import { Comments } from '@/components/comments'
import { verdictLabel } from '@/lib/validation/vocabulary'
import type { QuoteCheckDto } from '@/lib/types/suggestions'
import { ClaimMatches } from './claim-matches'
import type { FormPreset } from './annotation-form'
import { quote } from '@/lib/format/words'
import type { ReviewDto } from '@/lib/types/desk'
import { When } from '@/components/when'
import { reviewLine } from './labels'
import { revealInPanel } from './reveal'

const QUOTE_STATUS: Record<QuoteCheckDto['status'], string> = { verbatim: 'verbatim in the source', altered: 'words differ from the source', not_found: 'not found in any source', too_long: 'too long to compare with the sources' }

const KIND_DOT: Record<string, string> = { claim: 'bg-blue-500', quote: 'bg-emerald-500', error: 'bg-red-600' }

export type SidebarFilters = { kind: string; status: string }

/**
 * How many items the first render holds (server-rendered and hydrated with the page), and how
 * many more are added each time the end of the list scrolls into view: a transcript with 2,000
 * annotations paints its page without 2,000 list items, and the list grows as it is read.
 */
export const FIRST_ITEMS = 60
const MORE_ITEMS = 100

type Viewer = { id: string; role: string }
type ItemActions = { onSelect: (id: string) => void; onEdit: (a: PageAnnotation, preset?: FormPreset) => void; onDelete: (a: PageAnnotation) => void }

/** The annotations the filters let through, in text order; the selected one shows its details and actions. */
export function Sidebar({
  shown,
  filters,
  onFiltersChange,
  selectedId,
  viewer,
  onSelect,
  onEdit,
  onDelete,
  readOnly = false,
  quoteChecks,
  onVerify,
  reviews,
  changed,
  groupSizes,
}: {
  quoteChecks?: Map<string, QuoteCheckDto>
  /** The latest review of each reviewed fix, by annotation id: its card says who decided and why. */
  reviews?: Map<string, ReviewDto>
  /** Annotations someone else just changed, by id, with what happened ("Added by Ana"): marked on their cards. */
  changed?: Map<string, string>
  /** How many fixes each group holds ("fix every occurrence"), counted over all the page's annotations, whatever is filtered. */
  groupSizes?: Map<string, number>
  onVerify?: (a: PageAnnotation) => void
  shown: PageAnnotation[]
  filters: SidebarFilters
  onFiltersChange: (filters: SidebarFilters) => void
  selectedId: string | null
  viewer: Viewer
  readOnly?: boolean
} & ItemActions) {
  const { kind, status } = filters
  const [limit, setLimit] = useState(FIRST_ITEMS)
  const selectedIndex = selectedId ? shown.findIndex((a) => a.id === selectedId) : -1
  // The selected item (J/K, a click in the text) is always rendered, with everything before it,
  // and the list never shrinks back under the reader once it has grown.
  const rendered = Math.min(shown.length, Math.max(limit, selectedIndex + 1))
  useEffect(() => {
    if (selectedIndex + 1 > limit) setLimit(selectedIndex + 1)
  }, [selectedIndex, limit])
  const more = useRef<HTMLLIElement>(null)
  useEffect(() => {
    const sentinel = more.current
    if (!sentinel || rendered >= shown.length || typeof IntersectionObserver === 'undefined') return
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) startTransition(() => setLimit((l) => Math.max(l, rendered) + MORE_ITEMS))
    })
    observer.observe(sentinel)
    return () => observer.disconnect()
  }, [rendered, shown.length])
  return (
    <section className="mb-4 rounded-lg border border-stone-200 bg-white" data-testid="sidebar" aria-labelledby="annotations-heading">
      <div className="flex flex-wrap gap-2 border-b border-stone-200 p-3 text-sm">
        <h2 id="annotations-heading" className="w-full font-semibold">
          Annotations ({shown.length})
        </h2>
        <select aria-label="Filter by kind" value={kind} onChange={(e) => onFiltersChange({ ...filters, kind: e.target.value })} className="rounded border border-stone-300 px-2 py-1">
          <option value="all">All kinds and suggestions</option>
          <option value="annotations">Annotations only</option>
          <option value="claim">Claims</option>
          <option value="quote">Quotes</option>
          <option value="error">Errors</option>
          <option value="suggestion">Suggestions</option>
        </select>
        <select aria-label="Filter by status" value={status} onChange={(e) => onFiltersChange({ ...filters, status: e.target.value })} className="rounded border border-stone-300 px-2 py-1">
          <option value="all">Any status</option>
          <option value="open">Open</option>
          <option value="approved">Approved</option>
          <option value="rejected">Rejected</option>
          <option value="applied">Applied</option>
        </select>
      </div>
      {shown.length === 0 ? (
        <p className="p-4 text-sm text-stone-500">No annotations{kind !== 'all' || status !== 'all' ? ' match these filters' : ' yet'}.</p>
      ) : (
        <ol className="divide-y divide-stone-100">
          {shown.slice(0, rendered).map((a) => (
            <SidebarItem
              key={a.id}
              a={a}
              groupSize={a.groupId ? groupSizes?.get(a.groupId) : undefined}
              selected={a.id === selectedId}
              mayChange={!readOnly && a.status === 'open' && (a.createdBy === viewer.id || viewer.role === 'admin')}
              onSelect={onSelect}
              onEdit={onEdit}
              onDelete={onDelete}
              quoteCheck={quoteChecks?.get(a.id)}
              onVerify={readOnly ? undefined : onVerify}
              review={reviews?.get(a.id)}
              changedHow={changed?.get(a.id)}
            />
          ))}
          {rendered < shown.length && (
            <li ref={more} className="px-3 py-2 text-sm text-stone-500" data-testid="sidebar-more">
              <button type="button" onClick={() => setLimit((l) => Math.max(l, rendered) + MORE_ITEMS)} className="underline">
                Show {Math.min(MORE_ITEMS, shown.length - rendered)} more of {shown.length - rendered} not listed yet
              </button>
            </li>
          )}
        </ol>
      )}
    </section>
  )
}

/**
 * One annotation in the list. Memoised on the annotation object itself (a save replaces only the
 * object that changed), so adding or changing one annotation re-renders one item, not the list.
 */
const SidebarItem = memo(function SidebarItem({
  a,
  selected,
  mayChange,
  onSelect,
  onEdit,
  onDelete,
  quoteCheck,
  onVerify,
  groupSize,
  review,
  changedHow,
}: { a: PageAnnotation; selected: boolean; mayChange: boolean; quoteCheck?: QuoteCheckDto; onVerify?: (a: PageAnnotation) => void; groupSize?: number; review?: ReviewDto; changedHow?: string } & ItemActions) {
  // Selected from the text (a click on its highlight, J/K): its card comes into view, as a suggestion's does.
  const item = useRef<HTMLLIElement>(null)
  useEffect(() => {
    if (selected && item.current) revealInPanel(item.current)
  }, [selected])
  const decision = reviewLine(a, review)
  return (
    <li ref={item} data-testid="sidebar-item" data-id={a.id} aria-current={selected ? 'true' : undefined} className={`[content-visibility:auto] [contain-intrinsic-size:auto_4rem] ${selected ? 'bg-stone-50' : ''}`}>
      <button type="button" onClick={() => onSelect(a.id)} className="block w-full px-3 py-2 text-left text-sm">
        <span className="flex items-center gap-2">
          <span className={`inline-block h-2 w-2 rounded-full ${KIND_DOT[a.kind]}`} />
          <span className="font-medium capitalize">{a.kind}</span>
          {groupSize !== undefined && groupSize > 1 && (
            <span data-testid="sidebar-group" className="rounded bg-sky-100 px-1 text-xs text-sky-900">
              one of {groupSize} fixed together
            </span>
          )}
          {changedHow && (
            <span data-testid="changed-mark" className="rounded bg-sky-100 px-1.5 text-xs text-sky-900">
              {changedHow}
            </span>
          )}
          <span className="ml-auto text-xs uppercase tracking-wide text-stone-500">{a.status}</span>
        </span>
        <span className="mt-1 line-clamp-2 font-serif text-stone-700">
          {a.status === 'applied' ? (
            <>
              <del className="text-stone-500">{a.originalExact}</del> → <ins className="text-emerald-800 no-underline">{a.correction || '(deleted)'}</ins>
            </>
          ) : a.kind === 'error' ? (
            <>
              <del className="text-red-700">{a.exact}</del> → <ins className="text-emerald-800 no-underline">{a.correction || '(delete)'}</ins>
            </>
          ) : (
            quote(a.exact)
          )}
        </span>
      </button>
      {decision && review && (
        <p
          data-testid="review-decision"
          data-decision={review.decision}
          className={`mx-3 mb-2 rounded px-2 py-1 text-xs break-words ${a.status === 'open' ? 'bg-stone-50 text-stone-700' : review.decision === 'reject' ? 'bg-red-50 text-red-900' : 'bg-emerald-50 text-emerald-900'}`}
        >
          {decision} · <When at={review.at} className="whitespace-nowrap" />
        </p>
      )}
      {a.textChanged && (
        <p className="mx-3 mb-2 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900" data-testid="sidebar-text-changed">
          Text changed since {a.textChanged.wasApproved ? 'approval' : 'it was proposed'} (was {quote(a.textChanged.from)}): needs review.
        </p>
      )}
      {selected && (
        <div className="space-y-1 px-3 pb-3 text-sm text-stone-700" data-testid="annotation-details">
          {a.kind === 'error' && <p>Category: {a.category}</p>}
          {a.kind === 'claim' && <p>Verdict: {verdictLabel(a.verdict)}</p>}
          {a.kind === 'quote' && (
            <p>
              Speaker: {a.speaker || 'unknown'} · {a.verified ? 'verified' : 'not verified'}
            </p>
          )}
          {a.kind === 'quote' && quoteCheck && (
            <div data-testid="quote-check" data-status={quoteCheck.status} className="rounded bg-stone-50 p-2">
              <p>Quote check: {QUOTE_STATUS[quoteCheck.status]}</p>
              {quoteCheck.status === 'altered' && (
                <p className="font-serif" data-testid="quote-diff">
                  {quoteCheck.diff.map(([op, t], i) =>
                    op === 0 ? <span key={i}>{t} </span> : op < 0 ? <del key={i} className="text-red-700">{t} </del> : <ins key={i} className="text-emerald-800">{t} </ins>,
                  )}
                </p>
              )}
              {quoteCheck.status === 'verbatim' && !a.verified && onVerify && (
                <button type="button" onClick={() => onVerify(a)} className="mt-1 rounded border border-stone-300 px-2 py-0.5 hover:bg-stone-100">
                  Mark verified (V)
                </button>
              )}
            </div>
          )}
          {a.sources.length > 0 && (
            <ul className="list-disc pl-5">
              {a.sources.map((s) => (
                <li key={s} className="truncate">
                  <a href={s} target="_blank" rel="noopener noreferrer" className="text-blue-700 underline">
                    {s}
                  </a>
                </li>
              ))}
            </ul>
          )}
          {a.note && <p className="whitespace-pre-wrap">{a.note}</p>}
          <p className="text-xs text-stone-500">By {a.createdByName}</p>
          {a.kind === 'claim' && (
            <ClaimMatches annotationId={a.id} text={a.exact} onUse={mayChange ? (m) => onEdit(a, { verdict: m.annotation.verdict ?? 'unverified', sources: m.annotation.sources, basedOn: m.annotation.id }) : undefined} />
          )}
          <Comments annotationId={a.id} />
          {mayChange && (
            <div className="flex gap-2 pt-1">
              <button type="button" onClick={() => onEdit(a)} className="rounded border border-stone-300 px-2 py-1 hover:bg-stone-100">
                Edit
              </button>
              <button type="button" onClick={() => onDelete(a)} className="rounded border border-red-300 px-2 py-1 text-red-700 hover:bg-red-50">
                Delete
              </button>
            </div>
          )}
        </div>
      )}
    </li>
  )
})
