'use client'

import { useState } from 'react'
import { useRouter } from 'next/navigation'
import { NoticeBanner, type Notice } from '@/components/notice'
import { callApi } from '@/components/call-api'
import { useConfirm } from '@/components/confirm-dialog'

/** Admin: delete an article (soft; it can be restored from the deleted list), or restore one. */
export function ArticleAdminAction({ articleId, title, mode }: { articleId: string; title: string; mode: 'delete' | 'restore' }) {
  const router = useRouter()
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<Notice | null>(null)
  const [confirm, dialog] = useConfirm()

  async function act() {
    if (mode === 'delete' && !(await confirm({ message: `Delete “${title}”? It disappears from lists and exports; an admin can restore it.`, confirm: 'Delete article', danger: true }))) return
    setBusy(true)
    try {
      if (mode === 'delete') {
        await callApi('DELETE', `/api/articles/${articleId}`)
        router.push('/articles')
      } else {
        await callApi('POST', `/api/articles/${articleId}/restore`)
        router.refresh()
      }
    } catch (err) {
      setMessage({ tone: 'error', text: (err as Error).message })
    } finally {
      setBusy(false)
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" onClick={act} disabled={busy} className="rounded border border-red-300 bg-white px-2 py-1 text-sm text-red-700 hover:bg-red-50 disabled:opacity-50">
        {mode === 'delete' ? 'Delete article' : 'Restore'}
      </button>
      <NoticeBanner notice={message} />
      {dialog}
    </span>
  )
}
