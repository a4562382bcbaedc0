import { describe, expect, it } from 'vitest'
import { reanchor } from '@/lib/anchoring/reanchor'
import { describeSpan } from '@/lib/anchoring/describe'
import { keepsItsWords, stillAsApproved } from './review-state'

const cp = (text: string, needle: string, from = 0) => [...text.slice(0, text.indexOf(needle, from))].length
function fixOn(text: string, needle: string, from = 0) {
  const start = cp(text, needle, from)
  return { id: 'f', ...describeSpan(text, start, start + [...needle].length) }
}

describe('keepsItsWords after a revision', () => {
  it('a fix on "5 percent" does not survive a wire update to "6.4 percent" (the span stretches onto other words)', () => {
    const before = 'Sales grew 5 percent in the third quarter, the company said on Monday.'
    const after = 'Sales grew 6.4 percent in the third quarter, the company said on Monday.'
    const fix = fixOn(before, '5 percent')
    const [moved] = reanchor(before, after, [fix]).results
    expect(moved.exact).toBe('6.4 percent') // where re-anchoring puts it
    expect(keepsItsWords(fix, moved)).toBe(false)
  })

  it('a deletion of a doubled "the" does not survive an update that removed the doubling', () => {
    const before = 'He said the the talks would resume in March, officials confirmed.'
    const after = 'He said the talks would resume in March, officials confirmed.'
    const placements: string[] = []
    for (const nth of [0, 1]) {
      const fix = fixOn(before, 'the ', nth === 0 ? 0 : before.indexOf('the ') + 1)
      const [moved] = reanchor(before, after, [fix]).results
      placements.push(moved.status)
      // Wherever it lands, the surviving "the" no longer has its twin beside it.
      expect(moved.status === 'orphaned' || !keepsItsWords(fix, moved), `fix on "the" #${nth + 1}: ${moved.status}`).toBe(true)
    }
    // Both fixes land on the surviving "the" (one carried by the diff, one found again): the case the rule is for.
    expect(placements.filter((p) => p !== 'orphaned')).toHaveLength(2)
  })

  it('a fix whose sentence is untouched keeps its words when other paragraphs change', () => {
    const before = 'First paragraph about Vincent Pain.\n\nSecond paragraph, unchanged.'
    const after = 'A new lead paragraph was added by the wire.\n\nFirst paragraph about Vincent Pain.\n\nSecond paragraph, unchanged.'
    const fix = fixOn(before, 'Pain')
    const [moved] = reanchor(before, after, [fix]).results
    expect(moved.status).toBe('moved')
    expect(keepsItsWords(fix, moved)).toBe(true)
  })

  it('a fuzzy placement never keeps a fix, even on identical words', () => {
    expect(keepsItsWords({ exact: 'a', prefix: 'b', suffix: 'c' }, { status: 'fuzzy', exact: 'a', prefix: 'b', suffix: 'c' })).toBe(false)
  })
})

describe('stillAsApproved', () => {
  const approved = { status: 'approved', orphaned: false, exact: 'Pain', correction: 'Pang', approvedExact: 'Pain', approvedCorrection: 'Pang' }
  it('holds only while the words and the correction are the ones approved', () => {
    expect(stillAsApproved(approved)).toBe(true)
    expect(stillAsApproved({ ...approved, exact: 'Paint' })).toBe(false)
    expect(stillAsApproved({ ...approved, correction: 'Smith' })).toBe(false)
    expect(stillAsApproved({ ...approved, orphaned: true })).toBe(false)
    expect(stillAsApproved({ ...approved, status: 'open' })).toBe(false)
    expect(stillAsApproved({ ...approved, approvedExact: null })).toBe(false)
  })
  it('a deletion approved as "" still applies; a fix whose text already reads the correction does not', () => {
    expect(stillAsApproved({ ...approved, correction: '', approvedCorrection: '' })).toBe(true)
    expect(stillAsApproved({ ...approved, exact: 'Pang', approvedExact: 'Pang' })).toBe(false)
  })
})
