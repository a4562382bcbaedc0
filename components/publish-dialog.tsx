'use client'

import { modalKeyDown } from '@/components/modal-keys'
import { useEffect, useId, useRef, useState } from 'react'
import { callApi } from '@/components/call-api'
import { CorrectionsNote } from '@/components/corrections-note'
import { STANDARDS_NOTE_MAX, readerNote } from '@/lib/corrections/note'
import type { PublicationPreview } from '@/lib/types/publish'

const FOCUSABLE = 'button:not([disabled]), textarea:not([disabled]), input:not([disabled]), a[href]'

/** "paragraph 3", "paragraphs 2 and 5", "paragraphs 1, 4 and 6". */
function paragraphs(list: number[]): string {
  if (list.length === 1) return `paragraph ${list[0]}`
  return `paragraphs ${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`
}

/**
 * The publish dialog: what publishing the approved fixes will tell readers, before it does. It
 * reads the server's preview (the same fixes, corrected text and note the publication uses),
 * warns when a name fix leaves the old spelling elsewhere in the text, lists which fixes the note
 * mentions and which it leaves out and why, and takes a standards editor's own note, shown in the
 * preview exactly as readers will read it (readerNote, as the public page and the exports).
 * A modal `<dialog>`: Tab stays inside, Escape cancels, the focus goes back to the opener.
 */
