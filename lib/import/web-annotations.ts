/**
 * Annotations from other tools onto a Galley article: a W3C AnnotationCollection (Galley's own
 * export among them), a JSON array of Web Annotations, or Hypothesis API rows (`{rows: [...]}`).
 * Parsing and placing are pure: placeAnnotations never trusts a position whose text is not the
 * quote, finds the quote with its prefix and suffix otherwise (fuzzy, with re-anchoring's floor),
 * and leaves the rest orphaned, never on other words.
 */
import { describeSpan, type Selectors } from '@/lib/anchoring/describe'
import { matchQuote } from '@/lib/anchoring/match-quote'
import { MIN_FUZZY_SCORE, MIN_VERBATIM_SCORE } from '@/lib/anchoring/reanchor'
import { OffsetMap } from '@/lib/text/offsets'
import { ERROR_CATEGORIES, VERDICTS } from '@/lib/validation/vocabulary'
import { importedAnnotationSchema } from '@/lib/validation/annotations'
import { parseJsonText } from '@/lib/api/json'
import { AppError, type ErrorCode } from '@/lib/errors'

type Json = Record<string, unknown>
const obj = (v: unknown): Json | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null)
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v])

export type ImportKind = 'claim' | 'quote' | 'error'
/** One annotation as read, before it is placed. */
export type Incoming = {
  index: number
  /** Its id or IRI in the tool it came from: importing it again does not duplicate it. */
  externalId: string | null
  kind: ImportKind
  quote: { exact: string; prefix: string; suffix: string } | null
  position: { start: number; end: number } | null
  correction: string | null
  category: (typeof ERROR_CATEGORIES)[number] | null
  verdict: (typeof VERDICTS)[number] | null
  speaker: string | null
  verified: boolean | null
  note: string
  sources: string[]
}
export type Skipped = { index: number; reason: string }

/** A request this import cannot read at all (400/422 for the whole request; nothing is imported). */
export class ImportFormatError extends Error {}
/** Fields that break the API's rules (422 naming each, as `rows.3.speaker`; nothing is imported). */
export class ImportFieldError extends Error {
  constructor(readonly fields: Array<{ path: string; message: string }>) {
    super(`Invalid input — ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`)
  }
}

const VERDICT_BY_LABEL = new Map<string, (typeof VERDICTS)[number]>([
  ['true', 'true'],
  ['false', 'false'],
  ['misleading', 'misleading'],
  ['needs context', 'needs_context'],
  ['needs_context', 'needs_context'],
  ['unverified', 'unverified'],
  ['not verified', 'unverified'],
])

export const MAX_IMPORT = 10_000

const NOT_FETCHED = 'Galley does not fetch annotation pages from elsewhere: send the AnnotationPage itself (its "items"), or a collection with its pages embedded.'

/**
 * The annotations in any of the three shapes, with where they sit in the request (`rows`,
 * `items`, `first.items`, or '' for a bare list), or ImportFormatError. A collection whose pages
 * are only linked (`"first": "<IRI>"`, or an embedded first page with a `next` IRI) is refused:
 * importing part of it, or nothing, while answering 200 would hide what was left out.
 */
export function readAnnotations(payload: unknown): { items: unknown[]; path: string } {
  if (Array.isArray(payload)) return { items: payload, path: '' }
  const o = obj(payload)
  if (!o) throw new ImportFormatError('Send a W3C AnnotationCollection, a JSON array of Web Annotations, or Hypothesis API rows ({"rows": [...]}).')
  if (Array.isArray(o.rows)) return { items: o.rows, path: 'rows' }
  const types = list(o.type).map(String)
  if (types.includes('AnnotationCollection')) {
    if (typeof o.first === 'string') throw new ImportFormatError(`This AnnotationCollection's first page is a link (${o.first.slice(0, 200)}). ${NOT_FETCHED}`)
    const first = obj(o.first)
    if (first) {
      if (typeof first.next === 'string') throw new ImportFormatError(`This AnnotationCollection has more pages than the one embedded (next: ${first.next.slice(0, 200)}). ${NOT_FETCHED}`)
      return { items: list(first.items), path: 'first.items' }
    }
    if (Array.isArray(o.items)) return { items: o.items, path: 'items' }
    if (typeof o.total === 'number' && o.total > 0) throw new ImportFormatError(`This AnnotationCollection says it holds ${o.total} annotations but embeds none. ${NOT_FETCHED}`)
    return { items: [], path: 'items' }
  }
  if (types.includes('AnnotationPage')) return { items: list(o.items), path: 'items' }
  if (types.includes('Annotation')) return { items: [o], path: '' }
  throw new ImportFormatError('This is not a W3C AnnotationCollection, a list of Web Annotations, or Hypothesis API rows ({"rows": [...]}).')
}

type Body = { purpose: string | null; value: string | null; source: string | null }

