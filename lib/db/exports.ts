import 'server-only'
import type { ExportInput } from '@/lib/export/article-export'
import type { Actor } from './authorize'
import { readSnapshot } from './client'
import { readArticleWithAnnotations } from './annotations'
import { listReviews } from './reviews'
import { listSources } from './sources'

/** Everything an export needs: the article, its visible annotations and their reviews. */
export async function getExportData({ articleId, actor }: { articleId: string; actor: Actor }): Promise<ExportInput> {
  // One snapshot: a revision published meanwhile must not pair the old body with new offsets.
  return readSnapshot(async (tx) => {
    const { article, annotations } = await readArticleWithAnnotations(tx, articleId, actor)
    return { article, annotations, reviews: await listReviews({ articleId, actor }, tx), sources: await listSources({ articleId, actor }, tx) }
  })
}
