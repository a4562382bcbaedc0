/**
 * The public corrections page's feed (Atom, RFC 4287) and its schema.org CorrectionComment
 * JSON-LD. Pure.
 */
import { escapeHtml } from '@/lib/text/html'
import { httpHref, scriptSafeJson } from './article-export'

export type PublicEntry = { articleId: string; title: string; sourceUrl: string | null; correctedAt: string; note: string[] }

/** Text for XML content and attributes. */
function xml(text: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the rest escaped.
  return escapeHtml(text.replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, ''))
}

export function entryAnchor(articleId: string): string {
  return `correction-${articleId}`
}

/** schema.org CorrectionComment for one article's corrections. */
export function correctionComment(entry: PublicEntry, pageUrl: string, publisher: { name: string }): Record<string, unknown> {
  const href = entry.sourceUrl ? httpHref(entry.sourceUrl) : null
  return {
    '@context': 'https://schema.org',
    '@type': 'CorrectionComment',
    url: `${pageUrl}#${entryAnchor(entry.articleId)}`,
    text: entry.note.join(' '),
    datePublished: entry.correctedAt,
    author: { '@type': 'Organization', name: publisher.name },
    about: { '@type': 'NewsArticle', headline: entry.title, ...(href ? { url: href } : {}) },
  }
}

export function correctionsAtom(entries: PublicEntry[], origin: string, publisher: { name: string }): string {
  const page = `${origin}/corrections`
  const self = `${origin}/corrections.atom`
  const updated = entries[0]?.correctedAt ?? new Date(0).toISOString()
  const items = entries.map((e) => {
    const href = (e.sourceUrl && httpHref(e.sourceUrl)) || `${page}#${entryAnchor(e.articleId)}`
    const html = `${e.note.map((s) => `<p>${escapeHtml(s)}</p>`).join('')}<script type="application/ld+json">${scriptSafeJson(correctionComment(e, page, publisher))}</script>`
    return [
      '  <entry>',
      `    <id>${xml(`${page}#${entryAnchor(e.articleId)}`)}</id>`,
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
    `  <link rel="self" type="application/atom+xml" href="${xml(self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(page)}"/>`,
    ...items,
    '</feed>',
    '',
  ].join('\n')
}
