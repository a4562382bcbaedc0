import { describe, expect, it } from 'vitest'
import { applyFixes } from './apply'
import { oldSpellingsLeft, type LeftoverFix } from './leftovers'

const TEXT = 'Vincent Pain opened the bridge on Friday.\n\nThe mayor thanked the engineers.\n\nPain said the work took four years. Painting starts next week.'

function fix(exact: string, correction: string, category = 'name', nth = 0): LeftoverFix {
  let at = -1
  for (let i = 0; i <= nth; i++) at = TEXT.indexOf(exact, at + 1)
  return { id: `${exact}-${nth}`, start: at, end: at + exact.length, exact, correction, category }
}

describe('oldSpellingsLeft', () => {
  it('reports a name once however many fixes say it (a group made by "fix every occurrence")', () => {
    const text = 'Pain spoke. Pain left. Pain returned.\n\nLater Pain slept.'
    const at = (n: number) => [...text.matchAll(/Pain/g)][n].index!
    const fixes: LeftoverFix[] = [0, 1, 2].map((n) => ({ id: `g${n}`, start: at(n), end: at(n) + 4, exact: 'Pain', correction: 'Pang', category: 'name' }))
    const corrected = applyFixes(text, fixes)
    expect(oldSpellingsLeft(fixes, corrected)).toEqual([{ id: 'g0', exact: 'Pain', correction: 'Pang', count: 1, paragraphs: [2] }])
  })

  it('finds the old spelling of a name fix elsewhere in the corrected text, with its paragraph', () => {
    const fixes = [fix('Pain', 'Pang')]
    const corrected = applyFixes(TEXT, fixes)
    // "Painting" is another word, not the name.
    expect(oldSpellingsLeft(fixes, corrected)).toEqual([{ id: 'Pain-0', exact: 'Pain', correction: 'Pang', count: 1, paragraphs: [3] }])
  })

  it('says nothing once every occurrence is fixed', () => {
    const fixes = [fix('Pain', 'Pang'), fix('Pain', 'Pang', 'name', 1)]
    expect(oldSpellingsLeft(fixes, applyFixes(TEXT, fixes))).toEqual([])
  })

  it('only warns for name fixes, and not about the words of the correction itself', () => {
    const fact = [fix('Pain', 'Pang', 'fact')]
    expect(oldSpellingsLeft(fact, applyFixes(TEXT, fact))).toEqual([])
    // "Pain" → "Vincent Pain" would leave "Pain" inside its own correction: not a leftover there.
    const text = 'Pain spoke.'
    const within = [{ id: 'x', start: 0, end: 4, exact: 'Pain', correction: 'Vincent Pain', category: 'name' }]
    expect(oldSpellingsLeft(within, applyFixes(text, within))).toEqual([])
  })
})
