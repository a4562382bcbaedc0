/**
 * What a fetched list of annotations changes on the page, told apart from the reader's own writes.
 * The page refetches its list when the live stream says something changed, its own saves included
 * (the stream says who, not which tab). What this tab wrote is on screen already, from the write's
 * answer: it is no change to show. A list fetched before one of this tab's writes was answered does
 * not have it yet (or has it in an older version): for those annotations the page keeps what it
 * shows. Everything else that differs is someone else's change (a colleague, or this person in
 * another tab). Pure.
 */
import type { PageAnnotation } from '@/lib/types/page-annotations'

/** A write this tab made: the version it left (Infinity: deleted) and when, on the page's clock. */
export type OwnWrite = { version: number; at: number }

export type Changes = { added: string[]; changed: string[]; removed: PageAnnotation[] }

/** Whether the fetch (started at `fetchedAt`) predates this tab's write of `id`. */
const predates = (own: Map<string, OwnWrite>, id: string, fetchedAt: number) => (own.get(id)?.at ?? -1) > fetchedAt

/** Whether two versions of an annotation differ in anything the page shows. */
export function differs(a: PageAnnotation, b: PageAnnotation): boolean {
  // groupId: joining a group ("fix every occurrence" in another tab) leaves the version as it was.
  return a.version !== b.version || a.status !== b.status || a.orphaned !== b.orphaned || a.start !== b.start || a.end !== b.end || (a.groupId ?? null) !== (b.groupId ?? null)
}

/** What `incoming` (fetched at `fetchedAt`) adds, changes and removes, leaving out this tab's own writes. */
export function diffAnnotations(current: PageAnnotation[], incoming: PageAnnotation[], own: Map<string, OwnWrite>, fetchedAt: number): Changes {
  const now = new Map(current.map((a) => [a.id, a]))
  const next = new Set<string>()
  const out: Changes = { added: [], changed: [], removed: [] }
  for (const x of incoming) {
    next.add(x.id)
    if (predates(own, x.id, fetchedAt)) continue
    const c = now.get(x.id)
    if (!c) out.added.push(x.id)
    else if (differs(c, x)) out.changed.push(x.id)
  }
  for (const c of current) if (!next.has(c.id) && !predates(own, c.id, fetchedAt)) out.removed.push(c)
  return out
}

export const isEmpty = (c: Changes) => c.added.length === 0 && c.changed.length === 0 && c.removed.length === 0

/**
 * The list to show: the fetched one, except that this tab's writes the fetch predates stay as on
 * screen, and annotations that did not change keep their objects (their items do not re-render).
 * The same array when nothing changed.
 */
export function mergeIncoming(current: PageAnnotation[], incoming: PageAnnotation[], own: Map<string, OwnWrite>, fetchedAt: number, byPosition: (a: PageAnnotation, b: PageAnnotation) => number): PageAnnotation[] {
  const now = new Map(current.map((a) => [a.id, a]))
  const out: PageAnnotation[] = []
  const seen = new Set<string>()
  for (const x of incoming) {
    seen.add(x.id)
    const c = now.get(x.id)
    // This tab's newer version (if it deleted it, it stays deleted); unchanged: the object on screen.
    if (predates(own, x.id, fetchedAt)) {
      if (c) out.push(c)
    } else out.push(c && !differs(c, x) ? c : x)
  }
  // Written here after the fetch started: not in the list yet.
  for (const c of current) if (!seen.has(c.id) && predates(own, c.id, fetchedAt)) out.push(c)
  out.sort(byPosition)
  return out.length === current.length && out.every((a, i) => a === current[i]) ? current : out
}