export function PublishDialog({ articleId, onClose, onPublish, busy }: { articleId: string; onClose: () => void; onPublish: (standardsNote: string, fixes: string[]) => void; busy: boolean }) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const noteId = useId()
  const [preview, setPreview] = useState<PublicationPreview | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [standardsNote, setStandardsNote] = useState('')
  const opener = useRef<Element | null>(null)

  useEffect(() => {
    opener.current = document.activeElement
    ref.current?.showModal()
    let live = true
    callApi<PublicationPreview>('GET', `/api/articles/${articleId}/publish`)
      .then((p) => live && setPreview(p))
      .catch((err) => live && setError((err as Error).message))
    return () => {
      live = false
    }
  }, [articleId])
  // Cancelled: back to what had the focus (the button that opened it). Published: the panel
  // moves the focus to the outcome instead.
  // At once, not in a later task: the dialog is closed first (a modal one keeps the page inert),
  // so whoever presses the next key finds the focus already back.
  const cancel = () => {
    ref.current?.close()
    const back = opener.current as HTMLElement | null
    if (back?.isConnected) back.focus()
    onClose()
  }
  // Once the preview is read, the publish button has the focus (Enter publishes, as it did).
  useEffect(() => {
    if (preview) ref.current?.querySelector<HTMLElement>('[data-confirm]')?.focus()
  }, [preview])

  const onKeyDown = (e: React.KeyboardEvent<HTMLDialogElement>) => modalKeyDown(e, FOCUSABLE)

  const readers = preview ? readerNote(preview.note, [standardsNote]) : []
  const mentioned = preview?.fixes.filter((f) => f.mentioned) ?? []
  const leftOut = preview?.fixes.filter((f) => !f.mentioned) ?? []
  const count = preview?.fixes.length ?? 0

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-busy={!preview && !error}
      data-testid="publish-dialog"
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        e.preventDefault()
        cancel()
      }}
      className="m-auto w-[calc(100%-1.5rem)] max-w-2xl rounded-lg border border-stone-300 bg-white p-0 text-stone-900 shadow-xl backdrop:bg-stone-900/40"
    >
      <div className="max-h-[85vh] space-y-4 overflow-y-auto p-5 text-sm">
        <h2 id={titleId} className="text-base font-semibold">
          {preview ? `Publish ${count} approved fix${count === 1 ? '' : 'es'} into the text as a new revision?` : 'Publish approved fixes'}
        </h2>
        {!preview && !error && <p className="text-stone-600">Working out what readers will be told…</p>}
        {error && (
          <p role="alert" className="rounded bg-red-50 px-3 py-2 text-red-800">
            {error}
          </p>
        )}
        {preview && preview.leftovers.length > 0 && (
          <div role="alert" data-testid="publish-leftovers" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900">
            <p className="font-medium">The old spelling is still in the text</p>
            <ul className="mt-1 list-disc space-y-1 pl-5">
              {preview.leftovers.map((l) => (
                <li key={l.id} data-testid="publish-leftover">
                  “{l.exact}” is still in {paragraphs(l.paragraphs)} ({l.count} {l.count === 1 ? 'place' : 'places'}) after this publication corrects it to “{l.correction}”, while the note will tell readers the name was corrected. {l.count === 1 ? 'Mark it as a fix and have it approved first' : 'Mark them as fixes and have them approved first'}, or publish anyway.
                </li>
              ))}
            </ul>
          </div>
        )}
        {preview && (
          <section aria-labelledby={`${titleId}-readers`}>
            <h3 id={`${titleId}-readers`} className="font-medium">
              What readers will read
            </h3>
            <p className="text-xs text-stone-500">The corrections note, as the public corrections page and the exports will show it.</p>
            <div data-testid="publish-note-preview" className="mt-2 rounded border border-stone-200 bg-stone-50 px-3 py-2">
              {readers.length ? <CorrectionsNote sentences={readers} /> : <p className="text-stone-600">Nothing: readers are not told of these fixes.</p>}
            </div>
          </section>
        )}
        {preview && count > 0 && (
          <section aria-labelledby={`${titleId}-fixes`}>
            <h3 id={`${titleId}-fixes`} className="font-medium">
              The fixes and the note
            </h3>
            <ul className="mt-1 divide-y divide-stone-100" data-testid="publish-fixes">
              {[...mentioned, ...leftOut].map((f) => (
                <li key={f.id} data-testid="publish-fix" data-mentioned={f.mentioned ? 'true' : 'false'} className="py-1.5">
                  <span className="font-serif">
                    <del className="text-red-700">{f.exact}</del> → <ins className="text-emerald-800 no-underline">{f.correction || '(delete)'}</ins>
                  </span>{' '}
                  <span className="text-stone-500">({f.category ?? 'other'})</span>
                  <span className="block text-stone-700">
                    <strong className="font-medium">{f.mentioned ? 'In the note' : 'Left out of the note'}:</strong> {f.why}.
                  </span>
                </li>
              ))}
            </ul>
          </section>
        )}
        {preview && preview.held.length > 0 && (
          <section aria-labelledby={`${titleId}-held`} data-testid="publish-held">
            <h3 id={`${titleId}-held`} className="font-medium">
              Not published
            </h3>
            <ul className="mt-1 list-disc pl-5">
              {preview.held.map((h) => (
                <li key={h.id}>
                  “{h.exact}” → “{h.correction || '(delete)'}”: {h.why}.
                </li>
              ))}
            </ul>
          </section>
        )}
        {preview && (
          <div>
            <label htmlFor={noteId} className="font-medium">
              Standards editor’s note to readers (optional)
            </label>
            <p className="text-xs text-stone-500">Shown after the note’s sentences, to readers, in your words. It is kept in the article’s history.</p>
            <textarea
              id={noteId}
              value={standardsNote}
              maxLength={STANDARDS_NOTE_MAX}
              rows={2}
              // One line, as stored: a line break would read differently in each export.
              onChange={(e) => setStandardsNote(e.target.value.replace(/[\r\n\u2028\u2029]+/g, ' '))}
              className="mt-1 block w-full rounded border border-stone-300 px-2 py-1 font-serif"
            />
            <p className="text-right text-xs text-stone-500">
              {standardsNote.length} / {STANDARDS_NOTE_MAX}
            </p>
          </div>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" data-cancel onClick={cancel} className="rounded border border-stone-300 px-3 py-1.5 hover:bg-stone-100">
            Cancel
          </button>
          <button
            type="button"
            data-confirm
            disabled={!preview || count === 0}
            aria-disabled={busy || undefined}
            onClick={() => !busy && preview && onPublish(standardsNote, preview.fixes.map((f) => f.id))}
            className="rounded bg-stone-900 px-3 py-1.5 font-medium text-white hover:bg-stone-700 disabled:opacity-50 aria-disabled:opacity-60"
          >
            Publish
          </button>
        </div>
      </div>
    </dialog>
  )
}
