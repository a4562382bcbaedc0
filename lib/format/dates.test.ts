import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, formatFull } from './dates'

describe('dates', () => {
  const at = '2026-12-06T14:05:09.000Z'
  it('writes the day one way everywhere: 6 Dec 2026', () => {
    expect(formatDate(at)).toBe('6 Dec 2026')
    expect(formatDate(new Date(at))).toBe('6 Dec 2026')
    expect(formatDate('2026-01-09T00:00:00Z')).toBe('9 Jan 2026')
  })
  it('adds the time (24-hour, UTC) where it matters', () => {
    expect(formatDateTime(at)).toBe('6 Dec 2026, 14:05')
    expect(formatDateTime('2026-12-06T00:30:00Z')).toBe('6 Dec 2026, 00:30')
  })
  it('gives the full date and time with its zone for a tooltip', () => {
    expect(formatFull(at)).toBe('Sunday 6 December 2026 at 14:05:09 UTC')
  })
  it('is the same whatever the process’s time zone (UTC on the server and in the browser)', () => {
    // Just before midnight UTC is the next day in Auckland: the desk still says the 6th, also in a
    // process set to Auckland (Node follows a change of TZ at once).
    const zone = process.env.TZ
    process.env.TZ = 'Pacific/Auckland'
    try {
      expect(new Date('2026-12-06T23:59:00Z').getDate()).toBe(7) // the zone took effect
      expect(formatDate('2026-12-06T23:59:00Z')).toBe('6 Dec 2026')
    } finally {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    }
  })
  it('writes what en-GB Intl writes, for every month, day and hour (the runtime that had to load it before)', () => {
    const intl = {
      date: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
      time: new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }),
      full: new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: 'UTC', timeZoneName: 'short' }),
    }
    for (let day = 0; day < 400; day += 7) {
      const d = new Date(Date.UTC(2026, 0, 1 + day, day % 24, (day * 7) % 60, (day * 13) % 60))
      expect(formatDate(d)).toBe(intl.date.format(d))
      expect(formatDateTime(d)).toBe(`${intl.date.format(d)}, ${intl.time.format(d)}`)
      expect(formatFull(d)).toBe(intl.full.format(d).replace(/^(\w+),/, '$1'))
    }
  })
})
