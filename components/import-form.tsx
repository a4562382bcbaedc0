'use client'

import { useRef, useState } from 'react'
import { useRouter } from 'next/navigation'
import { NoticeBanner } from '@/components/notice'
import { callApi } from '@/components/call-api'

const field = 'mt-1 w-full rounded border border-stone-300 px-3 py-2'

/**
 * Fetch a story from the web (the server extracts title, byline and paragraphs), upload a saved
 * .html page, or paste text / upload a .txt or .md file (stored exactly as given, paragraphs kept).
 */
export function ImportForm() {
  const router = useRouter()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const bodyRef = useRef<HTMLTextAreaElement>(null)
  const titleRef = useRef<HTMLInputElement>(null)

  async function fromWeb(payload: { url: string } | { html: string; url?: string; title?: string }) {
    setBusy(true)
    setError(null)
    try {
      const created = await callApi<{ id: string }>('POST', '/api/articles/import', payload)
      router.push(`/articles/${created.id}`)
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  async function onFile(file: File | undefined) {
    if (!file) return
    if (/\.html?$/i.test(file.name)) {
      // A saved web page: the story is extracted on the server, as for a URL.
      const form = bodyRef.current?.form
      const url = (form?.elements.namedItem('sourceUrl') as HTMLInputElement | null)?.value || undefined
      await fromWeb({ html: await file.text(), ...(url ? { url } : {}), ...(titleRef.current?.value ? { title: titleRef.current.value } : {}) })
      return
    }
    if (!/\.(txt|md|markdown)$/i.test(file.name)) {
      setError('Choose a .txt, .md or .html file.')
      return
    }
    const text = await file.text()
    if (bodyRef.current) bodyRef.current.value = text
    if (titleRef.current && !titleRef.current.value) {
      titleRef.current.value = /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? file.name.replace(/\.[^.]+$/, '')
    }
    setError(null)
  }

  async function submit(form: FormData) {
    setBusy(true)
    setError(null)
    try {
      const created = await callApi<{ id: string }>('POST', '/api/articles', { title: form.get('title'), body: form.get('body'), sourceUrl: form.get('sourceUrl') || null })
      router.push(`/articles/${created.id}`)
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="space-y-4">
    <form
      className="flex flex-wrap items-end gap-3 rounded-lg border border-stone-200 bg-white p-6"
      data-testid="import-url-form"
      onSubmit={(e) => {
        e.preventDefault()
        void fromWeb({ url: String(new FormData(e.currentTarget).get('url') ?? '') })
      }}
    >
      <label className="block min-w-72 flex-1 text-sm font-medium">
        From the web: the story's address
        <input name="url" type="url" required className={field} placeholder="https://news.example/2026/12/story" />
      </label>
      <button type="submit" disabled={busy} className="rounded bg-stone-900 px-4 py-2 font-medium text-white hover:bg-stone-700 disabled:opacity-60">
        {busy ? 'Fetching…' : 'Fetch and import'}
      </button>
      <p className="w-full text-xs text-stone-500">Galley fetches the page and keeps the story — title, byline, paragraphs — without the menus, share bars and comment forms around it.</p>
    </form>
    <form action={submit} className="space-y-4 rounded-lg border border-stone-200 bg-white p-6">
      <label className="block text-sm font-medium">
        Title
        <input ref={titleRef} name="title" required className={field} />
      </label>
      <label className="block text-sm font-medium">
        Source URL <span className="font-normal text-stone-500">(optional)</span>
        <input name="sourceUrl" type="url" className={field} placeholder="https://" />
      </label>
      <label className="block text-sm font-medium">
        Upload a .txt or .md file, or a saved .html page
        <input type="file" accept=".txt,.md,.markdown,.html,.htm,text/plain,text/markdown,text/html" onChange={(e) => onFile(e.target.files?.[0])} className="mt-1 block text-sm" />
      </label>
      <label className="block text-sm font-medium">
        Text <span className="font-normal text-stone-500">(paragraphs separated by blank lines)</span>
        <textarea ref={bodyRef} name="body" required rows={16} className={`${field} font-serif`} />
      </label>
      <NoticeBanner notice={error === null ? null : { tone: 'error', text: error }} testId="import-error" />
      <button type="submit" disabled={busy} className="rounded bg-stone-900 px-4 py-2 font-medium text-white hover:bg-stone-700 disabled:opacity-60">
        {busy ? 'Importing…' : 'Import'}
      </button>
    </form>
    <NoticeBanner notice={error === null ? null : { tone: 'error', text: error }} testId="import-url-error" />
    </div>
  )
}
