/**
 * Annotations as the annotate page needs them, and a compact form to send them in. A transcript
 * with thousands of annotations is sent to the browser once, inside the page; as objects, most of
 * that would be repeated key names, the W3C context the page never shows, and quotes the article
 * itself already holds. Packed, each annotation is one array of values, with the values that are
 * usually empty last and left off when they are: about a tenth of the objects' size. Pure: the
 * server packs (PostgreSQL builds the rows, lib/db/annotations getArticlePage; trimRow shortens
 * them), the browser unpacks before its first render, so both render the same page.
 */
import type { AnnotationDto } from '@/lib/types/desk'
import { ANNOTATION_KINDS, ANNOTATION_STATUSES, ERROR_CATEGORIES, VERDICTS } from '@/lib/validation/vocabulary'
import { OffsetMap } from '@/lib/text/offsets'

/** What the page shows and edits: the DTO without the fields only exports and the API use. */
export type PageAnnotation = Omit<AnnotationDto, 'articleId' | 'prefix' | 'suffix' | 'approvedExact' | 'approvedCorrection' | 'contributors' | 'createdAt' | 'updatedAt'>

/**
 * One annotation: id (compactId), kind, start, end, status, version, author (an index into
 * `authors`), then the fields that are often empty: orphaned (0/1), verdict, category (-1: none), correction,
 * note, speaker, verified, sources, originalExact, textChanged, exact (null when the
 * annotation is placed: its quote is the article's text at start–end), and groupId (fixes made
 * together, issue 22). Kind, status, verdict and
 * category are their index in lib/validation/vocabulary's lists.
 */
export type Row = unknown[]
/** The often-empty fields' empty values, from position 7 on: trimRow leaves them off the end of a row. */
export const ROW_DEFAULTS: readonly unknown[] = [0, -1, -1, null, '', null, null, [], null, null, null, null]
const FIXED = 7

/** Authors are listed once (id, name); rows refer to them by index. Ids are compactId's. */
export type PackedAnnotations = { authors: Array<[string, string]>; rows: Row[] }

const isDefault = (value: unknown, fallback: unknown) => value === fallback || (Array.isArray(value) && Array.isArray(fallback) && value.length === 0)

/** A row without the empty values at its end. */
export function trimRow(row: Row): Row {
  let n = row.length
  while (n > FIXED && isDefault(row[n - 1], ROW_DEFAULTS[n - 1 - FIXED])) n--
  return n === row.length ? row : row.slice(0, n)
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** A UUID in 22 characters (its 16 bytes as unpadded base64url), as PostgreSQL writes it in getArticlePage. */
export function compactId(uuid: string): string {
  const hex = uuid.replace(/-/g, '')
  let out = ''
  // 16 bytes: five groups of three bytes (four characters each), then one byte (two characters).
  for (let i = 0; i < 30; i += 6) {
    const n = parseInt(hex.slice(i, i + 6), 16)
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63]
  }
  const last = parseInt(hex.slice(30, 32), 16)
  return out + B64[last >> 2] + B64[(last & 3) << 4]
}

/** Each base64url character's value by its char code (-1: not one): a lookup, not a search. */
const B64_VALUE = new Int8Array(128).fill(-1)
for (let i = 0; i < 64; i++) B64_VALUE[B64.charCodeAt(i)] = i
const HEX = '0123456789abcdef'
const b64At = (id: string, i: number) => B64_VALUE[id.charCodeAt(i)] ?? -1

/**
 * The UUID a compactId stands for, in its usual 8-4-4-4-12 form. The annotate page expands every
 * annotation's id on the server and again in the browser (2,000 for a long transcript): each
 * character is looked up in a table, not searched for in the alphabet (warm, 2,000 ids in ~1.3 ms
 * rather than ~2 ms; it was the server render's busiest function of Galley's own).
 */
export function expandId(id: string): string {
  let hex = ''
  for (let i = 0; i < 20; i += 4) {
    const n = (b64At(id, i) << 18) | (b64At(id, i + 1) << 12) | (b64At(id, i + 2) << 6) | b64At(id, i + 3)
    hex += HEX[(n >> 20) & 15] + HEX[(n >> 16) & 15] + HEX[(n >> 12) & 15] + HEX[(n >> 8) & 15] + HEX[(n >> 4) & 15] + HEX[n & 15]
  }
  const last = (b64At(id, 20) << 2) | (b64At(id, 21) >> 4)
  hex += HEX[(last >> 4) & 15] + HEX[last & 15]
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

const index = (list: readonly string[], value: string | null) => (value === null ? -1 : list.indexOf(value))
const at = <T extends string>(list: readonly T[], i: number): T | null => (i < 0 ? null : list[i])

export function packAnnotations(annotations: Array<AnnotationDto | PageAnnotation>): PackedAnnotations {
  const authors: Array<[string, string]> = []
  const authorIndex = new Map<string, number>()
  const rows = annotations.map((a): Row => {
    let author = authorIndex.get(a.createdBy)
    if (author === undefined) {
      author = authors.push([compactId(a.createdBy), a.createdByName]) - 1
      authorIndex.set(a.createdBy, author)
    }
    return trimRow([
      compactId(a.id),
      index(ANNOTATION_KINDS, a.kind),
      a.start,
      a.end,
      index(ANNOTATION_STATUSES, a.status),
      a.version,
      author,
      a.orphaned ? 1 : 0,
      index(VERDICTS, a.verdict),
      index(ERROR_CATEGORIES, a.category),
      a.correction,
      a.note,
      a.speaker,
      a.verified,
      a.sources,
      a.originalExact,
      a.textChanged,
      a.orphaned ? a.exact : null,
      a.groupId ?? null,
    ])
  })
  return { authors, rows }
}

/** The page's annotations from their packed form; `body` is the text placed quotes are read from. */
export function unpackAnnotations({ authors, rows }: PackedAnnotations, body: string): PageAnnotation[] {
  const map = new OffsetMap(body)
  return rows.map((packed) => {
    const row = packed.length < FIXED + ROW_DEFAULTS.length ? [...packed, ...ROW_DEFAULTS.slice(packed.length - FIXED)] : packed
    const [id, kind, start, end, status, version, author, orphaned, verdict, category, correction, note, speaker, verified, sources, originalExact, textChanged, exact, groupId] = row as [
      string, number, number, number, number, number, number, number, number, number, string | null, string, string | null, boolean | null, string[], string | null, PageAnnotation['textChanged'], string | null, string | null,
    ]
    return {
      id: expandId(id),
      kind: at(ANNOTATION_KINDS, kind)!,
      start,
      end,
      exact: exact ?? map.slice(start, end),
      correction,
      category: at(ERROR_CATEGORIES, category),
      note,
      verdict: at(VERDICTS, verdict),
      speaker,
      verified,
      sources: [...sources],
      status: at(ANNOTATION_STATUSES, status)!,
      originalExact,
      textChanged,
      orphaned: orphaned === 1,
      version,
      createdBy: expandId(authors[author][0]),
      createdByName: authors[author][1],
      ...(groupId ? { groupId } : {}),
    }
  })
}
