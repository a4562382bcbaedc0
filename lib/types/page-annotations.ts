/**
 * Annotations as the annotate page needs them, and a compact form to send them in. A transcript
 * with thousands of annotations is sent to the browser once, inside the page; as objects, most of
 * that would be repeated key names, the W3C context the page never shows, and quotes the article
 * itself already holds. Packed, each annotation is one array of values, about a fifth of the size. Pure: the server packs, the
 * browser unpacks before its first render, so both render the same page.
 */
import type { AnnotationDto } from '@/lib/db/annotations'
import { ANNOTATION_KINDS, ERROR_CATEGORIES, VERDICTS } from '@/lib/validation/vocabulary'
import { OffsetMap } from '@/lib/text/offsets'

/** What the page shows and edits: the DTO without the fields only exports and the API use. */
export type PageAnnotation = Omit<AnnotationDto, 'articleId' | 'prefix' | 'suffix' | 'approvedExact' | 'approvedCorrection' | 'contributors' | 'updatedAt'>

/** Status codes in packed rows; ANNOTATION_KINDS, ERROR_CATEGORIES and VERDICTS code the others. */
export const STATUSES = ['open', 'approved', 'rejected', 'applied'] as const

type Row = [
  id: string,
  kind: number,
  start: number,
  end: number,
  /** Null when the annotation is placed: its quote is the article's text at start–end. */
  exact: string | null,
  correction: string | null,
  category: number,
  note: string,
  verdict: number,
  speaker: string | null,
  verified: boolean | null,
  sources: string[],
  status: number,
  originalExact: string | null,
  textChanged: PageAnnotation['textChanged'],
  orphaned: 0 | 1,
  version: number,
  author: number,
  createdAt: number,
]

/** Authors are listed once (id, name); rows refer to them by index. */
export type PackedAnnotations = { authors: Array<[string, string]>; rows: Row[] }

const index = (list: readonly string[], value: string | null) => (value === null ? -1 : list.indexOf(value))
const at = <T extends string>(list: readonly T[], i: number): T | null => (i < 0 ? null : list[i])

export function packAnnotations(annotations: Array<AnnotationDto | PageAnnotation>): PackedAnnotations {
  const authors: Array<[string, string]> = []
  const authorIndex = new Map<string, number>()
  const rows = annotations.map((a): Row => {
    let author = authorIndex.get(a.createdBy)
    if (author === undefined) {
      author = authors.push([a.createdBy, a.createdByName]) - 1
      authorIndex.set(a.createdBy, author)
    }
    return [
      a.id,
      index(ANNOTATION_KINDS, a.kind),
      a.start,
      a.end,
      a.orphaned ? a.exact : null,
      a.correction,
      index(ERROR_CATEGORIES, a.category),
      a.note,
      index(VERDICTS, a.verdict),
      a.speaker,
      a.verified,
      a.sources,
      index(STATUSES, a.status),
      a.originalExact,
      a.textChanged,
      a.orphaned ? 1 : 0,
      a.version,
      author,
      Date.parse(a.createdAt),
    ]
  })
  return { authors, rows }
}

/** The page's annotations from their packed form; `body` is the text placed quotes are read from. */
export function unpackAnnotations({ authors, rows }: PackedAnnotations, body: string): PageAnnotation[] {
  const map = new OffsetMap(body)
  return rows.map(([id, kind, start, end, exact, correction, category, note, verdict, speaker, verified, sources, status, originalExact, textChanged, orphaned, version, author, createdAt]) => ({
    id,
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
    sources,
    status: at(STATUSES, status)!,
    originalExact,
    textChanged,
    orphaned: orphaned === 1,
    version,
    createdBy: authors[author][0],
    createdByName: authors[author][1],
    createdAt: new Date(createdAt).toISOString(),
  }))
}
