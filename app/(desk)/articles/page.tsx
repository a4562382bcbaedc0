import type { Metadata } from 'next'
import Link from 'next/link'
import { pageUser } from '@/lib/auth/page'
import { can } from '@/lib/auth/permissions'
import { listArticles, type ArticleListItem } from '@/lib/db/articles'
import { ArticleAdminAction } from '@/components/article-admin'
import { LiveRefresh } from '@/components/live/live-refresh'
import { liveLogPosition, presenceCounts } from '@/lib/db/live'
import { PRESENCE_STALE_MS } from '@/lib/live/hub'
import { ProgressLine } from '@/components/progress-line'
import { When } from '@/components/when'
import { count } from '@/lib/format/words'

export const metadata: Metadata = { title: 'Articles' }

function Counts({ one, c }: { one: string; c: ArticleListItem['counts']['claim'] }) {
  return <span className="whitespace-nowrap">{count(c.open + c.approved + c.rejected + c.applied, one)}</span>
}

export default async function ArticlesPage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const user = await pageUser('/articles')
  // Admins can list deleted articles to restore one.
  const deleted = (await searchParams).deleted === '1' && can(user.role, 'articles.delete')
  // Read before the data: the list's live stream replays whatever commits after this point.
  const since = (await liveLogPosition()).toString()
  const articles = await listArticles({ actor: user, deleted })
  const viewing = deleted ? new Map<string, number>() : await presenceCounts(articles.map((a) => a.id), PRESENCE_STALE_MS)
  return (
    <section>
      <div className="mb-4 flex items-center gap-4">
        <h1 className="text-2xl font-semibold">{deleted ? 'Deleted articles' : 'Articles'}</h1>
        {can(user.role, 'articles.delete') && (
          <Link href={deleted ? '/articles' : '/articles?deleted=1'} className="text-sm text-blue-700 underline">
            {deleted ? 'All articles' : 'Deleted articles'}
          </Link>
        )}
        {!deleted && <LiveRefresh since={since} />}
        {!deleted && can(user.role, 'articles.write') && (
          <Link href="/articles/new" className="ml-auto rounded bg-stone-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-stone-700">
            Import article
          </Link>
        )}
      </div>
      {articles.length === 0 ? (
        <p className="text-stone-600">{deleted ? 'No deleted articles.' : 'No articles yet.'}</p>
      ) : (
        <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white" data-testid="article-list">
          {articles.map((a) => (
            <li key={a.id} className="px-4 py-3">
              {/* Wraps on a phone: a long title (or one long word in it) never widens the page. */}
              <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
                {deleted ? (
                  <span className="min-w-0 font-medium [overflow-wrap:anywhere]">{a.title}</span>
                ) : (
                  <Link href={`/articles/${a.id}`} className="min-w-0 font-medium [overflow-wrap:anywhere] hover:underline">
                    {a.title}
                  </Link>
                )}
                {deleted && <ArticleAdminAction articleId={a.id} title={a.title} mode="restore" />}
                {(viewing.get(a.id) ?? 0) > 0 && (
                  <span className="ml-auto rounded-full bg-emerald-50 px-2 text-xs text-emerald-800" data-testid="article-viewers">
                    {viewing.get(a.id)} viewing now
                  </span>
                )}
                <span className={`${(viewing.get(a.id) ?? 0) > 0 ? '' : 'ml-auto '}text-xs uppercase tracking-wide text-stone-500`} data-testid="article-status">
                  {a.status}
                </span>
                <When at={a.updatedAt} className="text-xs text-stone-500" />
              </div>
              <div className="mt-1 flex flex-wrap gap-x-4 text-sm text-stone-600" data-testid="article-counts">
                <Counts one="claim" c={a.counts.claim} />
                <Counts one="quote" c={a.counts.quote} />
              </div>
              <ProgressLine className="mt-1" progress={{ open: a.counts.error.open, approved: a.counts.error.approved, rejected: a.counts.error.rejected, published: a.counts.error.applied, suggestions: a.suggestionsWaiting }} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
