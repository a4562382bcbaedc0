import { apiRoute, json, readJson } from '@/lib/api/handler'
import { requirePermission } from '@/lib/auth/session'
import { AppError } from '@/lib/errors'
import { createArticle } from '@/lib/db/articles'
import { FetchRefused, fetchPage } from '@/lib/import/fetch-page'
import { NoArticle, extractStory } from '@/lib/import/extract'
import { webImportSchema } from '@/lib/validation/web-import'

export const runtime = 'nodejs'

const httpUrl = (u: string | undefined) => (u && /^https?:\/\//i.test(u) ? u : null)

// POST /api/articles/import {url} (or {html, url?} for a saved page) — fetch the page safely,
// extract the story (title, byline, paragraphs) and import it: 201 the article, 422 with why not.
export const POST = apiRoute(async (req) => {
  const actor = await requirePermission('articles.write')
  const input = await readJson(req, webImportSchema)
  let html: string
  let sourceUrl: string | null
  try {
    if ('html' in input) {
      html = input.html
      sourceUrl = httpUrl(input.url)
    } else {
      const page = await fetchPage(input.url)
      html = page.html
      sourceUrl = input.url
    }
    const story = extractStory(html, sourceUrl ?? undefined)
    return json(await createArticle({ input: { title: input.title || story.title.slice(0, 300), body: story.body, sourceUrl, byline: story.byline?.slice(0, 300) ?? null }, actor }), { status: 201 })
  } catch (err) {
    if (err instanceof FetchRefused || err instanceof NoArticle) throw new AppError('validation_failed', err.message)
    throw err
  }
})
