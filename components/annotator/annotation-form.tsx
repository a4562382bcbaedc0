'use client'

import { useState } from 'react'
import type { PageAnnotation } from '@/lib/types/page-annotations'
import { ERROR_CATEGORIES, VERDICTS, verdictLabel } from '@/lib/validation/vocabulary'
import { ClaimMatches } from './claim-matches'

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

/** Create or edit a claim, quote or error. The server validates again; its message is shown as is. */
export function AnnotationForm({
  articleId,
  kind,
  exact,
  initial,
  preset,
  onSave,
  onCancel,
  onEscape = onCancel,
}: {
  /** Escape in the form (default: as Cancel). */
  onEscape?: () => void
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
  const [verdict, setVerdict] = useState(preset?.verdict ?? initial?.verdict ?? 'unverified')
  const [sourcesText, setSourcesText] = useState((preset?.sources ?? initial?.sources ?? []).join('\n'))
  const [basedOn, setBasedOn] = useState<string | null | undefined>(preset?.basedOn)
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
      action={submit}
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
      <blockquote className="max-h-32 overflow-y-auto border-l-4 border-stone-300 pl-3 font-serif text-sm text-stone-700" data-testid="form-exact">
        {exact}
      </blockquote>
      {kind === 'error' && (
        <>
          <label className="block text-sm">
            Correction <span className="text-stone-500">(empty deletes the text)</span>
            <input name="correction" autoFocus defaultValue={initial?.correction ?? ''} className={field} />
          </label>
          <label className="block text-sm">
            Category
            <select name="category" defaultValue={initial?.category ?? 'other'} className={field}>
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
            <input name="speaker" autoFocus defaultValue={initial?.speaker ?? ''} className={field} />
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="verified" defaultChecked={initial?.verified ?? false} /> Verified against the source
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
        <textarea name="note" rows={3} defaultValue={initial?.note ?? ''} className={field} />
      </label>
      <div className="flex gap-2">
        {/* aria-disabled while saving, not disabled: a disabled button would throw the focus off itself. */}
        <button type="submit" aria-disabled={busy || undefined} className="rounded bg-stone-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-stone-700 aria-disabled:opacity-60">
          Save
        </button>
        <button type="button" onClick={onCancel} className="rounded border border-stone-300 px-3 py-1.5 text-sm hover:bg-stone-100">
          Cancel
        </button>
      </div>
    </form>
  )
}
