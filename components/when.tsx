import { formatDate, formatDateTime, formatFull } from '@/lib/format/dates'

/**
 * A date as the desk writes it everywhere ("6 Dec 2026", or "6 Dec 2026, 14:05" with `time`), in a
 * `<time>` whose `dateTime` is exact and whose tooltip is the full date and time with its zone.
 */
export function When({ at, time = false, className, testId }: { at: string | Date; time?: boolean; className?: string; testId?: string }) {
  const iso = typeof at === 'string' ? at : at.toISOString()
  return (
    <time dateTime={iso} title={formatFull(iso)} className={className} data-testid={testId}>
      {time ? formatDateTime(iso) : formatDate(iso)}
    </time>
  )
}
