import 'server-only'
import type { ExportInput } from '@/lib/export/article-export'
import type { Actor } from './authorize'
import { getArticle } from './articles'
import { listAnnotations } from './annotations'
import { listReviews } from './reviews'

/** Everything an export needs: the article, its visible annotations and their reviews. */
export async function getExportData({ articleId, actor }: { articleId: string; actor: Actor }): Promise<ExportInput> {
  const article = await getArticle({ id: articleId, actor })
  const [annotations, reviews] = await Promise.all([listAnnotations({ articleId, actor }), listReviews({ articleId, actor })])
  return { article, annotations, reviews }
}
