'use client'

import { useEffect, useState } from 'react'

type Diff = [number, string]

/** Pick any two revisions and read what changed: deletions struck, insertions marked. */
export function RevisionDiff({ articleId, numbers }: { articleId: string; numbers: number[] }) {
  const [from, setFrom] = useState(numbers[numbers.length - 2])
  const [to, setTo] = useState(numbers[numbers.length - 1])
  const [diff, setDiff] = useState<Diff[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    fetch(`/api/articles/${articleId}/diff?from=${from}&to=${to}`)
      .then(async (res) => {
        const body = await res.json()
        if (!live) return
        if (res.ok) {
          setDiff(body.diff)
          setError(null)
        } else setError(body.error?.message ?? `The server answered ${res.status}.`)
      })
      .catch(() => live && setError('Could not load the diff.'))
    return () => {
      live = false
    }
  }, [articleId, from, to])
  const select = (value: number, set: (n: number) => void, label: string) => (
    <label className="text-sm">
      {label}{' '}
      <select value={value} onChange={(e) => set(Number(e.target.value))} className="rounded border border-stone-300 px-2 py-1">
        {numbers.map((n) => (
          <option key={n} value={n}>
            revision {n}
          </option>
        ))}
      </select>
    </label>
  )
  return (
    <div>
      <div className="mb-3 flex gap-4">
        {select(from, setFrom, 'From')}
        {select(to, setTo, 'to')}
      </div>
      {error && <p className="text-sm text-red-700">{error}</p>}
      <div className="whitespace-pre-wrap rounded-lg border border-stone-200 bg-white p-6 font-serif leading-7" data-testid="revision-diff">
        {diff?.map(([op, text], i) =>
          op === 0 ? (
            <span key={i}>{text}</span>
          ) : op < 0 ? (
            <del key={i} className="bg-red-100 text-red-800">
              {text}
            </del>
          ) : (
            <ins key={i} className="bg-emerald-100 text-emerald-900 no-underline">
              {text}
            </ins>
          ),
        )}
      </div>
    </div>
  )
}
