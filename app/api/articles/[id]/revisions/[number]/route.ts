import { z } from 'zod'
import { apiRoute, json, readQuery } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { getRevisionBody } from '@/lib/db/revisions'
import { AppError } from '@/lib/errors'
import { INT32_MAX } from '@/lib/validation/numbers'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string; number: string }> }

const querySchema = z.object({ format: z.enum(['json', 'text'], { message: 'must be json or text' }).default('json') })

// GET /api/articles/:id/revisions/:number[?format=text] — the body of one revision, byte for byte:
// as `{number, body}`, or with format=text as text/plain (the resource W3C annotation targets name).
export const GET = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requireUser()
  const { id, number } = await params
  const n = /^\d{1,10}$/.test(number) ? Number(number) : NaN
  if (!Number.isInteger(n) || n < 1 || n > INT32_MAX) throw new AppError('not_found', `No revision ${JSON.stringify(number)}.`)
  const { format } = readQuery(req, querySchema)
  const body = await getRevisionBody({ articleId: id, number: n, actor })
  if (format === 'text') return new Response(body, { headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } })
  return json({ number: n, body })
})
