import { apiRoute } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { dismissSuggestion } from '@/lib/db/suggestions'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// POST /api/suggestions/:id/dismiss — hide it; it stays dismissed for these words across revisions.
export const POST = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  await dismissSuggestion({ id: (await params).id, actor })
  return new Response(null, { status: 204 })
})
