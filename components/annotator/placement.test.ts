import { describe, expect, it } from 'vitest'
import { besideOffset, placeToolbar, scrollAboveSheet, type Rect } from './placement'

const phone = { width: 390, height: 844 }
const toolbar = { width: 220, height: 40 }
const rect = (top: number, left: number, bottom: number, right: number): Rect => ({ top, left, bottom, right })
const overlaps = (a: Rect, b: Rect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom

describe('the selection toolbar’s place', () => {
  it('goes above the selected words, where it starts, and never on them', () => {
    const selection = rect(400, 60, 424, 180)
    const at = placeToolbar({ selection, size: toolbar, viewport: phone })
    expect(at).toEqual({ top: 352, left: 60, side: 'above' })
    expect(overlaps(selection, { top: at.top, left: at.left, bottom: at.top + 40, right: at.left + 220 })).toBe(false)
  })

  it('flips below at the top edge of the screen, and above at the bottom one', () => {
    expect(placeToolbar({ selection: rect(20, 60, 44, 180), size: toolbar, viewport: phone })).toMatchObject({ top: 52, side: 'below' })
    expect(placeToolbar({ selection: rect(800, 60, 824, 180), size: toolbar, viewport: phone, prefer: 'below' })).toMatchObject({ top: 752, side: 'above' })
  })

  it('prefers below on a touch screen, where the phone’s own bar is above', () => {
    expect(placeToolbar({ selection: rect(400, 60, 424, 180), size: toolbar, viewport: phone, prefer: 'below' })).toMatchObject({ top: 432, side: 'below' })
  })

  it('stays inside the screen sideways', () => {
    expect(placeToolbar({ selection: rect(400, 300, 424, 370), size: toolbar, viewport: phone }).left).toBe(390 - 8 - 220)
    expect(placeToolbar({ selection: rect(400, -30, 424, 100), size: toolbar, viewport: phone }).left).toBe(8)
  })

  it('keeps off a selection taller than the screen, on the side with more room', () => {
    const tall = rect(-300, 16, 700, 374)
    const at = placeToolbar({ selection: tall, size: toolbar, viewport: phone })
    expect(at.side).toBe('below')
    expect(at.top).toBeGreaterThanOrEqual(700)
  })
})

describe('the selection above a bottom sheet', () => {
  it('does not scroll when the words are already in sight above the sheet', () => {
    expect(scrollAboveSheet({ selection: rect(100, 20, 124, 200), sheetTop: 400 })).toBe(0)
  })
  it('brings words under the sheet (or above the screen) to the middle of the room above it', () => {
    const down = scrollAboveSheet({ selection: rect(600, 20, 624, 200), sheetTop: 400 })
    expect(600 - down).toBe(8 + (384 - 24) / 2)
    const up = scrollAboveSheet({ selection: rect(-200, 20, -176, 200), sheetTop: 400 })
    expect(-200 - up).toBe(8 + (384 - 24) / 2)
  })
  it('shows the start of a selection taller than the room', () => {
    expect(600 - scrollAboveSheet({ selection: rect(600, 20, 1100, 200), sheetTop: 400 })).toBe(8)
  })
})

describe('the form beside the selection', () => {
  it('is level with the selection, at the column’s top at least, and on the screen', () => {
    expect(besideOffset({ selectionTop: 500, columnTop: 100, formHeight: 300, viewportHeight: 900 })).toBe(400)
    expect(besideOffset({ selectionTop: 50, columnTop: 100, formHeight: 300, viewportHeight: 900 })).toBe(0)
    expect(besideOffset({ selectionTop: 800, columnTop: 100, formHeight: 300, viewportHeight: 900 })).toBe(900 - 8 - 100 - 300)
    expect(besideOffset({ selectionTop: 800, columnTop: 100, formHeight: 1000, viewportHeight: 900 })).toBe(0)
  })
})
