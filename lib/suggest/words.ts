/**
 * Words of a text with their places, and the normal form checks compare them in: case folded,
 * curly quotes and apostrophes made straight, dashes made one. Pure; offsets are UTF-16 indexes.
 */

export type Word = { text: string; start: number; end: number }

/** A word: letters and digits, with inner apostrophes, hyphens and dots ("Huawei’s", "long-term", "U.S"). */
const WORD = /[\p{L}\p{N}]+(?:['’.\-][\p{L}\p{N}]+)*/gu

export function words(text: string, from = 0, to = text.length): Word[] {
  const out: Word[] = []
  WORD.lastIndex = from
  for (let m = WORD.exec(text); m && m.index < to; m = WORD.exec(text)) {
    if (m.index + m[0].length > to) break
    out.push({ text: m[0], start: m.index, end: m.index + m[0].length })
  }
  return out
}

/** The comparison form of a word or phrase: lower case, straight quotes, one kind of dash. */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[‘’‛′]/g, "'")
    .replace(/[“”„‟″]/g, '"')
    .replace(/[‐‑‒–—―]/g, '-')
}

/** Capitalised like a name: an upper-case letter, then at least one lower-case letter (not "NOKIA"). */
export function isCapitalised(word: string): boolean {
  return /^\p{Lu}/u.test(word) && /\p{Ll}/u.test(word)
}

/** Whether the word at `start` opens a sentence or a paragraph (so its capital says nothing). */
export function opensSentence(text: string, start: number): boolean {
  let i = start - 1
  while (i >= 0 && /[ \t“"‘'(\[]/.test(text[i])) i--
  return i < 0 || /[.!?:\n]/.test(text[i])
}
