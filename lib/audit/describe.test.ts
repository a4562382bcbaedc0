import { describe, expect, it } from 'vitest'
import { describeEvent } from './describe'

// Issue 22's events, as the history reads them.
describe('describeEvent: fixes of every occurrence and taken suggestions', () => {
  it('says a fix was made on another occurrence, and that a fix joined its group', () => {
    expect(describeEvent({ action: 'annotation.create', entityType: 'Annotation', before: null, after: { kind: 'error', exact: 'Pain', correction: 'Pang', category: 'name', occurrenceOf: 'x' } })).toBe(
      'proposed a fix: “Pain” → “Pang” (name), on another occurrence of the words',
    )
    expect(describeEvent({ action: 'annotation.update', entityType: 'Annotation', before: { kind: 'error', exact: 'Pain', groupId: null }, after: { groupId: 'g', occurrences: ['a', 'b'] } })).toBe(
      'fixed 2 other occurrences of “Pain”, to be reviewed together',
    )
    expect(describeEvent({ action: 'annotation.update', entityType: 'Annotation', before: { kind: 'error', exact: 'Pain' }, after: { note: 'x' } })).toBe('edited the error on “Pain”')
  })

  it('says a decision was made with its group, and a suggestion taken by a fix made by hand', () => {
    expect(describeEvent({ action: 'fix.approve', entityType: 'Annotation', before: null, after: { groupId: 'g', comment: 'per the wire' } })).toBe('approved a fix (with its group), saying “per the wire”')
    expect(describeEvent({ action: 'fix.reject', entityType: 'Annotation', before: null, after: { comment: '' } })).toBe('rejected a fix')
    expect(describeEvent({ action: 'fix.approve', entityType: 'Annotation', before: null, after: { groupId: 'g', exact: 'Pain', correction: 'Pang', comment: '' } })).toBe('approved the fix “Pain” → “Pang” (with its group)')
    expect(describeEvent({ action: 'suggestion.accept', entityType: 'Suggestion', before: { check: 'name', exact: 'Pain' }, after: { byHand: true } })).toBe('took a name suggestion on “Pain”: the same fix was made by hand')
    expect(describeEvent({ action: 'suggestion.accept', entityType: 'Suggestion', before: { check: 'name', exact: 'Pain' }, after: {} })).toBe('accepted a name suggestion on “Pain”')
  })
})

const ev = (action: string, after: unknown = {}, before: unknown = {}) => ({ action, entityType: 'Annotation', before, after })

describe('describeEvent', () => {
  it('names the fix a reviewer decided on, and quotes the reason', () => {
    expect(describeEvent(ev('fix.approve', { status: 'approved', exact: 'Pain', correction: 'Pang', comment: '' }))).toBe('approved the fix “Pain” → “Pang”')
    expect(describeEvent(ev('fix.reject', { status: 'rejected', exact: 'Pain', correction: 'Pang', comment: 'The wire spells it Pain.' }))).toBe('rejected the fix “Pain” → “Pang”, saying “The wire spells it Pain.”')
    expect(describeEvent(ev('fix.approve', { status: 'approved', exact: 'really really', correction: '' }))).toBe('approved the fix “really really” → (delete)')
    // An event written before the words were recorded still reads.
    expect(describeEvent(ev('fix.reject', { status: 'rejected', comment: 'No' }))).toBe('rejected a fix, saying “No”')
  })

  it('counts in words, never “(es)” or “(s)”', () => {
    expect(describeEvent(ev('article.publish', { revision: 2, applied: ['a'] }))).toBe('published 1 approved fix as revision 2')
    expect(describeEvent(ev('article.publish', { revision: 3, applied: ['a', 'b'] }))).toBe('published 2 approved fixes as revision 3')
    expect(describeEvent(ev('annotation.import', { imported: 1, exact: 1, fuzzy: 0 }))).toBe('imported 1 annotation from another tool: 1 on their exact words, 0 found by fuzzy match')
    expect(describeEvent(ev('article.revise', { revision: 2, reason: 'edited', reanchor: { moved: 1, fuzzy: 0, orphaned: 0, reviewAgain: 1 } }))).toBe(
      'saved revision 2 (edited); annotations: 1 moved, 0 found again, 0 need re-anchoring; 1 fix back to review',
    )
    for (const e of [ev('article.publish', { revision: 2, applied: [] }), ev('annotation.import', { imported: 5 }), ev('article.revise', { revision: 2, reanchor: { reviewAgain: 3 } })]) {
      expect(describeEvent(e)).not.toMatch(/\((es|s)\)/)
    }
  })

  it('never doubles the quotation marks a quote already has', () => {
    // Cut to fit, a long quotation keeps one pair of marks (its own opening one, and the closing one).
    const long = describeEvent(ev('annotation.create', { kind: 'quote', exact: `“${'We have not sold anything to anyone, '.repeat(4)}”`, speaker: 'Pang' }))
    expect(long).toMatch(/^marked a quote by Pang: “We have not sold.*…”$/)
    expect(long).not.toMatch(/‘|““/)
    const said = describeEvent(ev('annotation.create', { kind: 'quote', exact: '“We have not sold anything”', speaker: 'Pang' }))
    expect(said).toBe('marked a quote by Pang: “We have not sold anything”')
    expect(said).not.toMatch(/““|””/)
    expect(describeEvent(ev('annotation.create', { kind: 'error', exact: 'Pain', correction: 'Pang', category: 'name' }))).toBe('proposed a fix: “Pain” → “Pang” (name)')
    expect(describeEvent(ev('annotation.create', { kind: 'error', exact: '“Pain”', correction: '“Pang”', category: 'name' }))).toBe('proposed a fix: “Pain” → “Pang” (name)')
  })
})
