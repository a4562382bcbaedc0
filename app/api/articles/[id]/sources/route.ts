import { apiRoute, json, readJson } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { createSource, listSources } from '@/lib/db/sources'
import { createSourceSchema } from '@/lib/validation/suggestions'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// GET /api/articles/:id/sources — the article's sources (wire, transcript, release, other), without bodies.
export const GET = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  return json({ sources: await listSources({ articleId: (await params).id, actor }) })
})

// POST /api/articles/:id/sources {title, kind, body, url?} — attach a source to compare with.
export const POST = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requireUser()
  const input = await readJson(req, createSourceSchema)
  return json(await createSource({ articleId: (await params).id, input, actor }), { status: 201 })
})
