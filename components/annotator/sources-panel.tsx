'use client'

import { thousands } from '@/lib/format/words'
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { SourceSummary } from '@/lib/types/suggestions'
import { callApi } from '@/components/call-api'
import { useConfirm } from '@/components/confirm-dialog'

const KIND_LABELS: Record<string, string> = { wire: 'Wire original', transcript: 'Transcript', release: 'Press release', other: 'Other' }
const field = 'mt-1 w-full rounded border border-stone-300 px-2 py-1.5 text-sm'

/**
 * The article's sources: the wire original, a release, a transcript. Paste the text or upload a
 * .txt/.md file; the suggestions are recomputed against them (onChange).
 */
export function SourcesPanel({ articleId, canWrite, onChange }: { articleId: string; canWrite: boolean; onChange: () => void }) {
  const [sources, setSources] = useState<SourceSummary[] | null>(null)
  const [open, setOpen] = useState(false)
  const [body, setBody] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [confirm, dialog] = useConfirm()
  // The form replaces the button that opened it: when it closes, the focus goes back to that button.
  const attachButton = useRef<HTMLButtonElement>(null)
  const wasOpen = useRef(false)
  useLayoutEffect(() => {
    if (open) wasOpen.current = true
    else if (wasOpen.current) {
      wasOpen.current = false
      attachButton.current?.focus({ preventScroll: true })
    }
  }, [open])
  const load = useCallback(async () => {
    try {
      setSources((await callApi<{ sources: SourceSummary[] }>('GET', `/api/articles/${articleId}/sources`)).sources)
    } catch (err) {
      setError((err as Error).message)
    }
  }, [articleId])
  useEffect(() => {
    void load()
  }, [load])

  async function add(form: FormData) {
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      await callApi('POST', `/api/articles/${articleId}/sources`, { title: String(form.get('title') ?? ''), kind: String(form.get('kind') ?? 'wire'), body, url: String(form.get('url') ?? '') })
      setBody('')
      setOpen(false)
      await load()
      onChange()
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  async function remove(s: SourceSummary) {
    if (!(await confirm({ message: `Remove the source “${s.title}”? Its suggestions go with it.`, confirm: 'Remove source', danger: true }))) return
    try {
      await callApi('DELETE', `/api/sources/${s.id}`)
      await load()
      onChange()
    } catch (err) {
      setError((err as Error).message)
    }
  }

  return (
    <section className="mb-4 rounded-lg border border-stone-200 bg-white p-3 text-sm" data-testid="sources-panel" aria-labelledby="sources-heading">
      {dialog}
      <div className="flex items-center gap-2">
        <h2 id="sources-heading" className="font-semibold">
          Sources {sources ? `(${sources.length})` : ''}
        </h2>
        {canWrite && !open && (
          <button ref={attachButton} type="button" onClick={() => setOpen(true)} className="ml-auto rounded border border-stone-300 px-2 py-0.5 hover:bg-stone-100">
            Attach a source
          </button>
        )}
      </div>
      {sources && sources.length === 0 && !open && <p className="mt-1 text-stone-500">Attach the wire original, a release or a transcript to compare the article with it.</p>}
      {sources && sources.length > 0 && (
        <ul className="mt-2 space-y-1">
          {sources.map((s) => (
            <li key={s.id} className="flex items-center gap-2" data-testid="source">
              <span className="rounded bg-stone-100 px-1.5 text-xs uppercase tracking-wide text-stone-600">{KIND_LABELS[s.kind]}</span>
              <a href={`/api/sources/${s.id}`} className="truncate underline" target="_blank" rel="noopener noreferrer">
                {s.title}
              </a>
              <span className="text-xs text-stone-500">
                {thousands(s.length)} chars · {s.createdBy.name}
              </span>
              {canWrite && (
                <button type="button" onClick={() => remove(s)} className="ml-auto text-xs text-red-700 underline" aria-label={`Remove the source ${s.title}`}>
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {open && (
        <form action={add} className="mt-2 space-y-2" data-testid="source-form">
          <div className="grid grid-cols-[1fr_auto] gap-2">
            <label className="block">
              Title
              <input name="title" required autoFocus className={field} placeholder="e.g. Reuters original, 14 June" />
            </label>
            <label className="block">
              Kind
              <select name="kind" defaultValue="wire" className={field}>
                {Object.entries(KIND_LABELS).map(([k, label]) => (
                  <option key={k} value={k}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label className="block">
            Text (paste, or choose a .txt or .md file)
            <textarea name="body" value={body} onChange={(e) => setBody(e.target.value)} required rows={6} className={`${field} font-mono`} />
          </label>
          <input
            type="file"
            accept=".txt,.md,text/plain,text/markdown"
            aria-label="Upload a .txt or .md file"
            onChange={async (e) => {
              const file = e.target.files?.[0]
              if (file) setBody(await file.text())
            }}
          />
          <label className="block">
            URL (optional)
            <input name="url" type="url" className={field} />
          </label>
          {error && (
            <p role="alert" className="text-red-700">
              {error}
            </p>
          )}
          <div className="flex gap-2">
            <button type="submit" aria-disabled={busy || undefined} className="rounded bg-stone-900 px-3 py-1.5 text-white aria-disabled:opacity-50">
              Attach
            </button>
            <button type="button" onClick={() => setOpen(false)} className="rounded border border-stone-300 px-3 py-1.5">
              Cancel
            </button>
          </div>
        </form>
      )}
      {error && !open && (
        <p role="alert" className="mt-1 text-red-700">
          {error}
        </p>
      )}
    </section>
  )
}
