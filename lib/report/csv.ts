/**
 * The desk report as CSV (RFC 4180), one table after another, each under a `table` column, safe
 * to open in a spreadsheet, whatever separator it splits on (OWASP, "CSV Injection"): every text
 * cell is quoted, and wherever a cell could begin, a character a spreadsheet would start a formula
 * with (=, +, -, @, tab, carriage return, line feed) gets an apostrophe before it. That is at the
 * text's start and also after a separator inside it (`,` `;` tab, or a line break, then spaces):
 * a title `Budget;=1+1;x` is one quoted cell to a reader splitting on commas, but a spreadsheet
 * set to split on `;` (German, French) reads `=1+1` as a cell of its own. Numbers stay bare: they
 * are digits (a spreadsheet reads -1 as the number, not a formula) and read as numbers. Pure.
 */
import type { DeskReport, Duration } from '@/lib/types/report'

/** A cell's start, or a place inside it where a spreadsheet splitting on another separator would start one, before a formula character. */
const FORMULA_START = /(?<=^|[,;\t\r\n]) *(?=[=+\-@\t\r\n])/g

export function csvCell(v: unknown): string {
  if (v === null || v === undefined || v === '') return ''
  if (typeof v === 'number') return String(v)
  const text = String(v).replace(FORMULA_START, "$&'")
  return `"${text.replace(/"/g, '""')}"`
}
const row = (cells: unknown[]) => cells.map(csvCell).join(',')

export function reportCsv(r: DeskReport): string {
  const lines: string[] = [row(['table', 'key', 'name', 'proposed', 'approved', 'rejected', 'published', 'claims', 'reviews', 'count', 'median_seconds', 'p90_seconds'])]
  const period = `${r.from}/${r.to}`
  lines.push(row(['period', period, r.article ?? 'all articles']))
  for (const c of r.fixes.byCategory) lines.push(row(['fixes_by_category', c.category, '', c.proposed, c.approved, c.rejected, c.published]))
  lines.push(row(['fixes_by_category', 'total', '', r.fixes.totals.proposed, r.fixes.totals.approved, r.fixes.totals.rejected, r.fixes.totals.published]))
  const time = (key: string, d: Duration) => row(['time', key, '', '', '', '', '', '', '', d.count, d.medianSeconds, d.p90Seconds])
  lines.push(time('proposal_to_review', r.timeToReview), time('proposal_to_publication', r.timeToPublication))
  for (const v of r.claimsByVerdict) lines.push(row(['claims_by_verdict', v.verdict, '', '', '', '', '', '', '', v.count]))
  for (const a of r.articles) lines.push(row(['articles', a.id, a.title, a.proposed, a.approved, a.rejected, a.published, a.claims]))
  for (const p of r.people) lines.push(row(['people', p.id, p.name, p.proposed, '', '', '', p.claims, p.reviews]))
  return lines.join('\r\n') + '\r\n'
}

/** 5400 → "1 h 30 min"; null → "—". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—'
  if (seconds < 60) return `${seconds} s`
  const m = Math.round(seconds / 60)
  if (m < 60) return `${m} min`
  const h = Math.floor(m / 60)
  if (h < 48) return `${h} h${m % 60 ? ` ${m % 60} min` : ''}`
  return `${Math.round(h / 24)} days`
}
