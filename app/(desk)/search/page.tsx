import type { Metadata } from 'next'
import Link from 'next/link'
import { pageUser } from '@/lib/auth/page'
import { search } from '@/lib/db/search'
import { searchQuerySchema } from '@/lib/validation/search'
import { ANNOTATION_KINDS, ANNOTATION_STATUSES, ARTICLE_STATUSES, ERROR_CATEGORIES, VERDICTS, verdictLabel } from '@/lib/validation/vocabulary'
import { AppError } from '@/lib/errors'
import type { SearchResult } from '@/lib/types/search'

export const metadata: Metadata = { title: 'Search' }

type Params = Record<string, string | string[] | undefined>
const FILTERS = ['type', 'kind', 'status', 'verdict', 'category', 'author', 'articleStatus', 'from', 'to'] as const

/** The snippet with its matched words marked: text only, never HTML from the desk. */
function Snippet({ text, highlights }: { text: string; highlights: Array<[number, number]> }) {
  const chars = [...text]
  const parts: Array<{ text: string; hit: boolean }> = []
  let at = 0
  for (const [s, e] of highlights) {
    if (s > at) parts.push({ text: chars.slice(at, s).join(''), hit: false })
    parts.push({ text: chars.slice(s, e).join(''), hit: true })
    at = e
  }
  if (at < chars.length) parts.push({ text: chars.slice(at).join(''), hit: false })
  return (
    <p className="mt-1 text-sm text-stone-700" data-testid="search-snippet">
      {parts.map((p, i) => (p.hit ? <mark key={i} className="rounded bg-amber-200 px-0.5 text-stone-900">{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </p>
  )
}

const TYPE_LABEL: Record<SearchResult['type'], string> = { article: 'Article', annotation: 'Annotation', comment: 'Comment' }

function Select({ name, label, values, value, labelOf = (v) => v }: { name: string; label: string; values: readonly string[]; value?: string; labelOf?: (v: string) => string }) {
  return (
    <label className="flex flex-col text-xs text-stone-600">
      {label}
      <select name={name} defaultValue={value ?? ''} className="mt-0.5 rounded border border-stone-300 bg-white px-1 py-1 text-sm text-stone-900">
        <option value="">any</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {labelOf(v)}
          </option>
        ))}
      </select>
    </label>
  )
}

export default async function SearchPage({ searchParams }: { searchParams: Promise<Params> }) {
  const raw = await searchParams
  const one = (k: string) => (typeof raw[k] === 'string' && raw[k] !== '' ? (raw[k] as string) : undefined)
  const given = Object.fromEntries(['q', ...FILTERS, 'cursor'].map((k) => [k, one(k)]).filter(([, v]) => v !== undefined)) as Record<string, string>
  const user = await pageUser(`/search?${new URLSearchParams(given)}`)
  const parsed = searchQuerySchema.safeParse(given)
  const asked = Boolean(given.q || FILTERS.some((f) => given[f]))
  let answer: Awaited<ReturnType<typeof search>> | null = null
  let problem: string | null = null
  if (!parsed.success) problem = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
  else if (asked) {
    try {
      answer = await search({ actor: user, query: parsed.data })
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err
      problem = err.message
    }
  }
  const more = answer?.nextCursor ? `/search?${new URLSearchParams({ ...given, cursor: answer.nextCursor })}` : null
  return (
    <section>
      <h1 className="mb-3 text-2xl font-semibold">Search</h1>
      <form action="/search" method="get" className="mb-4 space-y-3 rounded border border-stone-200 bg-white p-3" aria-label="Search and filters">
        <div className="flex gap-2">
          <label htmlFor="search-q" className="sr-only">
            Words to find
          </label>
          <input id="search-q" name="q" type="search" defaultValue={given.q ?? ''} maxLength={999} className="flex-1 rounded border border-stone-300 px-2 py-1" placeholder={'e.g. "vice president" -Huawei'} />
          <button type="submit" className="rounded bg-stone-900 px-3 py-1 text-sm font-medium text-white hover:bg-stone-700">
            Search
          </button>
        </div>
        <div className="flex flex-wrap gap-3">
          <Select name="type" label="Find" values={['article', 'annotation', 'comment']} value={given.type} labelOf={(v) => TYPE_LABEL[v as SearchResult['type']] + 's'} />
          <Select name="kind" label="Kind" values={ANNOTATION_KINDS} value={given.kind} />
          <Select name="status" label="Status" values={ANNOTATION_STATUSES} value={given.status} />
          <Select name="verdict" label="Verdict" values={VERDICTS} value={given.verdict} labelOf={verdictLabel} />
          <Select name="category" label="Category" values={ERROR_CATEGORIES} value={given.category} />
          <Select name="articleStatus" label="Article" values={ARTICLE_STATUSES} value={given.articleStatus} />
          <label className="flex flex-col text-xs text-stone-600">
            Author (email)
            <input name="author" type="text" defaultValue={given.author ?? ''} className="mt-0.5 w-44 rounded border border-stone-300 px-1 py-1 text-sm text-stone-900" />
          </label>
          <label className="flex flex-col text-xs text-stone-600">
            From
            <input name="from" type="date" defaultValue={given.from?.slice(0, 10) ?? ''} className="mt-0.5 rounded border border-stone-300 px-1 py-1 text-sm text-stone-900" />
          </label>
          <label className="flex flex-col text-xs text-stone-600">
            To
            <input name="to" type="date" defaultValue={given.to?.slice(0, 10) ?? ''} className="mt-0.5 rounded border border-stone-300 px-1 py-1 text-sm text-stone-900" />
          </label>
        </div>
        <p className="text-xs text-stone-500">Quotes for a phrase, a minus to leave a word out, “or” for either. Names close to what you typed are found too, marked “near match”.</p>
      </form>
      {problem && (
        <p role="alert" className="mb-3 rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {problem}
        </p>
      )}
      {answer && (
        <>
          <p className="mb-2 text-sm text-stone-600" role="status">
            {answer.results.length === 0 ? 'Nothing found.' : `${answer.results.length}${answer.nextCursor ? '+' : ''} result${answer.results.length === 1 ? '' : 's'}${given.cursor ? ' (further on)' : ''}, best first.`}
          </p>
          <ol className="space-y-2" aria-label="Results">
            {answer.results.map((r) => (
              <li key={`${r.type}-${r.id}`} className="rounded border border-stone-200 bg-white p-3" data-testid="search-result">
                <div className="flex flex-wrap items-baseline gap-2 text-xs text-stone-600">
                  <span className="font-medium uppercase tracking-wide">{TYPE_LABEL[r.type]}</span>
                  {r.kind && <span className="rounded bg-stone-100 px-1.5">{r.kind}</span>}
                  {r.status && r.kind === 'error' && <span className="rounded bg-stone-100 px-1.5">{r.status}</span>}
                  {r.verdict && <span className="rounded bg-stone-100 px-1.5">{verdictLabel(r.verdict)}</span>}
                  {r.near && <span className="rounded bg-sky-100 px-1.5 text-sky-900">near match</span>}
                </div>
                <Link href={`/articles/${r.articleId}${r.annotationId ? `#annotation-${r.annotationId}` : ''}`} className="font-medium text-blue-800 underline">
                  {r.title}
                </Link>
                <Snippet text={r.snippet} highlights={r.highlights} />
              </li>
            ))}
          </ol>
          {more && (
            <p className="mt-3">
              <Link href={more} className="text-blue-700 underline">
                More results
              </Link>
            </p>
          )}
        </>
      )}
    </section>
  )
}
