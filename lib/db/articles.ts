import 'server-only'
import { db } from './client'

export type ArticleListItem = {
  id: string
  title: string
  sourceUrl: string | null
  status: string
  revision: number
  createdAt: string
  updatedAt: string
}

/** Articles, newest first. Every signed-in role may read them. */
export async function listArticles(): Promise<ArticleListItem[]> {
  const rows = await db().article.findMany({
    orderBy: { createdAt: 'desc' },
    select: { id: true, title: true, sourceUrl: true, status: true, revision: true, createdAt: true, updatedAt: true },
  })
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() }))
}
