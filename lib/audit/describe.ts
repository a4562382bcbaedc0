/**
 * Audit events as lines of a newsroom log: "Demo Editor proposed a fix: “Pain” → “Pang” (name)."
 * Pure.
 */
import { verdictLabel } from '@/lib/validation/vocabulary'

export type AuditLike = { action: string; entityType: string; before: unknown; after: unknown }

type Obj = Record<string, unknown>
const o = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {})
const q = (v: unknown) => `“${String(v ?? '')}”`
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
      const again = r.reviewAgain ? `; ${r.reviewAgain} fix(es) back to review` : ''
      const note = a.note ? ` — note: ${short(a.note, 200)}` : ''
      return `saved revision ${a.revision} (${a.reason}); annotations: ${r.moved ?? 0} moved, ${r.fuzzy ?? 0} found again${restored}, ${r.orphaned ?? 0} need re-anchoring${again}${note}`
    }
    case 'article.delete':
      return `deleted the article ${q(short(b.title))}`
    case 'article.restore':
      return `restored the deleted article ${q(short(a.title))}`
    case 'fix.text_changed':
      return b.exact === a.exact
        ? `the text around the fix on ${q(short(a.exact))} changed (${a.why}); it was ${b.status} and needs review again`
        : `the words under a fix changed from ${q(short(b.exact))} to ${q(short(a.exact))} (${a.why}); it was ${b.status} and needs review again`
    case 'article.update': {
      const parts: string[] = []
      if ('title' in a) parts.push(`retitled the article ${q(short(b.title))} → ${q(short(a.title))}`)
      if ('sourceUrl' in a) parts.push(a.sourceUrl ? `set the source to ${short(a.sourceUrl)}` : 'removed the source URL')
      if ('status' in a) parts.push(`marked the article ${a.status} (was ${b.status})`)
      return parts.join('; ')
    }
    case 'article.publish':
      return `published ${Array.isArray(a.applied) ? a.applied.length : 0} approved fix(es) as revision ${a.revision}${typeof a.standardsNote === 'string' && a.standardsNote ? `, with a standards note to readers: ${q(short(a.standardsNote))}` : ''}`
    case 'annotation.import': {
      const lost = a.orphaned ? `, ${a.orphaned} not found in the text (to re-attach)` : ''
      const skipped = a.skipped ? `; ${a.skipped} skipped` : ''
      return `imported ${a.imported} annotation(s) from another tool: ${a.exact ?? 0} on their exact words, ${a.fuzzy ?? 0} found by fuzzy match${lost}${skipped}`
    }
    case 'annotation.create':
      if (a.kind === 'error') return `proposed a fix: ${q(short(a.exact))} → ${q(short(a.correction) || '(delete)')} (${a.category})`
      if (a.kind === 'quote') return `marked a quote${a.speaker ? ` by ${a.speaker}` : ''}: ${q(short(a.exact))}`
      return `marked a claim (${verdictLabel(a.verdict ?? 'unverified').toLowerCase()}): ${q(short(a.exact))}`
    case 'annotation.update':
      return `edited the ${b.kind ?? 'annotation'} on ${q(short(b.exact))}`
    case 'annotation.delete':
      return `deleted the ${b.kind ?? 'annotation'} on ${q(short(b.exact))}`
    case 'annotation.reattach':
      return `re-attached an annotation from ${q(short(b.exact))} to ${q(short(a.exact))}${a.needsReview ? ' (the fix needs a fresh review)' : ''}`
    case 'annotation.dismiss':
      return b.kind ? `dismissed the ${b.status ?? ''} ${b.kind} on ${q(short(b.exact))}, which had lost its place`.replace('  ', ' ') : 'dismissed an annotation that had lost its place'
    case 'fix.approve':
      return `approved a fix${a.comment ? `: ${short(a.comment, 200)}` : ''}`
    case 'fix.reject':
      return `rejected a fix${a.comment ? `: ${short(a.comment, 200)}` : ''}`
    case 'comment.create':
      return `${a.parentId ? 'replied' : 'commented'}: ${short(a.body, 200)}`
    case 'comment.resolve':
      return 'resolved a comment thread'
    case 'comment.reopen':
      return 'reopened a comment thread'
    case 'source.create':
      return `attached a source (${a.kind}): ${q(short(a.title))}`
    case 'source.delete':
      return `removed the source (${b.kind}) ${q(short(b.title))}`
    case 'suggestion.accept':
      return `accepted a ${b.check ?? ''} suggestion on ${q(short(b.exact))}`.replace('  ', ' ')
    case 'suggestion.dismiss':
      return `dismissed a ${b.check ?? ''} suggestion on ${q(short(b.exact))}`.replace('  ', ' ')
    case 'user.sign_out':
      return 'signed out'
    default:
      return `${e.action.replace('.', ' ')} (${e.entityType})`
  }
}
