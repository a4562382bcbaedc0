'use client'

import { useRef, useState } from 'react'
import { useRouter } from 'next/navigation'
import { NoticeBanner } from '@/components/notice'
import { callApi } from '@/components/call-api'

const field = 'mt-1 w-full rounded border border-stone-300 px-3 py-2'

/** Paste text or upload a .txt/.md file; the text is stored exactly as given, paragraphs kept. */
export function ImportForm() {
  const router = useRouter()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const bodyRef = useRef<HTMLTextAreaElement>(null)
  const titleRef = useRef<HTMLInputElement>(null)

  async function onFile(file: File | undefined) {
    if (!file) return
    if (!/\.(txt|md|markdown)$/i.test(file.name)) {
      setError('Choose a .txt or .md file.')
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
        Upload a .txt or .md file
        <input type="file" accept=".txt,.md,.markdown,text/plain,text/markdown" onChange={(e) => onFile(e.target.files?.[0])} className="mt-1 block text-sm" />
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
  )
}
