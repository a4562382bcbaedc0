import { describe, expect, it } from 'vitest'
import { describeEvent } from './describe'

// Issue 22's events, as the history reads them.
describe('describeEvent: fixes of every occurrence and taken suggestions', () => {
  it('says a fix was made on another occurrence, and that a fix joined its group', () => {
    expect(describeEvent({ action: 'annotation.create', entityType: 'Annotation', before: null, after: { kind: 'error', exact: 'Pain', correction: 'Pang', category: 'name', occurrenceOf: 'x' } })).toBe(
      'proposed a fix: “Pain” → “Pang” (name), on another occurrence of the words',
    )
    expect(describeEvent({ action: 'annotation.update', entityType: 'Annotation', before: { kind: 'error', exact: 'Pain', groupId: null }, after: { groupId: 'g', occurrences: ['a', 'b'] } })).toBe(
      'fixed 2 other occurrence(s) of “Pain”, to be reviewed together',
    )
    expect(describeEvent({ action: 'annotation.update', entityType: 'Annotation', before: { kind: 'error', exact: 'Pain' }, after: { note: 'x' } })).toBe('edited the error on “Pain”')
  })

  it('says a decision was made with its group, and a suggestion taken by a fix made by hand', () => {
    expect(describeEvent({ action: 'fix.approve', entityType: 'Annotation', before: null, after: { groupId: 'g', comment: 'per the wire' } })).toBe('approved a fix (with its group): per the wire')
    expect(describeEvent({ action: 'fix.reject', entityType: 'Annotation', before: null, after: { comment: '' } })).toBe('rejected a fix')
    expect(describeEvent({ action: 'suggestion.accept', entityType: 'Suggestion', before: { check: 'name', exact: 'Pain' }, after: { byHand: true } })).toBe('took a name suggestion on “Pain”: the same fix was made by hand')
    expect(describeEvent({ action: 'suggestion.accept', entityType: 'Suggestion', before: { check: 'name', exact: 'Pain' }, after: {} })).toBe('accepted a name suggestion on “Pain”')
  })
})
