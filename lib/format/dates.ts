/**
 * Dates, the one way the desk writes them: "6 Dec 2026", with the time where it matters
 * ("6 Dec 2026, 14:05"), and the full date and time (with its zone) for a tooltip. UTC, so a page
 * rendered on the server and hydrated in the browser says the same, whatever either's zone. Pure.
 */

// Written out rather than with Intl.DateTimeFormat: the browser's first DateTimeFormat loads its
// locale data (~20 ms of the annotate page before paint), and the words are the same everywhere.
// The months and days as en-GB writes them ("Sept", as current ICU does).
const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec']
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const two = (n: number) => String(n).padStart(2, '0')

const asDate = (d: Date | string) => (typeof d === 'string' ? new Date(d) : d)

/** "6 Dec 2026". */
export function formatDate(d: Date | string): string {
  const date = asDate(d)
  return `${date.getUTCDate()} ${SHORT_MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`
}

/** "6 Dec 2026, 14:05" (UTC). */
export function formatDateTime(d: Date | string): string {
  const date = asDate(d)
  return `${formatDate(date)}, ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}`
}

/** "Sunday 6 December 2026 at 14:05:09 UTC": for a title, where the short form leaves things out. */
export function formatFull(d: Date | string): string {
  const date = asDate(d)
  return `${DAYS[date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} at ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC`
}
