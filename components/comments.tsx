'use client'

import { useEffect, useState } from 'react'
import type { CommentDto } from '@/lib/types/desk'
import { callApi } from '@/components/call-api'
import { LIVE_WINDOW_EVENT } from '@/lib/live/client'
import type { LiveEvent } from '@/lib/types/live'

/** Threaded comments on an annotation: comment, reply, resolve and reopen. Text is shown as text. */
export function Comments({ annotationId, initial }: { annotationId: string; initial?: CommentDto[] }) {
  const [comments, setComments] = useState<CommentDto[] | null>(initial ?? null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (initial) return
    let live = true
    callApi<{ comments: CommentDto[] }>('GET', `/api/annotations/${annotationId}/comments`)
      .then((out) => live && setComments(out.comments))
      .catch((err: Error) => live && setError(`Could not load comments: ${err.message}`))
    return () => {
      live = false
    }
  }, [annotationId, initial])
  // Someone else's comment on this annotation (from the page's live stream): show it. What is
  // being typed is in the form's own input and is left alone.
  useEffect(() => {
    function onLive(e: Event) {
      const { data } = (e as CustomEvent<LiveEvent>).detail
      if (data.type !== 'comment' || data.annotationId !== annotationId) return
      callApi<{ comments: CommentDto[] }>('GET', `/api/annotations/${annotationId}/comments`).then(
        (out) => setComments(out.comments),
        () => undefined,
      )
    }
    window.addEventListener(LIVE_WINDOW_EVENT, onLive)
    return () => window.removeEventListener(LIVE_WINDOW_EVENT, onLive)
  }, [annotationId])

  async function call(url: string, body?: unknown): Promise<CommentDto | null> {
    try {
      const out = await callApi<CommentDto>('POST', url, body)
      setError(null)
      return out
    } catch (err) {
      setError((err as Error).message)
      return null
    }
  }
  const add = async (form: FormData, parentId?: string) => {
    const created = await call(`/api/annotations/${annotationId}/comments`, { body: form.get('body'), parentId: parentId ?? null })
    if (created) setComments((list) => [...(list ?? []), created])
  }
  const toggle = async (c: CommentDto) => {
    const updated = await call(`/api/comments/${c.id}/${c.resolvedAt ? 'reopen' : 'resolve'}`)
    if (updated) setComments((list) => (list ?? []).map((x) => (x.id === updated.id ? updated : x)))
  }

  const roots = (comments ?? []).filter((c) => !c.parentId)
  return (
    <div className="space-y-2" data-testid="comments">
      {error && <p className="text-xs text-red-700">{error}</p>}
      {roots.map((root) => (
        <div key={root.id} data-testid="comment-thread" className={`rounded border p-2 ${root.resolvedAt ? 'border-stone-200 bg-stone-50 text-stone-500' : 'border-stone-300 bg-white'}`}>
          {[root, ...(comments ?? []).filter((c) => c.parentId === root.id)].map((c) => (
            <p key={c.id} className={`whitespace-pre-wrap text-sm ${c.parentId ? 'ml-3 mt-1 border-l-2 border-stone-200 pl-2' : ''}`} data-testid="comment">
              <span className="font-medium">{c.author.name}:</span> {c.body}
            </p>
          ))}
          <div className="mt-1 flex items-center gap-2 text-xs">
            <button type="button" onClick={() => toggle(root)} className="rounded border border-stone-300 px-1.5 py-0.5 hover:bg-stone-100">
              {root.resolvedAt ? 'Reopen' : 'Resolve'}
            </button>
            {root.resolvedAt && <span>Resolved by {root.resolvedBy?.name}</span>}
          </div>
          {!root.resolvedAt && (
            <form action={(f) => add(f, root.id)} className="mt-1 flex gap-1">
              <input name="body" required aria-label="Reply" placeholder="Reply" className="min-w-0 flex-1 rounded border border-stone-300 px-1.5 py-0.5 text-xs" />
              <button type="submit" className="rounded border border-stone-300 px-1.5 py-0.5 text-xs hover:bg-stone-100">
                Reply
              </button>
            </form>
          )}
        </div>
      ))}
      <form action={(f) => add(f)} className="flex gap-1">
        <input name="body" required aria-label="Comment" placeholder="Add a comment" className="min-w-0 flex-1 rounded border border-stone-300 px-2 py-1 text-sm" />
        <button type="submit" className="rounded border border-stone-300 px-2 py-1 text-sm hover:bg-stone-100">
          Comment
        </button>
      </form>
    </div>
  )
}
