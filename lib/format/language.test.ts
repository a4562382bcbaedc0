import { describe, expect, it } from 'vitest'
import { languageName } from './language'

describe('languageName', () => {
  it('names a language in English with its tag, and leaves a tag it does not know as it is', () => {
    expect(languageName('de')).toBe('German (de)')
    expect(languageName('pt-BR')).toBe('Brazilian Portuguese (pt-BR)')
    expect(languageName('qqq')).toBe('qqq')
    expect(languageName('not a tag')).toBe('not a tag')
  })
})
