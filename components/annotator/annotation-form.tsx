'use client'

import { useEffect, useRef, useState } from 'react'
import type { PageAnnotation } from '@/lib/types/page-annotations'
import { ERROR_CATEGORIES, VERDICTS, verdictLabel } from '@/lib/validation/vocabulary'
import { ClaimMatches } from './claim-matches'
import { sameValues, type DraftValues } from './drafts'

export type FormValues = {
  correction?: string
  category?: string
  verdict?: string
  speaker?: string | null
  verified?: boolean
  sources?: string[]
  note?: string
  /** A claim checked before whose verdict and sources were copied (ClaimReview isBasedOn). */
  basedOn?: string | null
}

/** Values to start the form with (an earlier review's verdict and sources, reused). */
export type FormPreset = { verdict: string; sources: string[]; basedOn: string }

const field = 'mt-1 w-full rounded border border-stone-300 px-2 py-1.5 text-sm'

/**
 * Create or edit a claim, quote or error. The server validates again; its message is shown as is.
 * Every change is reported (`onDraftChange`: the values, or null when they are back to where the
 * form started), so the page can keep them as a draft; a `draft` given starts the form from it.
 */
export function AnnotationForm({
  articleId,
  kind,
  exact,
  initial,
  preset,
  onSave,
  onCancel,
  onEscape = onCancel,
  draft,
  restoredAt,
  onDraftChange,
  onDiscardDraft,
}: {
  /** Escape in the form (default: as Cancel). */
  onEscape?: () => void
  /** Values kept from an earlier, unsaved visit to this form. */
  draft?: DraftValues
  /** When `draft` was written: the form says it was restored. */
  restoredAt?: number
  onDraftChange?: (values: DraftValues | null) => void
  /** Throw the draft away (the page starts the form afresh). */
  onDiscardDraft?: () => void
  preset?: FormPreset
  articleId: string
  kind: PageAnnotation['kind']
  exact: string
  initial?: PageAnnotation
  onSave: (values: FormValues) => Promise<void>
  onCancel: () => void
}) {
  const [busy, setBusy] = useState(false)
  // Controlled, so an earlier review's verdict and sources can be copied in.
  const [verdict, setVerdict] = useState(draft?.verdict ?? preset?.verdict ?? initial?.verdict ?? 'unverified')
  const [sourcesText, setSourcesText] = useState(draft?.sources ?? (preset?.sources ?? initial?.sources ?? []).join('\n'))
  const [basedOn, setBasedOn] = useState<string | null | undefined>(draft && 'basedOn' in draft ? draft.basedOn : preset?.basedOn)
  const formRef = useRef<HTMLFormElement>(null)
  // What the form held when it opened, before any draft: typing back to it leaves nothing to keep.
  const [start] = useState<DraftValues>(() => ({
    sources: (preset?.sources ?? initial?.sources ?? []).join('\n'),
    note: initial?.note ?? '',
    ...(kind === 'error' ? { correction: initial?.correction ?? '', category: initial?.category ?? 'other' } : {}),
    ...(kind === 'claim' ? { verdict: preset?.verdict ?? initial?.verdict ?? 'unverified', basedOn: preset?.basedOn } : {}),
    ...(kind === 'quote' ? { speaker: initial?.speaker ?? '', verified: initial?.verified ?? false } : {}),
  }))
  const [dirty, setDirty] = useState(false)
  const [typed, setTyped] = useState(0)
  const reportRef = useRef(onDraftChange)
  reportRef.current = onDraftChange
  useEffect(() => {
    const el = formRef.current
    if (!el) return
    const f = new FormData(el)
    const values: DraftValues = { sources: sourcesText, note: String(f.get('note') ?? '') }
    if (kind === 'error') {
      values.correction = String(f.get('correction') ?? '')
      values.category = String(f.get('category') ?? 'other')
    } else if (kind === 'claim') {
      values.verdict = verdict
      if (basedOn !== undefined) values.basedOn = basedOn
    } else {
      values.speaker = String(f.get('speaker') ?? '')
      values.verified = f.get('verified') === 'on'
    }
    const changed = !sameValues(values, start)
    setDirty(changed)
    reportRef.current?.(changed ? values : null)
  }, [typed, verdict, sourcesText, basedOn, kind, start])
  async function submit(form: FormData) {
    if (busy) return
    setBusy(true)
    const sources = String(form.get('sources') ?? '')
      .split(/\s+/)
      .map((s) => s.trim())
      .filter(Boolean)
    const values: FormValues = { note: String(form.get('note') ?? ''), sources }
    if (kind === 'error') {
      values.correction = String(form.get('correction') ?? '')
      values.category = String(form.get('category') ?? 'other')
    } else if (kind === 'claim') {
      values.verdict = String(form.get('verdict') ?? 'unverified')
      if (basedOn !== undefined) values.basedOn = basedOn
    } else {
      values.speaker = String(form.get('speaker') ?? '') || null
      values.verified = form.get('verified') === 'on'
    }
    await onSave(values)
    setBusy(false)
  }
  const title = `${initial ? 'Edit' : 'New'} ${kind}`
  return (
    <form
      ref={formRef}
      action={submit}
      onInput={() => setTyped((n) => n + 1)}
      onKeyDown={(e) => {
        // Escape leaves the form from any of its fields (the page's keys skip fields).
        if (e.key === 'Escape') {
          e.preventDefault()
          e.stopPropagation() // handled here, not again by the page's own keys
          onEscape()
        }
      }}
      className="space-y-3 rounded-lg border border-stone-200 bg-white p-4" data-testid="annotation-form" aria-label={title}>
      <h2 className="text-base font-semibold capitalize">{title}</h2>
      {restoredAt !== undefined && (
        <p role="status" data-testid="draft-restored" className="rounded border border-sky-300 bg-sky-50 px-2 py-1 text-sm text-sky-900">
          Draft restored: what you typed here on {new Date(restoredAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })} and did not save.
        </p>
      )}
      <blockquote className="max-h-32 overflow-y-auto border-l-4 border-stone-300 pl-3 font-serif text-sm text-stone-700" data-testid="form-exact">
        {exact}
      </blockquote>
      {kind === 'error' && (
        <>
          <label className="block text-sm">
            Correction <span className="text-stone-500">(empty deletes the text)</span>
            <input name="correction" autoFocus defaultValue={draft?.correction ?? initial?.correction ?? ''} className={field} />
          </label>
          <label className="block text-sm">
            Category
            <select name="category" defaultValue={draft?.category ?? initial?.category ?? 'other'} className={field}>
              {ERROR_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      {kind === 'claim' && (
        <label className="block text-sm">
          Verdict
          <select name="verdict" value={verdict} onChange={(e) => setVerdict(e.target.value)} className={field} autoFocus>
            {VERDICTS.map((v) => (
              <option key={v} value={v}>
                {verdictLabel(v)}
              </option>
            ))}
          </select>
        </label>
      )}
      {kind === 'quote' && (
        <>
          <label className="block text-sm">
            Speaker
            <input name="speaker" autoFocus defaultValue={draft?.speaker ?? initial?.speaker ?? ''} className={field} />
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="verified" defaultChecked={draft?.verified ?? initial?.verified ?? false} /> Verified against the source
          </label>
        </>
      )}
      <label className="block text-sm">
        {kind === 'quote' ? 'Source URL' : 'Source URLs'} <span className="text-stone-500">(one per line)</span>
        <textarea name="sources" rows={2} value={sourcesText} onChange={(e) => setSourcesText(e.target.value)} className={field} />
      </label>
      {kind === 'claim' && (
        <ClaimMatches
          articleId={articleId}
          annotationId={initial?.id}
          text={exact}
          onUse={(m) => {
            setVerdict(m.annotation.verdict ?? 'unverified')
            setSourcesText(m.annotation.sources.join('\n'))
            setBasedOn(m.annotation.id)
          }}
        />
      )}
      <label className="block text-sm">
        Note
        <textarea name="note" rows={3} defaultValue={draft?.note ?? initial?.note ?? ''} className={field} />
      </label>
      <div className="flex gap-2">
        {/* aria-disabled while saving, not disabled: a disabled button would throw the focus off itself. */}
        <button type="submit" aria-disabled={busy || undefined} className="rounded bg-stone-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-stone-700 aria-disabled:opacity-60">
          Save
        </button>
        <button type="button" onClick={onCancel} className="rounded border border-stone-300 px-3 py-1.5 text-sm hover:bg-stone-100">
          Cancel
        </button>
        {(dirty || restoredAt !== undefined) && onDiscardDraft && (
          <button type="button" onClick={onDiscardDraft} data-testid="discard-draft" className="ml-auto rounded border border-red-300 px-3 py-1.5 text-sm text-red-700 hover:bg-red-50">
            Discard draft
          </button>
        )}
      </div>
      {dirty && (
        <p className="text-xs text-stone-500" data-testid="draft-kept">
          Not saved yet: kept as a draft in this browser until you save or discard it.
        </p>
      )}
    </form>
  )
}
