import { apiRoute, json, readQuery } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { search } from '@/lib/db/search'
import { searchQuerySchema } from '@/lib/validation/search'

export const runtime = 'nodejs'

// GET /api/search?q=…&type=…&kind=…&status=…&verdict=…&category=…&author=…&articleStatus=…&from=…&to=…&cursor=…&limit=…
// → {results: [{type, id, articleId, title, snippet, highlights, score, near, …}], nextCursor}.
export const GET = apiRoute(async (req) => {
  const actor = await requireUser()
  return json(await search({ actor, query: readQuery(req, searchQuerySchema) }))
})
