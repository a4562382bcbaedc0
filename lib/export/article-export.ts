/**
 * Serialise a checked article: corrected plain text, Markdown and HTML (each ending with the
 * corrections note), JSON with everything, and the annotations as W3C Web Annotations or
 * schema.org ClaimReview (JSON-LD). Pure.
 */
import { applyFixes } from '@/lib/corrections/apply'
import { stillAsApproved } from '@/lib/corrections/review-state'
import { buildCorrectionsNote, readerNote } from '@/lib/corrections/note'
import { escapeHtml } from '@/lib/text/html'
import { CLAIM_REVIEW_CONTENT_TYPE, toClaimReviews, type Publisher } from './claim-review'
import { WEB_ANNOTATION_CONTENT_TYPE, toWebAnnotations } from './web-annotation'

export const EXPORT_FORMATS = ['text', 'markdown', 'html', 'json', 'w3c', 'claimreview'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export type ExportAnnotation = {
  id: string
  /** A claim that reused an earlier review: that claim, and the article it is in (for isBasedOn). */
  basedOn?: { id: string; articleId: string } | null
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
  /** The texts the article was checked against (wire original, transcript…), without bodies. */
  sources?: ExportSource[]
  /** The standards editors' own words for readers given at its publications, oldest first: they end the note. */
  standardsNotes?: string[]
}

export type ExportSource = { id: string; title: string; kind: string; url: string | null; length: number; createdAt: string; createdBy: { id: string; name: string } }

export type ExportOutput = { body: string; contentType: string; extension: string }

/**
 * Approved fixes still to apply: only while their words and correction are exactly what the
 * reviewer approved (an orphaned one has no place in this text), as publishing does.
 */
function approvedFixes(annotations: ExportAnnotation[]) {
  return annotations
    .filter((a) => a.kind === 'error' && stillAsApproved({ status: a.status, orphaned: Boolean(a.orphaned), exact: a.exact, correction: a.correction, approvedExact: a.approvedExact as string | null | undefined, approvedCorrection: a.approvedCorrection as string | null | undefined }))
    .map((a) => ({ id: a.id, start: a.start, end: a.end, exact: a.exact, correction: a.correction ?? '', category: a.category }))
}

/**
 * Fixes already published into the text: they change nothing now but still owe readers a note,
 * in the words that were approved and published (the correction, which cannot change after
 * approval), even after a later revision rewrote or moved the words where it landed: then it is
 * no longer placed in this text, and the note does not read names from around it.
 */
function appliedFixes(annotations: ExportAnnotation[]) {
  return annotations
    .filter((a) => a.kind === 'error' && a.status === 'applied')
    .map((a) => {
      const correction = a.correction ?? ''
      return { id: a.id, start: a.start, end: a.end, exact: String(a.originalExact ?? a.exact), correction, category: a.category, placed: !a.orphaned && a.exact === correction }
    })
}

/** The corrected text and the note's sentences. */
export function correctedArticle(input: ExportInput): { text: string; note: string[] } {
  const fixes = approvedFixes(input.annotations)
  const text = applyFixes(input.article.body, fixes)
  return { text, note: readerNote(buildCorrectionsNote([...fixes, ...appliedFixes(input.annotations)], text), input.standardsNotes) }
}

/** Paragraphs as the editor sees them: blocks separated by blank lines (CR and CRLF end lines too). */
function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((p) => p.trim())
    .filter(Boolean)
}

/**
 * The href of an http(s) URL, normalised by the WHATWG parser (which percent-encodes `"`, `<`, `>`
 * and spaces, so the result can sit inside `<…>` or an attribute), else null: a `javascript:` or
 * unparseable source must never become a link.
 */
export function httpHref(url: string): string | null {
  try {
    const u = new URL(url.trim())
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null
  } catch {
    return null
  }
}

