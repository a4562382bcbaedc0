import { describe, expect, it } from 'vitest'
import { suggestionCategory } from './category'

describe('suggestionCategory', () => {
  it('a source difference in a name is a name fix, in a number a fact fix', () => {
    expect(suggestionCategory({ check: 'source', exact: 'Pain', correction: 'Pang', category: 'fact' })).toBe('name')
    expect(suggestionCategory({ check: 'source', exact: 'Vincent Pain', correction: 'Vincent Pang', category: 'fact' })).toBe('name')
    expect(suggestionCategory({ check: 'source', exact: '12 percent', correction: '14 percent', category: 'other' })).toBe('fact')
    // A sentence opener is not a name.
    expect(suggestionCategory({ check: 'source', exact: 'The', correction: 'A', category: 'fact' })).toBe('fact')
    expect(suggestionCategory({ check: 'source', exact: 'huge', correction: 'giant', category: 'fact' })).toBe('fact')
    // Words the source adds to a name were left out, not misspelled: not a name fix.
    expect(suggestionCategory({ check: 'source', exact: 'Vincent', correction: 'Vincent Pang', category: 'fact' })).toBe('fact')
    expect(suggestionCategory({ check: 'source', exact: 'Minister', correction: 'Minister Vincent', category: 'fact' })).toBe('fact')
  })

  it('spinner wording is wording, unless its row swaps a name', () => {
    expect(suggestionCategory({ check: 'spinner', exact: 'and also', correction: 'and', category: 'other' })).toBe('other')
    expect(suggestionCategory({ check: 'spinner', exact: 'Business Department', correction: 'Commerce Department', category: 'other' })).toBe('fact')
  })

  it('keeps what the other checks say', () => {
    expect(suggestionCategory({ check: 'spelling', exact: 'teh', correction: 'the', category: 'spelling' })).toBe('spelling')
    expect(suggestionCategory({ check: 'name', exact: 'Pain', correction: 'Pang', category: 'name' })).toBe('name')
    expect(suggestionCategory({ check: 'residue', exact: 'Please enter your comment!', correction: '', category: 'other' })).toBe('other')
  })
})
