import type { Leftover } from '@/lib/corrections/leftovers'
import type { NoteFixExplained } from '@/lib/corrections/note'

/** One fix a publication would apply, as the publish dialog lists it: whether the note mentions it, and why. */
export type PreviewFix = { id: string; exact: string; correction: string; category: string | null } & Omit<NoteFixExplained, 'id'>

/** GET /api/articles/:id/publish: what publishing now would do. */
export type PublicationPreview = {
  /** The revision the preview was worked out on. */
  revision: number
  /** The article's desk status (checking, published, archived). */
  status: string
  /** The fixes the publication applies, in text order. */
  fixes: PreviewFix[]
  /** Approved fixes it would not apply (their words or correction changed since approval): back to review. */
  held: Array<{ id: string; exact: string; correction: string; why: string }>
  /** The note's sentences readers will be told (a standards note is added with readerNote). */
  note: string[]
  /** Name fixes whose replaced words are still elsewhere in the corrected text. */
  leftovers: Leftover[]
}

/** POST /api/articles/:id/publish. */
export type PublishResult = { revision: number; reanchor: Record<string, number>; applied: number; note: string[]; leftovers: Leftover[] }
