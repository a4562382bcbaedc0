import { apiRoute, json, readJson } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { addComment, listComments } from '@/lib/db/comments'
import { createCommentSchema } from '@/lib/validation/misc'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// GET /api/annotations/:id/comments — the discussion, oldest first.
export const GET = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  return json({ comments: await listComments({ annotationId: (await params).id, actor }) })
})

// POST /api/annotations/:id/comments {body, parentId?} — comment, or reply in a thread.
export const POST = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requireUser()
  const input = await readJson(req, createCommentSchema)
  return json(await addComment({ annotationId: (await params).id, ...input, actor }), { status: 201 })
})
