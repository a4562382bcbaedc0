/**
 * Where floating things go on the annotate page, as pure arithmetic on rectangles in viewport
 * coordinates (the components measure, this decides; unit-tested beside it).
 */

export type Rect = { top: number; left: number; bottom: number; right: number }
export type Size = { width: number; height: number }
export type Viewport = { width: number; height: number }
export type Side = 'above' | 'below'

/** Space kept between a floating box and the screen's edge, and between it and the selection. */
const EDGE = 8
const GAP = 8

/**
 * The selection toolbar's place: next to the selected words and never on them — above the
 * selection, or below it where there is no room above (the screen's top edge), or the other way
 * round when `prefer` says below (a touch screen: the phone's own copy/paste bar sits above).
 * Sideways it starts where the selection starts, held inside the screen. A selection taller than
 * the screen leaves no room either side: the toolbar then goes where there is more room, still
 * off the words (in sight once scrolled to).
 */
export function placeToolbar({ selection, size, viewport, prefer = 'above' }: { selection: Rect; size: Size; viewport: Viewport; prefer?: Side }): { top: number; left: number; side: Side } {
  const at: Record<Side, number> = { above: selection.top - GAP - size.height, below: selection.bottom + GAP }
  const fits: Record<Side, boolean> = { above: at.above >= EDGE, below: at.below + size.height <= viewport.height - EDGE }
  const other: Side = prefer === 'above' ? 'below' : 'above'
  const side: Side = fits[prefer] ? prefer : fits[other] ? other : selection.top >= viewport.height - selection.bottom ? 'above' : 'below'
  const left = Math.max(EDGE, Math.min(selection.left, viewport.width - EDGE - size.width))
  return { top: at[side], left, side }
}

/**
 * How far to scroll the page so the selection sits in sight above a bottom sheet whose top is at
 * `sheetTop`: 0 when it already does; else it is brought to the middle of the room above the
 * sheet (its top edge when it is taller than that room). Positive scrolls down.
 */
export function scrollAboveSheet({ selection, sheetTop }: { selection: Rect; sheetTop: number }): number {
  const room = sheetTop - 2 * EDGE
  if (selection.top >= EDGE && selection.bottom <= sheetTop - EDGE) return 0
  const height = selection.bottom - selection.top
  const target = height >= room ? EDGE : EDGE + (room - height) / 2
  return selection.top - target
}

/**
 * The form beside the selection on a wide screen: how far down its column it goes so its top is
 * level with the selection's, without running off the bottom of the screen (0: at the column's top).
 */
export function besideOffset({ selectionTop, columnTop, formHeight, viewportHeight }: { selectionTop: number; columnTop: number; formHeight: number; viewportHeight: number }): number {
  const room = viewportHeight - EDGE - columnTop - formHeight
  return Math.max(0, Math.min(selectionTop - columnTop, room))
}
