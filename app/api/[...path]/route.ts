import { apiRoute } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { AppError } from '@/lib/errors'

export const runtime = 'nodejs'

// Any other /api/* path: 401 for anonymous callers, else a JSON 404 (never an HTML page).
const notFound = apiRoute(async (req) => {
  await requireUser()
  throw new AppError('not_found', `No API route ${req.method} ${new URL(req.url).pathname}.`)
})

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE }
