/**
 * The public corrections page's feed (Atom, RFC 4287, paged as RFC 5005 §3), its schema.org
 * CorrectionComment JSON-LD, and the page cursor both use. Pure.
 */
import { escapeHtml } from '@/lib/text/html'
import { httpHref, scriptSafeJson } from './article-export'

/** One publication's correction, as readers see it. */
export type PublicEntry = {
  articleId: string
  /** The revision the publication made. */
  revision: number
  /** Written on upgrade for fixes published before entries were stored (one per article). */
  backfilled: boolean
  title: string
  sourceUrl: string | null
  correctedAt: string
  note: string[]
}

/** Entries newest first on each page of the corrections page and of its feed. */
export const PUBLIC_CORRECTIONS_PAGE_SIZE = 25

/** Where the next page starts: just below this entry in (publishedAt, id) order. */
export type PublicCursor = { publishedAt: Date; id: bigint }

// Milliseconds since 1970 (timestamptz(3)) and the row id: digits only, so it needs no escaping.
const CURSOR = /^(\d{1,15})-(\d{1,19})$/
const MAX_ID = 2n ** 63n - 1n

export function formatCursor(cursor: PublicCursor): string {
  return `${cursor.publishedAt.getTime()}-${cursor.id}`
}

/**
 * A `before` parameter as the page and feed write it, or null for anything else (so a crafted
 * value never reaches SQL as anything but a date and a bigint).
 */
export function parseCursor(text: string): PublicCursor | null {
  const m = CURSOR.exec(text)
  if (!m) return null
  const publishedAt = new Date(Number(m[1]))
  const id = BigInt(m[2])
  if (Number.isNaN(publishedAt.getTime()) || id > MAX_ID) return null
  return { publishedAt, id }
}

/** Text for XML content and attributes. */
function xml(text: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the rest escaped.
  return escapeHtml(text.replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, ''))
}

/**
 * The entry's fragment on the page (and the end of its feed entry id): one per publication. An
 * entry written on upgrade keeps the one its article had when the page showed one entry per
 * article, so links and feed readers see the same entry as before.
 */
export function entryAnchor(entry: Pick<PublicEntry, 'articleId' | 'revision' | 'backfilled'>): string {
  return entry.backfilled ? `correction-${entry.articleId}` : `correction-${entry.articleId}-r${entry.revision}`
}

/** schema.org CorrectionComment for one publication's corrections. */
export function correctionComment(entry: PublicEntry, pageUrl: string, publisher: { name: string }): Record<string, unknown> {
  const href = entry.sourceUrl ? httpHref(entry.sourceUrl) : null
  return {
    '@context': 'https://schema.org',
    '@type': 'CorrectionComment',
    url: `${pageUrl}#${entryAnchor(entry)}`,
    text: entry.note.join(' '),
    datePublished: entry.correctedAt,
    author: { '@type': 'Organization', name: publisher.name },
    about: { '@type': 'NewsArticle', headline: entry.title, ...(href ? { url: href } : {}) },
  }
}

export type FeedPage = {
  entries: PublicEntry[]
  /** Cursor of the next (older) page, when there is one. */
  next: string | null
  /** The cursor this page was asked for (`?before=`); null for the feed's newest entries. */
  before: string | null
  /** When what the feed shows last changed (an article hidden changes it too, not only new entries). */
  updated: string
}

export function correctionsAtom({ entries, next, before, updated }: FeedPage, origin: string, publisher: { name: string }): string {
  const page = `${origin}/corrections`
  const feed = `${origin}/corrections.atom`
  const items = entries.map((e) => {
    const anchor = `${page}#${entryAnchor(e)}`
    const href = (e.sourceUrl && httpHref(e.sourceUrl)) || anchor
    const html = `${e.note.map((s) => `<p>${escapeHtml(s)}</p>`).join('')}<script type="application/ld+json">${scriptSafeJson(correctionComment(e, page, publisher))}</script>`
    return [
      '  <entry>',
      `    <id>${xml(anchor)}</id>`,
      `    <title>${xml(`Correction: ${e.title}`)}</title>`,
      `    <updated>${e.correctedAt}</updated>`,
      `    <link rel="alternate" type="text/html" href="${xml(href)}"/>`,
      `    <summary>${xml(e.note.join(' '))}</summary>`,
      `    <content type="html">${xml(html)}</content>`,
      '  </entry>',
    ].join('\n')
  })
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xml(page)}</id>`,
    `  <title>${xml(`${publisher.name}: corrections`)}</title>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>${xml(publisher.name)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(before ? `${feed}?before=${before}` : feed)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(page)}"/>`,
    ...(before ? [`  <link rel="first" type="application/atom+xml" href="${xml(feed)}"/>`] : []),
    ...(next ? [`  <link rel="next" type="application/atom+xml" href="${xml(`${feed}?before=${next}`)}"/>`] : []),
    ...items,
    '</feed>',
    '',
  ].join('\n')
}
