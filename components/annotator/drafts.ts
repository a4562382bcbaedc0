/**
 * Half-written annotation forms, kept in the browser (localStorage) so that Escape, a reload, the
 * Back button or a closed tab never throw away a typed correction or note. Client-only.
 *
 * One draft per person, article and span: a new annotation's span is named by its words and their
 * context (the W3C TextQuote: exact, prefix, suffix), not by offsets, so a draft survives a new
 * revision that moves the words; an edit is named by the annotation's id. The person's id is in
 * the key, so someone else signing in on the same browser never sees them.
 */
import type { PageAnnotation } from '@/lib/types/page-annotations'

type Kind = PageAnnotation['kind']

/** What the form holds, as typed (sources as the textarea's text). */
export type DraftValues = {
  correction?: string
  category?: string
  verdict?: string
  speaker?: string
  verified?: boolean
  sources: string
  note: string
  basedOn?: string | null
}

/** Where a draft belongs: a new annotation's kind and words, or the annotation being edited. */
export type DraftSpan = { kind: Kind; editingId?: string; exact: string; prefix: string; suffix: string }

export type Draft = DraftSpan & {
  v: 1
  values: DraftValues
  savedAt: number
  /** Its form was open when last written (a reload or Back, not Escape): it opens again by itself. */
  open: boolean
}

const PREFIX = 'galley.draft.'
/** A draft nobody came back to in a month is dropped (the story has moved on). */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000

/** FNV-1a, 32 bits: a short, stable name for a span's words (not a secret; collisions only share a slot). */
function hash(s: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0).toString(36)
}

function articlePrefix(userId: string, articleId: string) {
  return `${PREFIX}${userId}.${articleId}.`
}

/** The storage key of a span's draft. */
export function draftKey(userId: string, articleId: string, span: DraftSpan): string {
  const base = articlePrefix(userId, articleId)
  return span.editingId ? `${base}edit.${span.editingId}` : `${base}${span.kind}.${hash(`${span.prefix}\u0000${span.exact}\u0000${span.suffix}`)}`
}

function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage
  } catch {
    return null // storage off (a privacy setting): forms work as before, without drafts
  }
}

function parse(raw: string | null): Draft | null {
  if (!raw) return null
  try {
    const d = JSON.parse(raw) as Draft
    if (d?.v !== 1 || typeof d.kind !== 'string' || typeof d.exact !== 'string' || typeof d.values?.note !== 'string' || typeof d.savedAt !== 'number') return null
    return d
  } catch {
    return null
  }
}

export function readDraft(key: string): Draft | null {
  const d = parse(storage()?.getItem(key) ?? null)
  return d && Date.now() - d.savedAt < MAX_AGE_MS ? d : null
}

export function writeDraft(key: string, draft: Draft): void {
  try {
    storage()?.setItem(key, JSON.stringify(draft))
  } catch {
    // full or refused: the form still holds the text; only the copy is missing
  }
}

export function removeDraft(key: string): void {
  storage()?.removeItem(key)
}

/** How many drafts this browser keeps (anyone's: the person signing out may not be the one who wrote them). */
export function countAllDrafts(): number {
  const store = storage()
  if (!store) return 0
  let n = 0
  for (let i = 0; i < store.length; i++) if (store.key(i)?.startsWith(PREFIX)) n++
  return n
}

/** Delete every draft this browser keeps: signing out leaves no unsaved text behind on a shared computer. */
export function removeAllDrafts(): void {
  const store = storage()
  if (!store) return
  for (let i = store.length - 1; i >= 0; i--) {
    const key = store.key(i)
    if (key?.startsWith(PREFIX)) store.removeItem(key)
  }
}

/** This person's drafts on this article, newest first (stale or unreadable ones are removed). */
export function listDrafts(userId: string, articleId: string): { key: string; draft: Draft }[] {
  const store = storage()
  if (!store) return []
  const prefix = articlePrefix(userId, articleId)
  const out: { key: string; draft: Draft }[] = []
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i)
    if (!key?.startsWith(prefix)) continue
    const draft = readDraft(key)
    if (draft) out.push({ key, draft })
  }
  for (let i = store.length - 1; i >= 0; i--) {
    const key = store.key(i)
    if (key?.startsWith(prefix) && !out.some((d) => d.key === key)) store.removeItem(key)
  }
  return out.sort((a, b) => b.draft.savedAt - a.draft.savedAt)
}

/** Whether two sets of form values say the same (a form back at its starting values has no draft). */
export function sameValues(a: DraftValues, b: DraftValues): boolean {
  // Empty, unset and unticked are all "nothing typed".
  const norm = (x: unknown) => (x === undefined || x === null || x === false ? '' : x)
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof DraftValues)[])
  for (const k of keys) if (norm(a[k]) !== norm(b[k])) return false
  return true
}
