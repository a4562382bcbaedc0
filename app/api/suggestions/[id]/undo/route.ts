import { apiRoute, json } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { undoSuggestionDecision } from '@/lib/db/suggestions'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// POST /api/suggestions/:id/undo — take back one's own accept or dismiss (200 the open suggestion);
// 409 when it is open, gone from the text, or its fix was since reviewed, edited or commented.
export const POST = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  return json({ suggestion: await undoSuggestionDecision({ id: (await params).id, actor }) })
})
