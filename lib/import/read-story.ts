import 'server-only'
import { AppError } from '@/lib/errors'
import { offload, OverBudget } from '@/lib/server/offload'
import type { ExtractedStory } from './extract'

/** How long reading one page (parsing it, Readability) may take. */
export const READ_BUDGET_MS = 10_000

/**
 * The story in a page's HTML (lib/import/extract.ts), read on the offload pool so a 5 MB page
 * never holds up the server: 422 when there is no story on it, 413 `payload_too_large` when the page
 * needs longer than READ_BUDGET_MS to read.
 */
export async function readStory(html: string, url: string | null, actor: { id: string }, budgetMs = READ_BUDGET_MS): Promise<ExtractedStory> {
  try {
    const read = await offload('extractStory', { html, url: url ?? undefined }, { budgetMs, key: actor.id })
    if ('noArticle' in read) throw new AppError('validation_failed', read.noArticle)
    return read.story
  } catch (err) {
    if (err instanceof OverBudget) {
      throw new AppError('payload_too_large', `This page (${(html.length / 1_000_000).toFixed(1)} million characters of HTML) takes longer than ${budgetMs >= 1000 ? `${budgetMs / 1000} s` : `${budgetMs} ms`} to read; nothing was imported. Save the article's own page, or paste its text.`)
    }
    throw err
  }
}
