import { apiRoute, json } from '@/lib/api/handler'
import { requirePermission } from '@/lib/auth/session'
import { listArticles } from '@/lib/db/articles'

export const runtime = 'nodejs'

// GET /api/articles — every article the caller may read, newest first.
export const GET = apiRoute(async () => {
  await requirePermission('articles.read')
  return json({ articles: await listArticles() })
})
