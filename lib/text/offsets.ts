/**
 * Offsets in Galley's API count Unicode code points, as W3C TextPositionSelector does; JavaScript
 * strings and DOM Ranges count UTF-16 code units. These convert between the two. Pure.
 */

/** Number of code points in `text`. */
export function codePointLength(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) i++
    }
    n++
  }
  return n
}

/** UTF-16 index of code point `cp` (clamped to the end of the text). */
export function utf16Index(text: string, cp: number): number {
  let i = 0
  for (let n = 0; n < cp && i < text.length; n++) {
    const c = text.charCodeAt(i)
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1
  }
  return i
}

/** Code-point offset of UTF-16 index `index` (an index inside a surrogate pair counts as its start). */
export function codePointIndex(text: string, index: number): number {
  return codePointLength(text.slice(0, index))
}

/** Whether a UTF-16 index falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, index: number): boolean {
  return index > 0 && index < text.length && isLowSurrogate(text.charCodeAt(index)) && isHighSurrogate(text.charCodeAt(index - 1))
}

/** `text` between code points `start` and `end`. */
export function sliceCodePoints(text: string, start: number, end: number): string {
  const from = utf16Index(text, start)
  return text.slice(from, from + utf16Index(text.slice(from), end - start))
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff
}

/**
 * A reusable map for one text: code point ↔ UTF-16 in O(log n) after one O(n) pass. For long
 * articles where many offsets are converted (rendering, applying many fixes).
 */
const HIGH_SURROGATE = /[\uD800-\uDBFF]/

export class OffsetMap {
  /** UTF-16 indexes of the code points that are surrogate pairs, ascending. */
  private readonly pairs: number[] = []
  readonly length: number

  constructor(readonly text: string) {
    // Most texts have no character outside the Basic Multilingual Plane: one native regex scan says
    // so (a loop over charCodeAt cost the annotate page ~25 ms for 20,000 words in the browser).
    let i = text.search(HIGH_SURROGATE)
    if (i === -1) i = text.length
    for (; i < text.length; i++) {
      if (isHighSurrogate(text.charCodeAt(i)) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
        this.pairs.push(i)
        i++
      }
    }
    this.length = text.length - this.pairs.length
  }

  /** UTF-16 index of code point `cp`. */
  toUtf16(cp: number): number {
    // Each pair before the target adds one unit; pairs[k] sits at code point pairs[k] - k.
    let lo = 0
    let hi = this.pairs.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.pairs[mid] - mid < cp) lo = mid + 1
      else hi = mid
    }
    return cp + lo
  }

  /** Code point of UTF-16 index `index`. */
  toCodePoint(index: number): number {
    let lo = 0
    let hi = this.pairs.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.pairs[mid] < index) lo = mid + 1
      else hi = mid
    }
    return index - lo
  }

  slice(start: number, end: number): string {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end))
  }
}
