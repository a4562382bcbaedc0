'use client'

import { useEffect } from 'react'

/** 500 in Galley's style: nothing was lost; try again, or go back to the articles. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    document.title = 'Something went wrong · Galley'
  }, [])
  return (
    <section role="alert" className="mx-auto mt-12 max-w-md rounded-lg border border-red-200 bg-white p-6 text-center shadow-sm" data-testid="server-error">
      <p className="text-sm font-medium uppercase tracking-wide text-red-700">Error</p>
      <h1 className="mt-1 text-xl font-semibold">Something went wrong on the desk</h1>
      <p className="mt-2 text-sm text-stone-600">
        Nothing you saved is lost: every change is written whole or not at all. Try again; if it keeps happening, tell your admin{error.digest ? ` (reference ${error.digest})` : ''}.
      </p>
      <p className="mt-4 flex justify-center gap-4 text-sm">
        <button type="button" onClick={reset} className="rounded bg-stone-900 px-3 py-1.5 font-medium text-white hover:bg-stone-700">
          Try again
        </button>
        <a href="/articles" className="self-center text-blue-700 underline">
          All articles
        </a>
      </p>
    </section>
  )
}
