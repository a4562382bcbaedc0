import { z } from 'zod'
import { apiRoute, json, readJson } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { addComment, listComments } from '@/lib/db/comments'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }
const schema = z.object({
  body: z.string().trim().min(1, 'is required').max(10_000, 'must be at most 10000 characters').refine((s) => !s.includes('\u0000'), 'must not contain NUL bytes'),
  parentId: z.string().nullable().optional(),
})

// GET /api/annotations/:id/comments — the discussion, oldest first.
export const GET = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  return json({ comments: await listComments({ annotationId: (await params).id, actor }) })
})

// POST /api/annotations/:id/comments {body, parentId?} — comment, or reply in a thread.
export const POST = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requireUser()
  const input = await readJson(req, schema)
  return json(await addComment({ annotationId: (await params).id, ...input, actor }), { status: 201 })
})
