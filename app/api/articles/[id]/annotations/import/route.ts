import { apiRoute, json, readBody } from '@/lib/api/handler'
import { requirePermission } from '@/lib/auth/session'
import { importAnnotations } from '@/lib/db/imports'
import { exportContextFrom } from '@/lib/export/article-export'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// POST /api/articles/:id/annotations/import — a W3C AnnotationCollection, a JSON array of Web
// Annotations, or Hypothesis API rows ({rows}): {imported, exact, fuzzy, orphaned, skipped}.
export const POST = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requirePermission('annotations.write')
  const { id } = await params
  // Parsed on the offload pool with the rest of the import: 10,000 annotations are heavy work.
  const body = await readBody(req)
  const { origin } = exportContextFrom(process.env, req)
  return json(await importAnnotations({ articleId: id, json: body, actor, origin }))
})
