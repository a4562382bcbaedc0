/**
 * The story in a web page: title, byline and paragraphs, by Mozilla's Readability (what Firefox's
 * reader view uses) on a server-side DOM (linkedom). Navigation, comment forms, share bars and
 * the like are left behind by Readability; what remains is read block by block into Galley's
 * plain text (paragraphs separated by blank lines). Pure (no network).
 */
import { Readability } from '@mozilla/readability'
import { parseHTML } from 'linkedom'

export type ExtractedStory = { title: string; byline: string | null; body: string }
export class NoArticle extends Error {}

const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, figcaption'
/** Less than this is not a story (a login wall, a video page, an index). */
const MIN_CHARACTERS = 200

// Control characters (NUL above all: PostgreSQL text cannot hold it) are not part of a story.
const clean = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g, '').replace(/\s+/g, ' ').trim()

export function extractStory(html: string, url?: string): ExtractedStory {
  const { document } = parseHTML(html)
  const pageTitle = clean(document.querySelector('title')?.textContent ?? '')
  // Readability reads relative links against the page's address.
  if (url && !document.querySelector('base')) {
    const base = document.createElement('base')
    base.setAttribute('href', url)
    document.head?.appendChild(base)
  }
  const article = new Readability(document as unknown as Document, { charThreshold: 100 }).parse()
  if (!article?.content) throw new NoArticle('No article found on this page: it has no block of running text.')
  const { document: content } = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`)
  const paragraphs: string[] = []
  for (const el of content.querySelectorAll(BLOCKS)) {
    // The innermost blocks only: a <li> holding <p>s is read through its paragraphs.
    if (el.querySelector(BLOCKS)) continue
    const text = clean(el.textContent ?? '')
    if (text) paragraphs.push(text)
  }
  const body = (paragraphs.length ? paragraphs : [clean(article.textContent ?? '')]).filter(Boolean).join('\n\n')
  if (body.length < MIN_CHARACTERS) throw new NoArticle(`No article found on this page: only ${body.length} characters of text.`)
  return { title: clean(article.title ?? '') || pageTitle || 'Untitled', byline: article.byline ? clean(article.byline) : null, body }
}
