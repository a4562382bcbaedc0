/**
 * An article's language (a BCP 47 tag) as the page needs it: which way the text runs, and whether
 * the checks that only know English apply. Client-safe.
 */

/** Scripts written right to left, by the primary language subtag. */
const RTL = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb', 'syr', 'arc', 'iw'])

export function primaryLanguage(tag: string): string {
  return tag.split('-')[0].toLowerCase()
}

export function directionOf(tag: string): 'rtl' | 'ltr' {
  return RTL.has(primaryLanguage(tag)) ? 'rtl' : 'ltr'
}

export function isEnglish(tag: string): boolean {
  return primaryLanguage(tag) === 'en'
}

/** A well-formed BCP 47 tag in its canonical case ("DE-at" → "de-AT"), or null. */
export function canonicalLanguage(tag: unknown): string | null {
  if (typeof tag !== 'string' || !/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(tag.trim())) return null
  try {
    return Intl.getCanonicalLocales(tag.trim())[0] ?? null
  } catch {
    return null
  }
}
