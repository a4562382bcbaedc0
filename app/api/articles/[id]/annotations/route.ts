import { apiRoute, json, readJson } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { createAnnotation, listAnnotations } from '@/lib/db/annotations'
import { createAnnotationSchema } from '@/lib/validation/annotations'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// GET /api/articles/:id/annotations — visible annotations in text order.
export const GET = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  return json({ annotations: await listAnnotations({ articleId: (await params).id, actor }) })
})

// POST /api/articles/:id/annotations — mark a claim, quote or error (offsets in code points).
export const POST = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requireUser()
  const { id } = await params
  const input = await readJson(req, createAnnotationSchema)
  return json(await createAnnotation({ articleId: id, input, actor }), { status: 201 })
})
