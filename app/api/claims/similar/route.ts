import { apiRoute, json, readQuery } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { similarClaims } from '@/lib/db/claims'
import { similarClaimsSchema } from '@/lib/validation/search'

export const runtime = 'nodejs'

// GET /api/claims/similar?text=…[&article=…] — for a claim not saved yet (the article it is in is
// left out): {matches: [{annotation, article: {id, title}, score, reason}]}.
export const GET = apiRoute(async (req) => {
  const actor = await requireUser()
  const { text, article } = readQuery(req, similarClaimsSchema)
  return json({ matches: await similarClaims({ text, articleId: article, actor }) })
})
