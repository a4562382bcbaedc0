/**
 * Audit events as lines of a newsroom log: "Demo Editor proposed a fix: “Pain” → “Pang” (name)."
 * Pure.
 */
import { verdictLabel } from '@/lib/validation/vocabulary'
import { count, quote } from '@/lib/format/words'

export type AuditLike = { action: string; entityType: string; before: unknown; after: unknown }

type Obj = Record<string, unknown>
const o = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {})
/** In quotes, never doubling marks the text already has (a quote annotation's own “…”). */
const q = (v: unknown, max = Infinity) => quote(String(v ?? ''), max)
/** A number from an event's JSON (older events may lack it). */
const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0)
/** Which fix: “Pain” → “Pang”, or “Pain” → (delete). */
const fixWords = (exact: unknown, correction: unknown) => `${q(exact, 80)} → ${correction === '' ? '(delete)' : q(correction, 80)}`
const short = (v: unknown, n = 80) => {
  const s = String(v ?? '')
  return s.length > n ? `${s.slice(0, n)}…` : s
}

/** What happened, without the actor (the UI puts the name first). */
export function describeEvent(e: AuditLike): string {
  const a = o(e.after)
  const b = o(e.before)
  switch (e.action) {
    case 'article.create':
      return `imported the article ${q(a.title)}`
    case 'article.revise': {
      const r = o(a.reanchor)
      const restored = r.restored ? `, ${r.restored} put back` : ''
      const again = r.reviewAgain ? `; ${count(n(r.reviewAgain), 'fix', 'fixes')} back to review` : ''
      const note = a.note ? ` — note: ${short(a.note, 200)}` : ''
      return `saved revision ${a.revision} (${a.reason}); annotations: ${r.moved ?? 0} moved, ${r.fuzzy ?? 0} found again${restored}, ${r.orphaned ?? 0} need re-anchoring${again}${note}`
    }
    case 'article.delete':
      return `deleted the article ${q(b.title, 80)}`
    case 'article.restore':
      return `restored the deleted article ${q(a.title, 80)}`
    case 'fix.text_changed':
      return b.exact === a.exact
        ? `the text around the fix on ${q(a.exact, 80)} changed (${a.why}); it was ${b.status} and needs review again`
        : `the words under a fix changed from ${q(b.exact, 80)} to ${q(a.exact, 80)} (${a.why}); it was ${b.status} and needs review again`
    case 'article.update': {
      const parts: string[] = []
      if ('title' in a) parts.push(`retitled the article ${q(b.title, 80)} → ${q(a.title, 80)}`)
      if ('sourceUrl' in a) parts.push(a.sourceUrl ? `set the source to ${short(a.sourceUrl)}` : 'removed the source URL')
      if ('status' in a) parts.push(`marked the article ${a.status} (was ${b.status})`)
      return parts.join('; ')
    }
    case 'article.publish':
      return `published ${count(Array.isArray(a.applied) ? a.applied.length : 0, 'approved fix', 'approved fixes')} as revision ${a.revision}${typeof a.standardsNote === 'string' && a.standardsNote ? `, with a standards note to readers: ${q(a.standardsNote, 80)}` : ''}`
    case 'annotation.import': {
      const lost = a.orphaned ? `, ${a.orphaned} not found in the text (to re-attach)` : ''
      const skipped = a.skipped ? `; ${a.skipped} skipped` : ''
      return `imported ${count(n(a.imported), 'annotation')} from another tool: ${a.exact ?? 0} on their exact words, ${a.fuzzy ?? 0} found by fuzzy match${lost}${skipped}`
    }
    case 'annotation.create':
      if (a.kind === 'error') return `proposed a fix: ${fixWords(a.exact, a.correction)} (${a.category})${a.occurrenceOf ? ', on another occurrence of the words' : ''}`
      if (a.kind === 'quote') return `marked a quote${a.speaker ? ` by ${a.speaker}` : ''}: ${q(a.exact, 80)}`
      return `marked a claim (${verdictLabel(a.verdict ?? 'unverified').toLowerCase()}): ${q(a.exact, 80)}`
    case 'annotation.update':
      if (Array.isArray(a.occurrences)) return `fixed ${count(a.occurrences.length, 'other occurrence')} of ${q(b.exact, 80)}, to be reviewed together`
      return `edited the ${b.kind ?? 'annotation'} on ${q(b.exact, 80)}`
    case 'annotation.delete':
      return `deleted the ${b.kind ?? 'annotation'} on ${q(b.exact, 80)}`
    case 'annotation.reattach':
      return `re-attached an annotation from ${q(b.exact, 80)} to ${q(a.exact, 80)}${a.needsReview ? ' (the fix needs a fresh review)' : ''}`
    case 'annotation.dismiss':
      return b.kind ? `dismissed the ${b.status ?? ''} ${b.kind} on ${q(b.exact, 80)}, which had lost its place`.replace('  ', ' ') : 'dismissed an annotation that had lost its place'
    case 'fix.approve':
    case 'fix.reject': {
      // Which fix: the words and correction decided on (events before they were recorded: "a fix").
      const which = typeof a.exact === 'string' ? `the fix ${fixWords(a.exact, a.correction)}` : 'a fix'
      return `${e.action === 'fix.approve' ? 'approved' : 'rejected'} ${which}${a.groupId ? ' (with its group)' : ''}${a.comment ? `, saying ${q(a.comment, 200)}` : ''}`
    }
    case 'fix.review_undo':
      return `took back their ${b.decision === 'approve' ? 'approval' : 'rejection'} of the fix ${fixWords(a.exact, a.correction)}: it is open for review again`
    case 'comment.create':
      return `${a.parentId ? 'replied' : 'commented'}: ${short(a.body, 200)}`
    case 'comment.resolve':
      return 'resolved a comment thread'
    case 'comment.reopen':
      return 'reopened a comment thread'
    case 'source.create':
      return `attached a source (${a.kind}): ${q(a.title, 80)}`
    case 'source.delete':
      return `removed the source (${b.kind}) ${q(b.title, 80)}`
    case 'suggestion.accept':
      if (a.byHand || a.sameFix) return `took a ${b.check ?? ''} suggestion on ${q(b.exact, 80)}: the same fix was made by hand`.replace('  ', ' ')
      return `accepted a ${b.check ?? ''} suggestion on ${q(b.exact, 80)}`.replace('  ', ' ')
    case 'suggestion.dismiss':
      return `dismissed a ${b.check ?? ''} suggestion on ${q(b.exact, 80)}`.replace('  ', ' ')
    case 'suggestion.undo':
      return `undid ${a.undone === 'accepted' ? 'accepting' : 'dismissing'} a ${b.check ?? ''} suggestion on ${q(b.exact, 80)}${a.deletedAnnotationId ? ' (the fix it became is deleted)' : ''}`.replace('  ', ' ')
    case 'suggestion.restore':
      return `restored a dismissed ${b.check ?? ''} suggestion on ${q(b.exact, 80)}`.replace('  ', ' ')
    case 'user.sign_out':
      return 'signed out'
    default:
      return `${e.action.replace('.', ' ')} (${e.entityType})`
  }
}
