/**
 * Dates, the one way the desk writes them: "6 Dec 2026", with the time where it matters
 * ("6 Dec 2026, 14:05"), and the full date and time (with its zone) for a tooltip. UTC, so a page
 * rendered on the server and hydrated in the browser says the same, whatever either's zone. Pure.
 */

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' })
const FULL = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: 'UTC', timeZoneName: 'short' })

const asDate = (d: Date | string) => (typeof d === 'string' ? new Date(d) : d)

/** "6 Dec 2026". */
export function formatDate(d: Date | string): string {
  return DATE.format(asDate(d))
}

/** "6 Dec 2026, 14:05" (UTC). */
export function formatDateTime(d: Date | string): string {
  const date = asDate(d)
  return `${DATE.format(date)}, ${TIME.format(date)}`
}

/** "Sunday 6 December 2026 at 14:05:09 UTC": for a title, where the short form leaves things out. */
export function formatFull(d: Date | string): string {
  return FULL.format(asDate(d)).replace(/^(\w+),/, '$1')
}
