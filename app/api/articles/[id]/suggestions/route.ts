import { z } from 'zod'
import { apiRoute, json, readQuery } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { listSuggestions } from '@/lib/db/suggestions'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

const listQuery = z.object({ status: z.enum(['open', 'dismissed'], { message: 'must be open or dismissed' }).optional() })

// GET /api/articles/:id/suggestions[?status=dismissed] — open suggestions in text order (or the
// dismissed ones the text still has), plus the source sentences the article lacks (`missing`);
// recomputed first when the body or the sources changed.
export const GET = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requireUser()
  const { status } = readQuery(req, listQuery)
  return json(await listSuggestions({ articleId: (await params).id, actor, status }))
})