/** Whitespace CommonMark strips at a line's edges (or treats as a blank line), kept as character references. */
const EDGE_SPACE = /^[ \t\f\v]+|[ \t\f\v]+$/g
/** Inline markup anywhere: escapes, code, emphasis, links, HTML/autolinks, GFM tables and strikethrough. */
const INLINE_MARKUP = /[\\`*_[\]<>|~]/g
/** `&` only where it would start an entity or numeric character reference (`&lt;`, `&#60;`). */
const ENTITY_START = /&(?=#?[A-Za-z0-9]+;)/g
/** At a line start: ATX headings, bullets, setext underlines (`===`, `---`), thematic breaks. */
const LINE_START_MARKUP = /^[#+\-=]/
/** "1." or "1)" followed by whitespace starts an ordered list; CommonMark escapes only punctuation, so `1\.`. */
const LIST_NUMBER = /^(\d+)([.)])(?=\s|$)/

/**
 * Escape text so a CommonMark (or GFM) renderer shows exactly these characters and no markup
 * (GFM may still link a bare www. or https:// address, showing the same characters). Escapes
 * only what can be markup, to keep the raw Markdown readable: `\ \` * _ [ ] < > | ~` and
 * reference-like `&` anywhere; `# + - =` and a list number's `.`/`)` at a line start. Spaces and
 * tabs at a line's edges become `&#32;`/`&#9;`, since CommonMark would drop them (or read four as
 * code). Line breaks (LF, CRLF, CR) come back as "\n"; the caller decides how to break them.
 */
export function escapeMarkdown(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map((line) => {
      const lead = /^[ \t\f\v]*/.exec(line)![0]
      const core = line
        .slice(lead.length)
        .replace(INLINE_MARKUP, '\\$&')
        .replace(ENTITY_START, '\\&')
        .replace(LINE_START_MARKUP, '\\$&')
        .replace(LIST_NUMBER, '$1\\$2')
      return (lead + core).replace(EDGE_SPACE, (run) => [...run].map((c) => `&#${c.codePointAt(0)};`).join(''))
    })
    .join('\n')
}

/** One Markdown paragraph: escaped, each line break a hard break (a trailing backslash survives editors that trim spaces). */
function markdownParagraph(text: string): string {
  return escapeMarkdown(text).replace(/\n/g, '\\\n')
}

/** A one-line ATX heading: line breaks become spaces, and a closing run of `#` is escaped so it stays text. */
function markdownHeading(level: number, text: string): string {
  const line = text.replace(/\s*[\r\n]+\s*/g, ' ').trim()
  return `${'#'.repeat(level)} ${escapeMarkdown(line).replace(/(^|[ \t])#(#*)$/, '$1\\#$2')}`
}

/** The source as an autolink when it is an http(s) URL, else as plain (escaped) text. */
function markdownSource(sourceUrl: string): string {
  const href = httpHref(sourceUrl)
  return href ? `Source: <${href}>` : `Source: ${markdownParagraph(sourceUrl.trim())}`
}

function toMarkdown(input: ExportInput, text: string, note: string[]): string {
  const lines = [markdownHeading(1, input.article.title), '']
  if (input.article.sourceUrl) lines.push(markdownSource(input.article.sourceUrl), '')
  for (const p of paragraphs(text)) lines.push(markdownParagraph(p), '')
  if (note.length) {
    lines.push('---', '', '**Corrections**', '')
    for (const s of note) lines.push(markdownParagraph(s), '')
  }
  return lines.join('\n').trimEnd() + '\n'
}

/** The source as a link only when it is an http(s) URL (a `javascript:` href would run on click). */
function htmlSource(sourceUrl: string): string {
  const href = httpHref(sourceUrl)
  return href ? `<a href="${escapeHtml(href)}">${escapeHtml(href)}</a>` : escapeHtml(sourceUrl.trim())
}

function toHtml(input: ExportInput, text: string, note: string[]): string {
  const title = escapeHtml(input.article.title)
  const body = paragraphs(text)
    .map((p) => `  <p>${escapeHtml(p).replace(/\n/g, '<br>\n')}</p>`)
    .join('\n')
  const source = input.article.sourceUrl ? `  <p class="source">Source: ${htmlSource(input.article.sourceUrl)}</p>\n` : ''
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

/** What of the request decides the origin: its URL (for the protocol) and its headers. */
export type ExportRequest = { url: string; headers: Headers }

/** A Host value: a DNS name or IPv4 address, or an IPv6 address in brackets, with an optional port. Nothing else (no `/`, `@`, quotes, spaces). */
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,251}[A-Za-z0-9_])?)(?::\d{1,5})?$/

const isTrue = (v: string | undefined) => /^(?:1|true|yes)$/i.test(v?.trim() ?? '')
const firstValue = (v: string | null) => v?.split(',')[0]?.trim() || null

/** `protocol//host` as an origin when the host is a valid one, else null. */
function originOf(protocol: string, host: string | null): string | null {
  if (!host || !HOST.test(host)) return null
  try {
    return new URL(`${protocol}//${host}`).origin
  } catch {
    return null // e.g. a port above 65535
  }
}

