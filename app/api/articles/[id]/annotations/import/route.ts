import { z } from 'zod'
import { apiRoute, json, readJson } from '@/lib/api/handler'
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
  const payload = await readJson(req, z.unknown())
  const { origin } = exportContextFrom(process.env, req)
  return json(await importAnnotations({ articleId: id, payload, actor, origin }))
})