function bodiesOf(a: Json): Body[] {
  const out: Body[] = []
  for (const b of list(a.body)) {
    if (typeof b === 'string') out.push({ purpose: null, value: null, source: b })
    const x = obj(b)
    if (!x) continue
    out.push({ purpose: str(list(x.purpose)[0]) ?? null, value: str(x.value) ?? null, source: str(x.source) ?? str(x.id) ?? null })
  }
  // W3C bodyValue, and Hypothesis' `text`, are a plain comment.
  const text = str(a.bodyValue) ?? str(a.text)
  if (text) out.push({ purpose: 'commenting', value: text, source: null })
  return out
}

function selectorsOf(a: Json): { quote: Incoming['quote']; position: Incoming['position'] } | null {
  // Galley and W3C: one target (or the first of several); Hypothesis: target[0].selector[].
  const target = list(a.target).map(obj).find(Boolean)
  if (!target) return null
  let quote: Incoming['quote'] = null
  let position: Incoming['position'] = null
  for (const s of list(target.selector)) {
    const x = obj(s)
    if (!x) continue
    if (x.type === 'TextQuoteSelector' && typeof x.exact === 'string' && !quote) quote = { exact: x.exact, prefix: str(x.prefix) ?? '', suffix: str(x.suffix) ?? '' }
    if (x.type === 'TextPositionSelector' && !position) {
      if (!Number.isInteger(x.start) || !Number.isInteger(x.end)) throw new ImportFormatError('A TextPositionSelector needs whole-number start and end.')
      position = { start: x.start as number, end: x.end as number }
    }
  }
  return { quote, position }
}

const isHttp = (u: string) => /^https?:\/\//i.test(u)

/**
 * Read each annotation: its kind from its motivation (editing → error, assessing → claim,
 * identifying or quoting → quote, anything else — Hypothesis highlights and notes — a claim with
 * its text as the note), and its correction, verdict, speaker, note and sources from its bodies.
 * `ignoreSources`: links to leave out (Galley's own links to the article's attached sources).
 */
export function parseAnnotations(
  items: unknown[],
  textLength: number,
  ignoreSource: (iri: string) => boolean = () => false,
  path = '',
): { incoming: Incoming[]; skipped: Skipped[] } {
  if (items.length > MAX_IMPORT) throw new ImportFormatError(`At most ${MAX_IMPORT.toLocaleString('en')} annotations per request (this has ${items.length.toLocaleString('en')}).`)
  const incoming: Incoming[] = []
  const skipped: Skipped[] = []
  const problems: Array<{ path: string; message: string }> = []
  items.forEach((raw, index) => {
    const a = obj(raw)
    if (!a) return void skipped.push({ index, reason: 'not an annotation object' })
    const sel = selectorsOf(a)
    if (!sel || (!sel.quote && !sel.position)) return void skipped.push({ index, reason: 'no TextQuoteSelector or TextPositionSelector on its target' })
    if (sel.position && (sel.position.start < 0 || sel.position.end > textLength || sel.position.start >= sel.position.end)) {
      throw new ImportFormatError(`Annotation ${index}: its TextPositionSelector (${sel.position.start}–${sel.position.end}) points outside the article's ${textLength.toLocaleString('en')} characters.`)
    }
    if (!sel.quote) return void skipped.push({ index, reason: 'a position without a TextQuoteSelector cannot be checked against the text' })
    if (!sel.quote.exact.trim()) return void skipped.push({ index, reason: 'an empty quote' })
    const motivation = list(a.motivation).map(String)
    const bodies = bodiesOf(a)
    const byPurpose = (p: string) => bodies.filter((b) => b.purpose === p && b.value !== null).map((b) => b.value!)
    const kind: ImportKind = motivation.includes('editing') ? 'error' : motivation.includes('identifying') || motivation.includes('quoting') ? 'quote' : 'claim'
    const known = motivation.some((m) => ['editing', 'assessing', 'identifying', 'quoting'].includes(m))
    const comments = byPurpose('commenting')
    // Anything without a motivation Galley knows keeps every word of its text, as the note.
    const otherText = known ? [] : bodies.filter((b) => b.value !== null && b.purpose !== 'commenting' && b.purpose !== 'tagging').map((b) => b.value!)
    const note = [...comments, ...otherText].join('\n\n')
    const assessing = byPurpose('assessing')
    let verdict: Incoming['verdict'] = null
    let verified: boolean | null = null
    if (kind === 'claim') verdict = assessing.map((v) => VERDICT_BY_LABEL.get(v.trim().toLowerCase())).find(Boolean) ?? 'unverified'
    if (kind === 'quote') verified = assessing.some((v) => /^quote verified$/i.test(v.trim()))
    const categoryText = byPurpose('classifying').map((v) => v.trim().toLowerCase())
    const category = kind === 'error' ? ((ERROR_CATEGORIES as readonly string[]).find((c) => categoryText.includes(c)) as Incoming['category']) ?? 'other' : null
    const correction = kind === 'error' ? (byPurpose('editing')[0] ?? null) : null
    if (kind === 'error' && correction === null) return void skipped.push({ index, reason: 'an editing annotation without a correction (no TextualBody with purpose editing)' })
    if (kind === 'error' && correction === sel.quote.exact) return void skipped.push({ index, reason: 'its correction is the text itself' })
    const speaker = kind === 'quote' ? (byPurpose('identifying')[0] ?? null) : null
    const links = [...new Set(bodies.filter((b) => b.purpose === 'linking' || (b.purpose === null && b.source)).map((b) => b.source).filter((s): s is string => Boolean(s) && isHttp(s!) && !ignoreSource(s!)))]
    // The rules of POST /annotations, field by field; sources stored as the API stores them (normalised, once each).
    const checked = importedAnnotationSchema.safeParse({ externalId: str(a.id) ?? null, quote: sel.quote, correction, category, note, verdict, speaker, verified, sources: links })
    if (!checked.success) {
      const at = path ? `${path}.${index}` : String(index)
      for (const issue of checked.error.issues) problems.push({ path: [at, ...issue.path.filter((p) => p !== 'quote').map((p) => (p === 'externalId' ? 'id' : String(p)))].join('.'), message: issue.message })
      return
    }
    const sources = [...new Set(checked.data.sources)]
    incoming.push({ index, externalId: checked.data.externalId, kind, quote: sel.quote, position: sel.position, correction, category, verdict, speaker, verified, note, sources })
  })
  if (problems.length) throw new ImportFieldError(problems.slice(0, 20))
  return { incoming, skipped }
}

