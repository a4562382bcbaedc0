/**
 * When a fix's approval (or proposal) still stands. A reviewer approves a correction for exact
 * words in their context; publishing may apply it only while those words, and the text around
 * them, are what the reviewer saw. Pure.
 */
import { CONTEXT_CHARS, type Selectors } from '@/lib/anchoring/describe'
import { codePointLength } from '@/lib/text/offsets'
import type { AnchorStatus } from '@/lib/anchoring/reanchor'

/** Fixes whose decision a change of their words undoes: proposed (open) or approved errors. */
export function isPendingFix(a: { kind: string; status: string }): boolean {
  return a.kind === 'error' && (a.status === 'open' || a.status === 'approved')
}

/**
 * Whether a fix re-anchored onto a new text still stands on the same words in the same context.
 * Only an exact or moved placement (the diff carried the span unchanged) qualifies: a fuzzy match
 * is a guess about where the words went, and a stretched span has other words. The quote and its
 * 32 code points either side (the W3C TextQuoteSelector) must be identical too: deleting a doubled
 * "the" is right only while the other "the" is still beside it.
 */
export function keepsItsWords(before: Pick<Selectors, 'exact' | 'prefix' | 'suffix'>, after: { status: AnchorStatus | string } & Pick<Selectors, 'exact' | 'prefix' | 'suffix'>): boolean {
  if (after.status !== 'exact' && after.status !== 'moved') return false
  if (after.exact !== before.exact) return false
  // A context cut short by the start or end of the text is compared as far as it went.
  const full = (context: string) => codePointLength(context) >= CONTEXT_CHARS
  const prefixSame = full(before.prefix) ? after.prefix === before.prefix : after.prefix.endsWith(before.prefix)
  const suffixSame = full(before.suffix) ? after.suffix === before.suffix : after.suffix.startsWith(before.suffix)
  return prefixSame && suffixSame
}

/** Whether an approved fix may be applied: its words and correction are exactly what was approved. */
export function stillAsApproved(fix: { status: string; orphaned?: boolean; exact: string; correction: string | null; approvedExact?: string | null; approvedCorrection?: string | null }): boolean {
  return (
    fix.status === 'approved' &&
    !fix.orphaned &&
    fix.approvedExact !== null &&
    fix.approvedExact !== undefined &&
    fix.exact === fix.approvedExact &&
    (fix.correction ?? '') === (fix.approvedCorrection ?? '') &&
    fix.exact !== (fix.correction ?? '')
  )
}
