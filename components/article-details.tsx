'use client'

import { useState } from 'react'
import { useRouter } from 'next/navigation'
import { NoticeBanner } from '@/components/notice'
import { callApi } from '@/components/call-api'
import { ARTICLE_STATUSES } from '@/lib/validation/vocabulary'

type Details = { id: string; title: string; sourceUrl: string | null; status: string; language: string }

/**
 * The article's desk status, and its title and source URL, editable in place (PATCH /api/articles/:id).
 * `children` (the export links) share the status row; `languageName` is the article's language in
 * words (lib/format/language.ts), worked out on the server.
 */
export function ArticleDetails({ article, languageName, canEdit, children }: { article: Details; languageName: string; canEdit: boolean; children?: React.ReactNode }) {
  const router = useRouter()
  const [editing, setEditing] = useState(false)
  const [title, setTitle] = useState(article.title)
  const [sourceUrl, setSourceUrl] = useState(article.sourceUrl ?? '')
  const [language, setLanguage] = useState(article.language)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function save(patch: Partial<Details>) {
    setBusy(true)
    setError(null)
    try {
      await callApi('PATCH', `/api/articles/${article.id}`, patch)
      setEditing(false)
      router.refresh()
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div>
      {editing ? (
        <form
          className="mt-1 space-y-2"
          onSubmit={(e) => {
            e.preventDefault()
            void save({ title, sourceUrl, ...(language !== article.language ? { language } : {}) })
          }}
        >
          <label className="block text-sm">
            <span className="text-stone-600">Title</span>
            <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={300} className="mt-0.5 block w-full rounded border border-stone-300 px-2 py-1 text-lg" />
          </label>
          <label className="block text-sm">
            <span className="text-stone-600">Source URL</span>
            <input value={sourceUrl} onChange={(e) => setSourceUrl(e.target.value)} type="url" placeholder="https://…" className="mt-0.5 block w-full rounded border border-stone-300 px-2 py-1" />
          </label>
          <label className="block text-sm">
            <span className="text-stone-600">Language</span> <span className="text-xs text-stone-500">(BCP 47: en, de, ar …; sets the text's direction and which checks run)</span>
            <input value={language} onChange={(e) => setLanguage(e.target.value)} required maxLength={35} className="mt-0.5 block w-32 rounded border border-stone-300 px-2 py-1" />
          </label>
          <div className="flex gap-2 text-sm">
            <button type="submit" disabled={busy} className="rounded bg-stone-900 px-3 py-1 font-medium text-white disabled:opacity-50">
              Save details
            </button>
            <button type="button" onClick={() => setEditing(false)} className="rounded border border-stone-300 px-3 py-1">
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <h1 className="mt-1 text-2xl font-semibold" data-testid="article-title">
            {article.title}
          </h1>
          {article.sourceUrl && (
            <a href={article.sourceUrl} className="text-sm text-blue-700 underline" target="_blank" rel="noopener noreferrer">
              {article.sourceUrl}
            </a>
          )}
        </>
      )}
      <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
        <label className="flex items-center gap-1 text-stone-600">
          Status
          <select
            aria-label="Article status"
            value={article.status}
            disabled={!canEdit || busy}
            onChange={(e) => void save({ status: e.target.value })}
            className="rounded border border-stone-300 bg-white px-1 py-0.5 text-stone-900"
          >
            {ARTICLE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <span className="text-stone-600" data-testid="article-language">
          Language: <span lang={article.language}>{languageName}</span>
        </span>
        {canEdit && !editing && (
          <button type="button" onClick={() => setEditing(true)} className="text-blue-700 underline">
            Edit title and source
          </button>
        )}
        <div className="ml-auto">{children}</div>
      </div>
      <NoticeBanner notice={error === null ? null : { tone: 'error', text: error }} className="mt-1" />
    </div>
  )
}
