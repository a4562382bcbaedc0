import 'server-only'
import { correctedArticle, type ExportAnnotation } from '@/lib/export/article-export'
import { db } from './client'

/**
 * What readers may see, and nothing more: for each **published** (not deleted) article with fixes
 * published into its text, its title, source URL, when the last of them was published, and the
 * reader-facing corrections note built from exactly those fixes. No unpublished or archived
 * article, no fix that is only proposed, approved or rejected, no internal note, comment or name
 * of anyone on the desk is read here at all.
 */
export type PublicCorrection = { articleId: string; title: string; sourceUrl: string | null; correctedAt: string; note: string[] }

export const PUBLIC_CORRECTIONS_LIMIT = 100

export function publicCorrectionsEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return env.GALLEY_PUBLIC_CORRECTIONS === '1'
}

export async function listPublicCorrections(limit = PUBLIC_CORRECTIONS_LIMIT): Promise<PublicCorrection[]> {
  const articles = await db().article.findMany({
    where: { status: 'published', deletedAt: null, annotations: { some: { kind: 'error', status: 'applied', deletedAt: null } } },
    select: {
      id: true,
      title: true,
      body: true,
      sourceUrl: true,
      annotations: {
        where: { kind: 'error', status: 'applied', deletedAt: null },
        // Only what the note is made of: the words replaced, the correction, the category, where.
        select: { id: true, kind: true, start: true, end: true, exact: true, originalExact: true, correction: true, category: true, status: true, orphaned: true, updatedAt: true },
      },
    },
  })
  const out = articles.map((a) => {
    const annotations: ExportAnnotation[] = a.annotations.map((x) => ({ ...x, category: x.category as string | null }))
    const { note } = correctedArticle({ article: { id: a.id, title: a.title, body: a.body, sourceUrl: a.sourceUrl }, annotations, reviews: [] })
    const correctedAt = new Date(Math.max(...a.annotations.map((x) => x.updatedAt.getTime())))
    return { articleId: a.id, title: a.title, sourceUrl: a.sourceUrl, correctedAt: correctedAt.toISOString(), note }
  })
  return out
    .filter((c) => c.note.length > 0)
    .sort((x, y) => y.correctedAt.localeCompare(x.correctedAt) || x.title.localeCompare(y.title))
    .slice(0, limit)
}
