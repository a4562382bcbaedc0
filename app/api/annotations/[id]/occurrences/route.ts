import { apiRoute, json, readOptionalJson } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { fixEveryOccurrence } from '@/lib/db/occurrences'
import { occurrencesSchema } from '@/lib/validation/annotations'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// POST /api/annotations/:id/occurrences — put this fix on every other whole-word occurrence of its
// words: each its own open fix, all in one group with it, reviewed together (one transaction).
export const POST = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requireUser()
  const input = await readOptionalJson(req, occurrencesSchema)
  return json(await fixEveryOccurrence({ annotationId: (await params).id, input, actor }), { status: 201 })
})
