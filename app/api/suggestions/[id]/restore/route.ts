import { apiRoute, json } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { restoreSuggestion } from '@/lib/db/suggestions'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// POST /api/suggestions/:id/restore — a dismissed suggestion is open again (200 the suggestion);
// 409 unless it is dismissed and the current text still has it.
export const POST = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  return json({ suggestion: await restoreSuggestion({ id: (await params).id, actor }) })
})
