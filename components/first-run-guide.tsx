'use client'

import { useEffect, useState } from 'react'

const KEY = 'galley-guide-dismissed'

/**
 * On the demo article, once per browser until dismissed: the keys of the desk and the next step.
 * Shown only after reading the dismissal (no flash of a guide already closed).
 */
export function FirstRunGuide() {
  const [open, setOpen] = useState(false)
  useEffect(() => {
    try {
      setOpen(window.localStorage.getItem(KEY) !== '1')
    } catch {
      setOpen(true)
    }
  }, [])
  if (!open) return null
  const close = () => {
    setOpen(false)
    try {
      window.localStorage.setItem(KEY, '1')
    } catch {
      // private mode: it comes back next time
    }
  }
  return (
    <aside aria-labelledby="first-run-guide" className="mb-4 rounded-lg border border-sky-200 bg-sky-50 p-4 text-sm text-sky-950" data-testid="first-run-guide">
      <div className="flex items-start justify-between gap-4">
        <h2 id="first-run-guide" className="font-semibold">
          How the desk works
        </h2>
        <button type="button" onClick={close} className="rounded border border-sky-300 bg-white px-2 py-0.5 text-xs hover:bg-sky-100">
          Got it, hide this
        </button>
      </div>
      <ul className="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-2">
        <li>
          Select words, then <kbd>C</kbd> claim, <kbd>Q</kbd> quote, <kbd>E</kbd> error (with its correction)
        </li>
        <li>
          <kbd>S</kbd> selects the sentence under the pointer (or turn on sentence mode)
        </li>
        <li>
          <kbd>J</kbd> / <kbd>K</kbd> walk the annotations in the sidebar
        </li>
        <li>
          Reviewers: <kbd>A</kbd> approve, <kbd>R</kbd> reject a fix in the review queue
        </li>
        <li>
          <kbd>/</kbd> searches the whole desk
        </li>
      </ul>
      <p className="mt-2">
        Next step: attach the wire original (<strong>Sources</strong>, beside the article) to see the desk’s own suggestions of what changed.
      </p>
    </aside>
  )
}
