/**
 * DOM ↔ article offsets for the annotator (client only). Every rendered segment is a
 * `<span data-s="cpStart">` holding one text node; paragraphs are `<p data-s data-e>`. A DOM point
 * maps to code points without walking the document.
 */
import { codePointLength, utf16Index } from '@/lib/text/offsets'

function segmentOf(node: Node | null): HTMLElement | null {
  const el = node instanceof HTMLElement ? node : node?.parentElement
  return (el?.closest('[data-s]') as HTMLElement | null) ?? null
}

/** Code-point offset of a DOM point inside the article, or null when it is outside. */
export function pointToOffset(root: HTMLElement, node: Node, offset: number): number | null {
  if (!root.contains(node)) return null
  if (node.nodeType === Node.TEXT_NODE) {
    const seg = segmentOf(node)
    if (!seg || seg.tagName === 'P') return null
    return Number(seg.dataset.s) + codePointLength((node as Text).data.slice(0, offset))
  }
  const el = node as HTMLElement
  // An element point: the boundary before child `offset`.
  const child = el.childNodes[offset] as HTMLElement | undefined
  if (child) {
    const target = child.nodeType === Node.TEXT_NODE ? segmentOf(child) : (child.querySelector?.('[data-s]') as HTMLElement | null) ?? (child.dataset?.s ? child : null)
    if (target?.dataset.s) return Number(target.dataset.s)
  }
  // After the last child: the end of this element's text.
  const container = el.dataset?.e ? el : (el.closest('[data-e]') as HTMLElement | null)
  if (container?.dataset.e) return Number(container.dataset.e)
  const segs = el.querySelectorAll<HTMLElement>('[data-s]')
  const last = segs[segs.length - 1]
  if (last) return Number(last.dataset.s) + codePointLength(last.textContent ?? '')
  return null
}

/** The [start, end) code points of the current selection inside `root`, or null. */
export function selectionOffsets(root: HTMLElement): { start: number; end: number } | null {
  const sel = window.getSelection()
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null
  const range = sel.getRangeAt(0)
  const start = pointToOffset(root, range.startContainer, range.startOffset)
  const end = pointToOffset(root, range.endContainer, range.endOffset)
  if (start === null || end === null || end <= start) return null
  return { start, end }
}

/** The code-point offset under a screen point (for sentence clicks and the S key). */
export function offsetAtPoint(root: HTMLElement, x: number, y: number): number | null {
  const doc = document as Document & { caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null }
  const pos = doc.caretPositionFromPoint?.(x, y)
  if (pos) return pointToOffset(root, pos.offsetNode, pos.offset)
  const range = document.caretRangeFromPoint?.(x, y)
  return range ? pointToOffset(root, range.startContainer, range.startOffset) : null
}

/** Select code points [start, end) in the DOM (so the user sees the sentence picked). */
export function selectOffsets(root: HTMLElement, start: number, end: number): DOMRect | null {
  const locate = (cp: number, preferNext: boolean): { node: Text; offset: number } | null => {
    const segs = root.querySelectorAll<HTMLElement>('span[data-s]')
    let lo = 0
    let hi = segs.length - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const s = Number(segs[mid].dataset.s)
      if (s < cp || (s === cp && !preferNext)) {
        found = mid
        lo = mid + 1
      } else hi = mid - 1
    }
    if (preferNext && (found < 0 || Number(segs[found].dataset.s) + codePointLength(segs[found].textContent ?? '') <= cp)) found += 1
    const seg = segs[Math.max(0, Math.min(found, segs.length - 1))]
    const text = seg?.firstChild as Text | null
    if (!text) return null
    return { node: text, offset: utf16Index(text.data, Math.max(0, cp - Number(seg.dataset.s))) }
  }
  const a = locate(start, true)
  const b = locate(end, false)
  if (!a || !b) return null
  const range = document.createRange()
  range.setStart(a.node, a.offset)
  range.setEnd(b.node, b.offset)
  const sel = window.getSelection()
  sel?.removeAllRanges()
  sel?.addRange(range)
  return range.getBoundingClientRect()
}
