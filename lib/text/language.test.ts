import { describe, expect, it } from 'vitest'
import { defaultLanguage, detectLanguage } from './language'
import { canonicalLanguage, directionOf, isEnglish } from './direction'

describe('detectLanguage', () => {
  it('tells Arabic, German and English apart, and says nothing about a few words', () => {
    expect(detectLanguage('قال نائب رئيس الشركة يوم الجمعة إن المحادثات مع الشركات الأمريكية لا تزال في مرحلة مبكرة، وإن الترخيص لم يتم بعد.')).toBe('ar')
    expect(detectLanguage('Der Gemeinderat hat im Jahr 2024 insgesamt 42 neue Fußgängerüberwege gebaut, sagte der Bürgermeister am Freitag.')).toBe('de')
    expect(detectLanguage('The council built 42 crossings in 2024, the mayor said on Friday, and more are planned for next year.')).toBe('en')
    expect(detectLanguage('Hello there')).toBeNull()
    // A short line of names and a scraped phrase is not French or Catalan: not enough to tell.
    expect(detectLanguage('🚀 Vincent Pain spoke. Later, Pang left with licenses, licenses.\n\nPlease enter your comment!')).toBeNull()
    expect(detectLanguage('Vincent Pain spoke on Friday.\n\nPlease enter your comment!')).toBeNull()
  })
})

describe('directionOf, canonicalLanguage, defaultLanguage', () => {
  it('runs Arabic, Hebrew, Persian and Urdu right to left, and canonicalises tags', () => {
    expect(['ar', 'he', 'fa', 'ur', 'ar-EG'].map(directionOf)).toEqual(['rtl', 'rtl', 'rtl', 'rtl', 'rtl'])
    expect(['en', 'de', 'de-AT', 'zh-Hant'].map(directionOf)).toEqual(['ltr', 'ltr', 'ltr', 'ltr'])
    expect(canonicalLanguage('DE-at')).toBe('de-AT')
    expect(canonicalLanguage('english')).toBeNull()
    expect(canonicalLanguage('not a tag')).toBeNull()
    expect(canonicalLanguage('x')).toBeNull()
    expect(isEnglish('en-GB')).toBe(true)
    expect(defaultLanguage({ GALLEY_DEFAULT_LANGUAGE: 'de' })).toBe('de')
    expect(defaultLanguage({ GALLEY_DEFAULT_LANGUAGE: '!!' })).toBe('en')
    expect(defaultLanguage({})).toBe('en')
  })
})
