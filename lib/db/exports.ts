import 'server-only'
import type { ExportInput } from '@/lib/export/article-export'
import type { Prisma } from '@/lib/generated/prisma/client'
import type { Actor } from './authorize'
import { readSnapshot } from './client'
import { readArticleWithAnnotations } from './annotations'
import { listReviews } from './reviews'
import { listSources } from './sources'
import { standardsNotesOf } from './public-corrections'

/** Everything an export needs: the article, its visible annotations and their reviews. */
export async function getExportData({ articleId, actor }: { articleId: string; actor: Actor }): Promise<ExportInput> {
  // One snapshot: a revision published meanwhile must not pair the old body with new offsets.
  return readSnapshot((tx) => readExportData(tx, { articleId, actor }))
}

/** The same, read in the caller's transaction (a webhook payload is built in the transaction of its event). */
export async function readExportData(tx: Prisma.TransactionClient, { articleId, actor }: { articleId: string; actor: Actor }): Promise<ExportInput> {
  const { article, annotations: visible } = await readArticleWithAnnotations(tx, articleId, actor)
  // Claims that reused an earlier review link to it (ClaimReview isBasedOn) while it is on the desk.
  const basedOnIds = [...new Set(visible.map((a) => a.basedOn).filter((x): x is string => Boolean(x)))]
  const earlier = basedOnIds.length ? await tx.annotation.findMany({ where: { id: { in: basedOnIds }, deletedAt: null, article: { deletedAt: null } }, select: { id: true, articleId: true } }) : []
  const articleOf = new Map(earlier.map((e) => [e.id, e.articleId]))
  const annotations = visible.map(({ basedOn, ...a }) => ({ ...a, basedOn: basedOn && articleOf.has(basedOn) ? { id: basedOn, articleId: articleOf.get(basedOn)! } : null }))
  return { article, annotations, reviews: await listReviews({ articleId, actor }, tx), sources: await listSources({ articleId, actor }, tx), standardsNotes: await standardsNotesOf(tx, articleId) }
}
