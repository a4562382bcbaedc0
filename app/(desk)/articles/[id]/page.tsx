import type { Metadata } from 'next'
import Link from 'next/link'
import { orNotFound, pageUser } from '@/lib/auth/page'
import { getArticlePage, listLatestReviews } from '@/lib/db/annotations'
import { articleTitleFor } from '@/lib/db/articles'
import { DEMO_ARTICLE_TITLE } from '@/lib/db/seed'
import { FirstRunGuide } from '@/components/first-run-guide'
import { getSessionUser } from '@/lib/auth/session'
import { liveLogPosition } from '@/lib/db/live'
import { Annotator } from '@/components/annotator/annotator'
import { RevisePanel } from '@/components/revise-panel'
import { ArticleDetails } from '@/components/article-details'
import { languageName } from '@/lib/format/language'
import { can } from '@/lib/auth/permissions'
import { ArticleAdminAction } from '@/components/article-admin'

/** The tab says which article: "Huawei in early talks … · Galley". */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const user = await getSessionUser().catch(() => null)
  const title = user ? await articleTitleFor({ id: (await params).id, actor: user }) : null
  if (!title) return { title: user ? 'Not found' : 'Article' }
  return { title: title.length > 70 ? `${title.slice(0, 69)}…` : title }
}

const FORMATS = [
  ['text', 'Corrected text'],
  ['markdown', 'Markdown'],
  ['html', 'HTML'],
  ['json', 'JSON'],
  ['w3c', 'W3C annotations'],
  ['claimreview', 'ClaimReview'],
] as const

export default async function ArticlePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ overview?: string }> }) {
  const { id } = await params
  // ?overview=0: the page without its overview strip (the render benchmark's baseline for it).
  const overview = (await searchParams).overview !== '0'
  const user = await pageUser(`/articles/${id}`)
  // Read before the data: the page's live stream replays whatever commits after this point.
  const liveSince = (await liveLogPosition()).toString()
  const [{ article, packed, approvedCount }, reviews] = await orNotFound(Promise.all([getArticlePage({ id, actor: user }), listLatestReviews({ articleId: id, actor: user })]))
  const archived = article.status === 'archived'
  return (
    <div>
      {article.title === DEMO_ARTICLE_TITLE && <FirstRunGuide />}
      <div className="mb-4">
        <Link href="/articles" className="text-sm text-stone-500 hover:underline">
          ← Articles
        </Link>
        {/* Only the fields it shows: the body goes to the page once, with the annotator. */}
        <ArticleDetails key={article.updatedAt} article={{ id: article.id, title: article.title, sourceUrl: article.sourceUrl, status: article.status, language: article.language }} languageName={languageName(article.language)} canEdit={can(user.role, 'articles.write')}>
          <div className="flex flex-wrap items-center gap-2" data-testid="export-links">
            <span className="text-stone-500">Export:</span>
            {FORMATS.map(([format, label]) => (
              <a key={format} href={`/api/articles/${article.id}/export?format=${format}&download=1`} className="rounded border border-stone-300 bg-white px-2 py-1 hover:bg-stone-100">
                {label}
              </a>
            ))}
            {can(user.role, 'articles.delete') && <ArticleAdminAction articleId={article.id} title={article.title} mode="delete" />}
          </div>
        </ArticleDetails>
      </div>
      {archived && (
        <p className="mb-4 rounded border border-stone-300 bg-stone-100 px-3 py-2 text-sm text-stone-700" data-testid="archived-notice">
          This article is archived, so it is read-only: nothing on it can be annotated, revised, reviewed or published. Set its status back to checking to work on it again.
        </p>
      )}
      {article.status === 'published' && (
        <p className="mb-4 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="published-notice">
          This article is marked published: anything you change now corrects a published story. Every change is in its history, and published fixes are listed in its corrections note.
        </p>
      )}
      {!archived && (
        <RevisePanel
          articleId={article.id}
          revision={article.revision}
          canPublish={can(user.role, 'articles.publish')}
          approvedCount={approvedCount}
          status={article.status}
        />
      )}
      {/* A new revision remounts the annotator with the re-anchored annotations. */}
      <Annotator key={article.revision} articleId={article.id} body={article.body} revision={article.revision} initial={packed} initialReviews={reviews} viewer={{ id: user.id, role: user.role }} readOnly={archived} liveSince={liveSince} language={article.language} overview={overview} />
    </div>
  )
}
