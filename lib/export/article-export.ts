/**
 * Serialise a checked article: corrected plain text, Markdown and HTML (each ending with the
 * corrections note), JSON with everything, and the annotations as W3C Web Annotations or
 * schema.org ClaimReview (JSON-LD). Pure.
 */
import { applyFixes } from '@/lib/corrections/apply'
import { buildCorrectionsNote } from '@/lib/corrections/note'
import { CLAIM_REVIEW_CONTENT_TYPE, toClaimReviews, type Publisher } from './claim-review'
import { WEB_ANNOTATION_CONTENT_TYPE, toWebAnnotations } from './web-annotation'

export const EXPORT_FORMATS = ['text', 'markdown', 'html', 'json', 'w3c', 'claimreview'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export type ExportAnnotation = {
  id: string
  kind: string
  start: number
  end: number
  exact: string
  correction: string | null
  category: string | null
  status: string
  [key: string]: unknown
}

export type ExportReview = { annotationId: string; reviewerId: string; reviewerName: string; decision: string; comment: string; at: string }

export type ExportInput = {
  article: { id: string; title: string; body: string; sourceUrl: string | null; [key: string]: unknown }
  annotations: ExportAnnotation[]
  reviews: ExportReview[]
}

export type ExportOutput = { body: string; contentType: string; extension: string }

/** Approved fixes still to apply (an orphaned one has no place in this text). */
function approvedFixes(annotations: ExportAnnotation[]) {
  return annotations
    .filter((a) => a.kind === 'error' && a.status === 'approved' && !a.orphaned)
    .map((a) => ({ id: a.id, start: a.start, end: a.end, exact: a.exact, correction: a.correction ?? '', category: a.category }))
}

/** Fixes already published into the text: they change nothing now but still owe readers a note. */
function appliedFixes(annotations: ExportAnnotation[]) {
  return annotations
    .filter((a) => a.kind === 'error' && a.status === 'applied' && !a.orphaned)
    .map((a) => ({ id: a.id, start: a.start, end: a.end, exact: String(a.originalExact ?? a.exact), correction: a.exact, category: a.category }))
}

/** The corrected text and the note's sentences. */
export function correctedArticle(input: ExportInput): { text: string; note: string[] } {
  const fixes = approvedFixes(input.annotations)
  const text = applyFixes(input.article.body, fixes)
  return { text, note: buildCorrectionsNote([...fixes, ...appliedFixes(input.annotations)], text) }
}

/** Paragraphs as the editor sees them: blocks separated by blank lines. */
function paragraphs(text: string): string[] {
  return text
    .split(/\n[ \t]*\n+/)
    .map((p) => p.trim())
    .filter(Boolean)
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/** Backslash-escape what Markdown would otherwise read as markup. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/([\\`*_{}\[\]<>#|~])/g, '\\$1')
    .replace(/^(\s*)([-+]|\d+[.)])(\s)/gm, '$1\\$2$3')
}

function toMarkdown(input: ExportInput, text: string, note: string[]): string {
  const lines = [`# ${escapeMarkdown(input.article.title)}`, '']
  if (input.article.sourceUrl) lines.push(`Source: <${input.article.sourceUrl}>`, '')
  for (const p of paragraphs(text)) lines.push(escapeMarkdown(p).replace(/\n/g, '  \n'), '')
  if (note.length) {
    lines.push('---', '', '**Corrections**', '')
    for (const s of note) lines.push(escapeMarkdown(s), '')
  }
  return lines.join('\n').trimEnd() + '\n'
}

function toHtml(input: ExportInput, text: string, note: string[]): string {
  const title = escapeHtml(input.article.title)
  const body = paragraphs(text)
    .map((p) => `  <p>${escapeHtml(p).replace(/\n/g, '<br>\n')}</p>`)
    .join('\n')
  const source = input.article.sourceUrl ? `  <p class="source">Source: <a href="${escapeHtml(input.article.sourceUrl)}">${escapeHtml(input.article.sourceUrl)}</a></p>\n` : ''
  const corrections = note.length
    ? `\n  <aside class="corrections">\n    <h2>Corrections</h2>\n${note.map((s) => `    <p>${escapeHtml(s)}</p>`).join('\n')}\n  </aside>`
    : ''
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${title}</title>
</head>
<body>
<article>
  <h1>${title}</h1>
${source}${body}${corrections}
</article>
</body>
</html>
`
}

/** Where links in the JSON-LD formats point (the site's public origin) and who publishes reviews. */
export type ExportContext = { origin: string; publisher: Publisher }

/**
 * The context as configured: GALLEY_PUBLIC_URL (for a desk behind a proxy), else the origin the
 * request came to; GALLEY_PUBLISHER, else "Galley".
 */
export function exportContextFrom(env: Record<string, string | undefined>, requestUrl: string): ExportContext {
  return {
    origin: env.GALLEY_PUBLIC_URL?.trim().replace(/\/+$/, '') || new URL(requestUrl).origin,
    publisher: { name: env.GALLEY_PUBLISHER?.trim() || 'Galley' },
  }
}

/** Render one export format. */
export function renderExport(format: ExportFormat, input: ExportInput, context: ExportContext): ExportOutput {
  if (format === 'w3c') {
    return { body: JSON.stringify(toWebAnnotations(input, context), null, 2), contentType: WEB_ANNOTATION_CONTENT_TYPE, extension: 'annotations.jsonld' }
  }
  if (format === 'claimreview') {
    return { body: JSON.stringify(toClaimReviews(input, context, context.publisher), null, 2), contentType: CLAIM_REVIEW_CONTENT_TYPE, extension: 'claimreview.jsonld' }
  }
  const { text, note } = correctedArticle(input)
  switch (format) {
    case 'text':
      return { body: text, contentType: 'text/plain; charset=utf-8', extension: 'txt' }
    case 'markdown':
      return { body: toMarkdown(input, text, note), contentType: 'text/markdown; charset=utf-8', extension: 'md' }
    case 'html':
      return { body: toHtml(input, text, note), contentType: 'text/html; charset=utf-8', extension: 'html' }
    case 'json':
      return {
        body: JSON.stringify({ article: input.article, annotations: input.annotations, reviews: input.reviews, correctedText: text, correctionsNote: note }, null, 2),
        contentType: 'application/json; charset=utf-8',
        extension: 'json',
      }
  }
}

/** A safe download name from the title: "Huawei in early talks…" → "huawei-in-early-talks….md". */
export function exportFileName(title: string, extension: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '')
  return `${slug || 'article'}.${extension}`
}