/**
 * The context as configured: GALLEY_PUBLIC_URL (for a desk behind a proxy), else the origin the
 * request came to; GALLEY_PUBLISHER, else "Galley". Inside a Next.js route handler `req.url`
 * carries the server's own listen address (http://localhost:3000), so the origin comes from the
 * Host header, with req.url's protocol. X-Forwarded-Host/-Proto are read only when
 * AUTH_TRUST_HOST says a proxy sets them (as Auth.js does): otherwise anyone could send them, and
 * Next.js copies Host into x-forwarded-host anyway. A host that is not a plain host[:port] falls
 * back to req.url's origin, so a hostile header cannot put markup or another path into the links.
 */
export function exportContextFrom(env: Record<string, string | undefined>, request: ExportRequest): ExportContext {
  const publisher = { name: env.GALLEY_PUBLISHER?.trim() || 'Galley' }
  const configured = env.GALLEY_PUBLIC_URL?.trim().replace(/\/+$/, '')
  if (configured) return { origin: configured, publisher }
  const url = new URL(request.url)
  let protocol = url.protocol
  let host = request.headers.get('host')
  if (isTrue(env.AUTH_TRUST_HOST)) {
    const proto = firstValue(request.headers.get('x-forwarded-proto'))?.toLowerCase()
    if (proto === 'http' || proto === 'https') protocol = `${proto}:`
    host = firstValue(request.headers.get('x-forwarded-host')) ?? host
  }
  return { origin: originOf(protocol, host) ?? url.origin, publisher }
}

const SCRIPT_UNSAFE: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' }

/**
 * JSON that can be pasted into `<script type="application/ld+json">` as is: `<`, `>`, `&`, U+2028
 * and U+2029 written as \u escapes, so a `</script>` or `<!--` in a note cannot end the script
 * element and the line separators cannot break older JavaScript parsers. Those characters only
 * ever occur inside JSON strings, where the escape means the same character, so the output parses
 * back to exactly the same value.
 */
export function scriptSafeJson(value: unknown, space?: number): string {
  return (JSON.stringify(value, null, space) ?? 'null').replace(/[<>&\u2028\u2029]/g, (c) => SCRIPT_UNSAFE[c]!)
}

/** Render one export format. */
export function renderExport(format: ExportFormat, input: ExportInput, context: ExportContext): ExportOutput {
  if (format === 'w3c') {
    return { body: scriptSafeJson(toWebAnnotations(input, context), 2), contentType: WEB_ANNOTATION_CONTENT_TYPE, extension: 'annotations.jsonld' }
  }
  if (format === 'claimreview') {
    return { body: scriptSafeJson(toClaimReviews(input, context, context.publisher), 2), contentType: CLAIM_REVIEW_CONTENT_TYPE, extension: 'claimreview.jsonld' }
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
        body: scriptSafeJson({ article: input.article, annotations: input.annotations, reviews: input.reviews, sources: input.sources ?? [], correctedText: text, correctionsNote: note }, 2),
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

const MAX_NAME_CHARS = 80 // as the ASCII slug
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/**
 * The download name in the title's own script: "Новости дня" → "новости-дня.md". Letters (with
 * their combining marks) and digits of any script, lower-cased, every other run a "-"; cut at
 * 80 code points on a character boundary, so an accent or a Devanagari vowel sign stays with its
 * letter. "article.<ext>" when no letter or digit is left.
 */
export function exportFileNameUtf8(title: string, extension: string): string {
  const slug = title
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
  let cut = ''
  let length = 0
  for (const { segment } of graphemes.segment(slug)) {
    length += [...segment].length
    if (length > MAX_NAME_CHARS) break
    cut += segment
  }
  return `${cut.replace(/-+$/, '') || 'article'}.${extension}`
}

/** RFC 5987 ext-value: UTF-8, percent-encoded; encodeURIComponent leaves `'()*`, which attr-char does not allow. */
const encodeRfc5987 = (s: string) => encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/**
 * The Content-Disposition header for an export (RFC 6266): `filename` is the ASCII slug, for
 * clients that know nothing else, and `filename*` the name in the title's own script, which
 * browsers prefer, so "Новости дня" downloads as "новости-дня.html" rather than "article.html".
 * An ASCII title's two names are the same, so it gets the plain header it always had. Both are
 * built from letters, digits and "-" only, so no quote or ";" in a title can break the header.
 */
export function contentDisposition(title: string, extension: string, disposition: 'inline' | 'attachment'): string {
  const ascii = exportFileName(title, extension)
  const utf8 = exportFileNameUtf8(title, extension)
  const plain = `${disposition}; filename="${ascii}"`
  return utf8 === ascii ? plain : `${plain}; filename*=UTF-8''${encodeRfc5987(utf8)}`
}
