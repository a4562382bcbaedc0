/**
 * DOM ↔ article offsets for the annotator (client only). Paragraphs are `<p data-s data-e>` (code
 * points); inside one, plain text is bare text nodes and annotated runs are `<span data-ids>` with
 * one text node each. A DOM point maps to code points by walking one paragraph's children.
 */
import { codePointLength, utf16Index } from '@/lib/text/offsets'

function paragraphOf(node: Node): HTMLElement | null {
  const el = node instanceof HTMLElement ? node : node.parentElement
  return (el?.closest('p[data-s]') as HTMLElement | null) ?? null
}

/** Code points from the paragraph start to the start of `child` (a direct child of `p`). */
function offsetOfChild(p: HTMLElement, child: Node): number {
  let cp = Number(p.dataset.s)
  for (let n = p.firstChild; n && n !== child; n = n.nextSibling) cp += codePointLength(n.textContent ?? '')
  return cp
}

/** Code-point offset of a DOM point inside the article, or null when it is outside. */
export function pointToOffset(root: HTMLElement, node: Node, offset: number): number | null {
  if (!root.contains(node)) return null
  const p = paragraphOf(node)
  if (!p) {
    // A point between paragraphs (or on the container): the start of the next paragraph, else the end.
    const el = node as HTMLElement
    const next = el.childNodes?.[offset] as HTMLElement | undefined
    const target = next?.matches?.('p[data-s]') ? next : (next?.querySelector?.('p[data-s]') as HTMLElement | null)
    if (target) return Number(target.dataset.s)
    const all = root.querySelectorAll<HTMLElement>('p[data-e]')
    return all.length ? Number(all[all.length - 1].dataset.e) : null
  }
  if (node === p) {
    const child = p.childNodes[offset]
    return child ? offsetOfChild(p, child) : Number(p.dataset.e)
  }
  const child = node.parentNode === p ? node : (node.parentElement!.closest('p > *') as Node)
  const start = offsetOfChild(p, child)
  if (node.nodeType === Node.TEXT_NODE) return start + codePointLength((node as Text).data.slice(0, offset))
  return offset === 0 ? start : start + codePointLength(child.textContent ?? '')
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

/** Where the keyboard caret is in the article (a collapsed selection moved with the arrow keys), or null. */
export function caretOffset(root: HTMLElement): number | null {
  const sel = window.getSelection()
  if (!sel || sel.rangeCount === 0 || !sel.focusNode || !root.contains(sel.focusNode)) return null
  return pointToOffset(root, sel.focusNode, sel.focusOffset)
}

/** The code-point offset under a screen point (for sentence clicks and the S key). */
export function offsetAtPoint(root: HTMLElement, x: number, y: number): number | null {
  const doc = document as Document & { caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null }
  const pos = doc.caretPositionFromPoint?.(x, y)
  if (pos) return pointToOffset(root, pos.offsetNode, pos.offset)
  const range = document.caretRangeFromPoint?.(x, y)
  return range ? pointToOffset(root, range.startContainer, range.startOffset) : null
}

/** The text node and UTF-16 offset at code point `cp` (binary search over paragraphs, then a walk). */
function locate(root: HTMLElement, cp: number): { node: Text; offset: number } | null {
  const ps = root.querySelectorAll<HTMLElement>('p[data-s]')
  let lo = 0
  let hi = ps.length - 1
  let found = 0
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (Number(ps[mid].dataset.s) <= cp) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  const p = ps[found]
  if (!p) return null
  let at = Number(p.dataset.s)
  let last: Text | null = null
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    const len = codePointLength(n.data)
    if (cp <= at + len) return { node: n, offset: utf16Index(n.data, Math.max(0, cp - at)) }
    at += len
    last = n
  }
  return last ? { node: last, offset: last.data.length } : null
}

/** A DOM Range over code points [start, end) of the article (null when the text is not there). */
export function rangeOf(root: HTMLElement, start: number, end: number): Range | null {
  const a = locate(root, start)
  const b = locate(root, end)
  if (!a || !b) return null
  const range = document.createRange()
  range.setStart(a.node, a.offset)
  range.setEnd(b.node, b.offset)
  return range
}

/** Select code points [start, end) in the DOM (so the user sees the sentence picked). */
export function selectOffsets(root: HTMLElement, start: number, end: number): DOMRect | null {
  const range = rangeOf(root, start, end)
  if (!range) return null
  const sel = window.getSelection()
  sel?.removeAllRanges()
  sel?.addRange(range)
  return range.getBoundingClientRect()
}
