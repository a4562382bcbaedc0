import type { Metadata } from 'next'
import Link from 'next/link'
import { orNotFound, pageUser } from '@/lib/auth/page'
import { getArticle } from '@/lib/db/articles'
import { getArticleHistory } from '@/lib/db/history'
import { historyQuerySchema } from '@/lib/validation/history'
import { sentence } from '@/lib/format/words'
import { When } from '@/components/when'

export const metadata: Metadata = { title: 'History' }

export default async function HistoryPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ after?: string | string[] }> }) {
  const { id } = await params
  const user = await pageUser(`/articles/${id}/history`)
  // A page at a time (oldest first): a cursor that is not one starts from the beginning.
  const query = historyQuerySchema.safeParse({ after: (await searchParams).after })
  const after = query.success ? query.data.after : undefined
  const [article, { events, nextCursor }] = await orNotFound(Promise.all([getArticle({ id, actor: user }), getArticleHistory({ articleId: id, actor: user, after })]))
  return (
    <section className="max-w-4xl">
      <Link href={`/articles/${id}`} className="text-sm text-stone-500 hover:underline">
        ← {article.title}
      </Link>
      <h1 className="mb-4 mt-1 text-2xl font-semibold">History</h1>
      {after && (
        <p className="mb-2 text-sm">
          <Link href={`/articles/${id}/history`} className="text-stone-600 underline">
            From the beginning
          </Link>
        </p>
      )}
      <ol className="divide-y divide-stone-100 rounded-lg border border-stone-200 bg-white text-sm" data-testid="history">
        {events.map((e) => (
          <li key={e.id} className="flex flex-col gap-x-4 px-4 py-2 sm:flex-row">
            <When at={e.at} time className="shrink-0 text-stone-500 sm:w-40" />
            <p className="min-w-0 break-words">
              {/* One full stop: a description ending in a comment's own stop or an ellipsis gets none. */}
              <span className="font-medium">{e.actor?.name ?? 'System'}</span> {sentence(e.description)}
            </p>
          </li>
        ))}
      </ol>
      {nextCursor && (
        <p className="mt-3 text-sm">
          <Link href={`/articles/${id}/history?after=${nextCursor}`} className="text-stone-700 underline">
            Later events →
          </Link>
        </p>
      )}
    </section>
  )
}
