'use client'

import { useLayoutEffect, useRef, useState } from 'react'
import { useRouter } from 'next/navigation'
import { NoticeBanner, type Notice } from '@/components/notice'
import { callApi } from '@/components/call-api'
import { PublishDialog } from '@/components/publish-dialog'
import type { PublishResult } from '@/lib/types/publish'

type Mode = 'edit' | 'update'

/**
 * Change an article's text: edit it in place, or paste/upload the wire's updated version. Saves a
 * new revision against the revision this page was loaded at; annotations are re-anchored.
 */
export function RevisePanel({ articleId, revision, canPublish, approvedCount, status = 'checking' }: { articleId: string; revision: number; canPublish: boolean; approvedCount: number; status?: string }) {
  const router = useRouter()
  const [mode, setMode] = useState<Mode | null>(null)
  const [text, setText] = useState('')
  const [note, setNote] = useState('')
  const [loading, setLoading] = useState(false)
  // Which opening of the panel a text fetch belongs to: a later one (another mode) wins.
  const opening = useRef(0)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<Notice | null>(null)
  const [publishing, setPublishing] = useState(false)
  // Just published while the article is still "checking": offer to mark it published.
  const [offerPublished, setOfferPublished] = useState(false)
  const rootRef = useRef<HTMLDivElement>(null)
  // After publishing or saving a revision the button that did it is disabled or gone: the focus
  // goes to the outcome instead of being lost, in the commit that shows it.
  const focusMessage = useRef(false)
  useLayoutEffect(() => {
    if (!message || !focusMessage.current) return
    focusMessage.current = false
    rootRef.current?.querySelector<HTMLElement>('[data-notice]')?.focus({ preventScroll: true })
  }, [message])

  async function open(next: Mode) {
    const mine = ++opening.current
    setMode(next)
    setText('')
    setNote('')
    setMessage(null)
    setLoading(next === 'edit')
    if (next !== 'edit') return
    // The text of the revision this page shows, fetched when needed (not sent with every page);
    // as JSON, so a leading byte-order mark in the body survives (text decoding would drop it).
    try {
      const { body } = await callApi<{ body: string }>('GET', `/api/articles/${articleId}/revisions/${revision}`)
      if (opening.current === mine) setText(body)
    } catch (err) {
      if (opening.current === mine) setMessage({ tone: 'error', text: `Could not load the text: ${(err as Error).message}` })
    } finally {
      if (opening.current === mine) setLoading(false)
    }
  }

  async function send(url: string, method: string, payload: unknown): Promise<any> {
    if (busy) return null
    setBusy(true)
    try {
      return await callApi(method, url, payload)
    } catch (err) {
      setMessage({ tone: 'error', text: (err as Error).message })
      return null
    } finally {
      setBusy(false)
    }
  }

  async function save() {
    const out = await send(`/api/articles/${articleId}/body`, 'PUT', { body: text, baseRevision: revision, reason: mode === 'update' ? 'wire update re-imported' : 'edited', note })
    if (!out) return
    const r = out.reanchor
    setMode(null)
    const again = r.reviewAgain ? ` ${r.reviewAgain} fix${r.reviewAgain === 1 ? '' : 'es'} had ${r.reviewAgain === 1 ? 'its' : 'their'} words changed and ${r.reviewAgain === 1 ? 'needs' : 'need'} review again.` : ''
    const restored = r.restored ? `, ${r.restored} put back where they were` : ''
    setMessage({ tone: 'ok', text: `Saved revision ${out.revision}. Annotations: ${r.exact} unchanged, ${r.moved} moved, ${r.fuzzy} found again${restored}, ${r.orphaned} need re-anchoring.${again}` })
    focusMessage.current = true
    router.refresh()
  }

  function publish() {
    if (busy) return // a save or another publication is under way
    setPublishing(true)
  }

  async function confirmPublish(standardsNote: string, fixes: string[]) {
    // The fixes the dialog showed: if others were approved or sent back meanwhile, the server says so (409).
    const out: PublishResult | null = await send(`/api/articles/${articleId}/publish`, 'POST', { baseRevision: revision, fixes, ...(standardsNote.trim() ? { standardsNote } : {}) })
    setPublishing(false)
    if (!out) return
    setMessage({ tone: 'ok', text: `Published ${out.applied} fix${out.applied === 1 ? '' : 'es'} as revision ${out.revision}.` })
    setOfferPublished(status === 'checking')
    focusMessage.current = true
    router.refresh()
  }

  async function markPublished() {
    const out = await send(`/api/articles/${articleId}`, 'PATCH', { status: 'published' })
    if (!out) return
    setOfferPublished(false)
    setMessage({ tone: 'ok', text: 'The article is marked published.' })
    focusMessage.current = true
    router.refresh()
  }

  return (
    <div className="mb-4" data-testid="revise-panel" ref={rootRef}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-stone-500">Revision {revision}</span>
        <a href={`/articles/${articleId}/revisions`} className="text-blue-700 underline">
          Revisions
        </a>
        <a href={`/articles/${articleId}/history`} className="text-blue-700 underline">
          History
        </a>
        <a href={`/review?article=${articleId}`} className="text-blue-700 underline">
          Review its fixes
        </a>
        <button type="button" onClick={() => open('edit')} className="rounded border border-stone-300 bg-white px-2 py-1 hover:bg-stone-100">
          Edit text
        </button>
        <button type="button" onClick={() => open('update')} className="rounded border border-stone-300 bg-white px-2 py-1 hover:bg-stone-100">
          Update from wire
        </button>
        {canPublish && (
          <button type="button" onClick={publish} disabled={approvedCount === 0} aria-disabled={busy || undefined} title={approvedCount === 0 ? 'No approved fixes to publish' : undefined} className="rounded border border-emerald-600 bg-white px-2 py-1 text-emerald-800 hover:bg-emerald-50 disabled:opacity-50 aria-disabled:opacity-50">
            Publish approved fixes ({approvedCount})
          </button>
        )}
      </div>
      <NoticeBanner notice={message} testId="revise-message" className="mt-2" focusable>
        {offerPublished && status === 'checking' && (
          <span className="mt-1 block" data-testid="offer-mark-published">
            The article is still marked “checking”.{' '}
            <button type="button" onClick={markPublished} aria-disabled={busy || undefined} className="rounded border border-emerald-600 bg-white px-2 py-0.5 text-emerald-800 hover:bg-emerald-50">
              Mark it published
            </button>
          </span>
        )}
      </NoticeBanner>
      {publishing && <PublishDialog articleId={articleId} busy={busy} onClose={() => setPublishing(false)} onPublish={confirmPublish} />}
      {mode && (
        <div className="mt-3 space-y-2 rounded-lg border border-stone-200 bg-white p-4">
          <h2 className="font-semibold">{mode === 'edit' ? 'Edit the text' : 'Paste or upload the updated wire copy'}</h2>
          {mode === 'update' && (
            <input
              type="file"
              accept=".txt,.md,text/plain,text/markdown"
              aria-label="Upload updated text"
              onChange={async (e) => {
                const f = e.target.files?.[0]
                if (f) setText(await f.text())
              }}
              className="block text-sm"
            />
          )}
          <textarea aria-label="Article text" value={text} disabled={loading} aria-busy={loading} onChange={(e) => setText(e.target.value)} rows={14} className="w-full rounded border border-stone-300 px-3 py-2 font-serif text-sm" />
          <label className="block text-sm">
            <span className="text-stone-600">Note for the history (optional)</span>
            <input value={note} onChange={(e) => setNote(e.target.value.replace(/[\r\n]+/g, ' '))} maxLength={500} className="mt-1 block w-full rounded border border-stone-300 px-2 py-1" />
          </label>
          <div className="flex gap-2">
            <button type="button" onClick={save} disabled={loading} aria-disabled={busy || undefined} className="rounded bg-stone-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-stone-700 disabled:opacity-60 aria-disabled:opacity-60">
              Save revision
            </button>
            <button type="button" onClick={() => setMode(null)} className="rounded border border-stone-300 px-3 py-1.5 text-sm hover:bg-stone-100">
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  )
}