export type Placement = { how: 'exact' | 'fuzzy' | 'orphaned' } & Selectors

/**
 * Where an annotation goes in `text` (offsets in code points). A position is used only when the
 * text there is its quote; otherwise the quote is searched for with its prefix and suffix (near
 * the position when there is one), accepted as re-anchoring accepts a match; else orphaned.
 */
export function placeAnnotation(text: string, a: Pick<Incoming, 'quote' | 'position'>, map = new OffsetMap(text)): Placement {
  const q = a.quote!
  if (a.position && map.slice(a.position.start, a.position.end) === q.exact) return { how: 'exact', ...describeSpan(text, a.position.start, a.position.end, map) }
  const hint = a.position ? map.toUtf16(Math.min(a.position.start, map.length)) : undefined
  const match = matchQuote(text, q.exact, { prefix: q.prefix, suffix: q.suffix, hint })
  if (match && match.score >= (match.errors === 0 ? MIN_VERBATIM_SCORE : MIN_FUZZY_SCORE)) {
    return { how: match.errors === 0 ? 'exact' : 'fuzzy', ...describeSpan(text, map.toCodePoint(match.start), map.toCodePoint(match.end), map) }
  }
  return { how: 'orphaned', start: 0, end: 0, exact: q.exact, prefix: q.prefix, suffix: q.suffix }
}

/** An incoming annotation as written: its fields, without the selectors it was placed by. */
export type Prepared = Omit<Incoming, 'quote' | 'position'>
export type PreparedImport =
  | { ok: true; incoming: Prepared[]; placements: Placement[]; skipped: Skipped[]; complete: boolean }
  | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } }

/**
 * Everything an import needs before its transaction, from the request's JSON text: parse it (400,
 * or 422 for a lone surrogate), read its shape (422), hold every field to the API's rules (422
 * naming it) and place each annotation on `text`, stopping at `deadline` (complete: false). Given
 * only `{ length }` (code points), it checks without placing: the text need not be read for a
 * request that is refused anyway. Pure: run on the offload pool. Errors come back as data (the
 * error contract's code, message, details).
 */
export function prepareImport(json: string, text: string | { length: number }, { deadline = Infinity, origin }: { deadline?: number; origin?: string } = {}): PreparedImport {
  try {
    const map = typeof text === 'string' ? new OffsetMap(text) : null
    const { items, path } = readAnnotations(parseJsonText(json))
    // Galley's own links to an article's attached sources are not the annotation's sources.
    const parsed = parseAnnotations(items, map ? map.length : text.length, (iri) => Boolean(origin) && iri.startsWith(`${origin}/api/sources/`), path)
    const placements: Placement[] = []
    // Given only the text's length, this is the check before the text is read: nothing placed.
    if (map && typeof text === 'string') {
      for (const a of parsed.incoming) {
        // At least one is placed, however long the reading took: each slice of work makes progress.
        if (placements.length > 0 && Date.now() > deadline) break
        placements.push(placeAnnotation(text, a, map))
      }
    }
    const incoming = parsed.incoming.map(({ quote: _q, position: _p, ...rest }) => rest)
    return { ok: true, incoming: map ? incoming : [], placements, skipped: parsed.skipped, complete: placements.length === incoming.length }
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) } }
    if (err instanceof ImportFormatError) return { ok: false, error: { code: 'validation_failed', message: err.message } }
    if (err instanceof ImportFieldError) return { ok: false, error: { code: 'validation_failed', message: err.message, details: { fields: err.fields } } }
    throw err
  }
}
