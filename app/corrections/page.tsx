import type { Metadata } from 'next'
import { headers } from 'next/headers'
import { notFound } from 'next/navigation'
import { listPublicCorrections, publicCorrectionsEnabled } from '@/lib/db/public-corrections'
import { exportContextFrom, httpHref, scriptSafeJson } from '@/lib/export/article-export'
import { correctionComment, entryAnchor, parseCursor } from '@/lib/export/public-corrections'
import { CorrectionsNote } from '@/components/corrections-note'

export const metadata: Metadata = { title: 'Corrections', alternates: { types: { 'application/atom+xml': '/corrections.atom' } } }

/**
 * The public corrections page (GALLEY_PUBLIC_CORRECTIONS=1; no sign-in): the corrections written
 * when fixes were published, newest first, a page at a time (`?before=` from "Older corrections").
 * Only what lib/db/public-corrections reads is shown. proxy.ts answers a reader who already has
 * this page with 304 and sends its ETag and Last-Modified.
 */
export default async function CorrectionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!publicCorrectionsEnabled()) notFound()
  const param = (await searchParams).before
  const before = Array.isArray(param) ? param[0] : param
  const cursor = before === undefined ? null : parseCursor(before)
  // A cursor this page did not write names no page.
  if (before !== undefined && !cursor) notFound()
  const h = await headers()
  const { origin, publisher } = exportContextFrom(process.env, { url: `http://${h.get('host') ?? 'localhost'}/corrections`, headers: h })
  const { entries, next } = await listPublicCorrections({ before: cursor })
  const page = `${origin}/corrections`
  return (
    <section className="mx-auto max-w-3xl">
      <h1 className="mb-1 text-2xl font-semibold">{cursor ? 'Older corrections' : 'Corrections'}</h1>
      <p className="mb-6 text-sm text-stone-600">
        Errors we have corrected in published stories, newest first. Also as a feed:{' '}
        <a href="/corrections.atom" className="text-blue-700 underline">
          Atom
        </a>
        .
      </p>
      {entries.length === 0 ? (
        <p className="text-stone-600" data-testid="no-corrections">
          {cursor ? 'No older corrections.' : 'No corrections yet.'}
        </p>
      ) : (
        <ol className="space-y-6" data-testid="public-corrections">
          {entries.map((e) => {
            const href = e.sourceUrl ? httpHref(e.sourceUrl) : null
            const anchor = entryAnchor(e)
            return (
              <li key={anchor} id={anchor} data-testid="public-correction" className="rounded-lg border border-stone-200 bg-white p-4">
                <h2 className="text-lg font-medium break-words">{href ? <a href={href} className="hover:underline">{e.title}</a> : e.title}</h2>
                <p className="mb-2 text-sm text-stone-500">
                  Corrected <time dateTime={e.correctedAt}>{new Date(e.correctedAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })}</time>
                </p>
                <CorrectionsNote sentences={e.note} />
                <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: scriptSafeJson(correctionComment(e, page, publisher)) }} />
              </li>
            )
          })}
        </ol>
      )}
      {(next || cursor) && (
        <nav aria-label="More corrections" className="mt-8 flex flex-wrap justify-between gap-4 text-sm">
          {cursor ? (
            <a href="/corrections" className="text-blue-700 underline">
              Newest corrections
            </a>
          ) : (
            <span />
          )}
          {next && (
            <a href={`/corrections?before=${next}`} rel="next" className="text-blue-700 underline" data-testid="older-corrections">
              Older corrections
            </a>
          )}
        </nav>
      )}
    </section>
  )
}
