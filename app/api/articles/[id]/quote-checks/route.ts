import { apiRoute, json } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { listQuoteChecks } from '@/lib/db/suggestions'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// GET /api/articles/:id/quote-checks — each quoted passage and quote annotation against the
// transcripts: {quotes, complete}; `complete: false` when the checks done so far are given (ask again).
export const GET = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  return json(await listQuoteChecks({ articleId: (await params).id, actor }))
})
