import { apiRoute, json, readOptionalJson } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { acceptSuggestion } from '@/lib/db/suggestions'
import { acceptSuggestionSchema } from '@/lib/validation/suggestions'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// POST /api/suggestions/:id/accept {correction?} — make it an open error annotation (201).
export const POST = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requireUser()
  const input = await readOptionalJson(req, acceptSuggestionSchema)
  return json(await acceptSuggestion({ id: (await params).id, input, actor }), { status: 201 })
})
