/**
 * How far an article's fixes have got: open, reviewed (approved or rejected), published, and how
 * many of the desk's suggestions are still waiting for a decision. The numbers are text; the bar
 * beside them repeats them for the eye (hidden from screen readers, which read the text).
 */
import { STATE_COLOURS } from './overview/states'

export type Progress = { open: number; approved: number; rejected: number; published: number; suggestions: number }

import { count, thousands } from '@/lib/format/words'

export function progressText(p: Progress): string {
  const fixes = p.open + p.approved + p.rejected + p.published
  const reviewed = p.approved + p.rejected
  const parts = [
    fixes === 0 ? 'No fixes yet' : `${count(fixes, 'fix', 'fixes')}: ${thousands(p.open)} open, ${thousands(reviewed)} reviewed (${thousands(p.approved)} approved, ${thousands(p.rejected)} rejected), ${thousands(p.published)} published`,
    `${count(p.suggestions, 'suggestion')} waiting`,
  ]
  return parts.join(' · ')
}

export function ProgressLine({ progress: p, className = '' }: { progress: Progress; className?: string }) {
  const fixes = p.open + p.approved + p.rejected + p.published
  const parts = [
    ['open', p.open],
    ['approved', p.approved],
    ['rejected', p.rejected],
    ['applied', p.published],
  ] as const
  return (
    <div className={`flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-stone-700 ${className}`} data-testid="progress-line" data-open={p.open} data-reviewed={p.approved + p.rejected} data-published={p.published} data-suggestions={p.suggestions}>
      {fixes > 0 && (
        <span aria-hidden="true" className="flex h-2 w-28 overflow-hidden rounded-full bg-stone-200">
          {parts.map(([state, n]) =>
            n > 0 ? <span key={state} className="h-full" style={{ width: `${(100 * n) / fixes}%`, backgroundColor: STATE_COLOURS[state] }} /> : null,
          )}
        </span>
      )}
      <span>{progressText(p)}</span>
    </div>
  )
}
