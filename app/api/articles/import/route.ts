import { apiRoute, json, readJson } from '@/lib/api/handler'
import { requirePermission } from '@/lib/auth/session'
import { AppError } from '@/lib/errors'
import { createArticle } from '@/lib/db/articles'
import { FetchRefused, fetchPage } from '@/lib/import/fetch-page'
import { readStory } from '@/lib/import/read-story'
import { webImportSchema } from '@/lib/validation/web-import'

export const runtime = 'nodejs'

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
      sourceUrl = input.url ?? null
    } else {
      const page = await fetchPage(input.url)
      html = page.html
      // Fetched, so an http(s) URL: stored as the article form stores it.
      sourceUrl = new URL(input.url).href
    }
    const story = await readStory(html, sourceUrl, actor)
    return json(await createArticle({ input: { title: input.title || story.title.slice(0, 300), body: story.body, sourceUrl, byline: story.byline?.slice(0, 300) ?? null }, actor }), { status: 201 })
  } catch (err) {
    if (err instanceof FetchRefused) throw new AppError('validation_failed', err.message)
    throw err
  }
})
