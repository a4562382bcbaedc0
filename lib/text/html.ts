/**
 * Text as HTML. Pure, and free of server-only imports: the export (lib/export) and the annotate
 * page's highlights (components/annotator/segments) both write HTML with these.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text as HTML anywhere, content or a quoted attribute value: `& < > " '` escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c])
}

/**
 * Text as HTML content between tags: only `&`, `<` and `>` escaped, which is all that can start
 * markup or an entity there (quotes are special only inside attributes, and news prose is full of
 * them, so a page of text stays the size of the text).
 */
export function escapeHtmlText(text: string): string {
  return text.replace(/[&<>]/g, (c) => ESCAPES[c])
}
