import { apiRoute, json } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { listSuggestions } from '@/lib/db/suggestions'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// GET /api/articles/:id/suggestions — open suggestions in text order, plus the source sentences
// the article lacks (`missing`); recomputed first when the body or the sources changed.
export const GET = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  return json(await listSuggestions({ articleId: (await params).id, actor }))
})
