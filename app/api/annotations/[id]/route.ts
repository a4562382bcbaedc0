import { apiRoute, json, readJson } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { deleteAnnotation, updateAnnotation } from '@/lib/db/annotations'
import { updateAnnotationSchema } from '@/lib/validation/annotations'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// PATCH /api/annotations/:id — edit an open annotation (author or admin); needs the version read.
export const PATCH = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requireUser()
  const input = await readJson(req, updateAnnotationSchema)
  return json(await updateAnnotation({ id: (await params).id, input, actor }))
})

// DELETE /api/annotations/:id — hide an open annotation (author or admin); the row is kept.
export const DELETE = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  await deleteAnnotation({ id: (await params).id, actor })
  return new Response(null, { status: 204 })
})
