import { apiRoute, json, readJson } from '@/lib/api/handler'
import { getSessionUser, presentedCredential, requireUser } from '@/lib/auth/session'
import { AppError } from '@/lib/errors'
import { createAnnotation, listAnnotationsWithRevision } from '@/lib/db/annotations'
import { createAnnotationSchema } from '@/lib/validation/annotations'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// GET /api/articles/:id/annotations — visible annotations in text order, and the revision their
// offsets are for.
export const GET = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  return json(await listAnnotationsWithRevision({ articleId: (await params).id, actor }))
})

// POST /api/articles/:id/annotations — mark a claim, quote or error (offsets in code points).
// The desk's hottest write: who is asking is decided in the same SQL statement as the insert.
export const POST = apiRoute(async (req, { params }: Ctx) => {
  const credential = await presentedCredential()
  if (!credential || credential.kind === 'invalid') throw new AppError('unauthorized', 'Sign in to use Galley.')
  const { id } = await params
  try {
    const input = await readJson(req, createAnnotationSchema)
    return json(await createAnnotation({ articleId: id, input, credential }), { status: 201 })
  } catch (err) {
    // A refusal found before the statement ran (bad input, an id that cannot exist) must not tell
    // a caller whose session or token is dead anything but 401: look them up, on this path only.
    if (err instanceof AppError && err.code !== 'unauthorized' && !(await getSessionUser())) throw new AppError('unauthorized', 'Sign in to use Galley.')
    throw err
  }
})
