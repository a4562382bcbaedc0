import { apiRoute, json } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { getRevisionBody } from '@/lib/db/revisions'
import { AppError } from '@/lib/errors'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string; number: string }> }

// GET /api/articles/:id/revisions/:number — the body of one revision, byte for byte.
export const GET = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  const { id, number } = await params
  const n = Number(number)
  if (!Number.isInteger(n) || n < 1) throw new AppError('not_found', `No revision ${JSON.stringify(number)}.`)
  return json({ number: n, body: await getRevisionBody({ articleId: id, number: n, actor }) })
})
