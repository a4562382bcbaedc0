import { describe, expect, it } from 'vitest'
import { claimFeatures, compareClaims } from './claim-match'

const same = (a: string, b: string) => compareClaims(claimFeatures(a), claimFeatures(b))

describe('claimFeatures', () => {
  it('reads numbers, names and the stems of the other words', () => {
    const f = claimFeatures("The health service hired 5,000 new nurses in Brevia's north; eight of them left.")
    expect(f.numbers).toEqual(['5000', '8'])
    expect(f.names).toContain('brevia')
    expect(f.stems).toEqual(expect.arrayContaining(['health', 'servic', 'hire', 'nurs']))
    expect(f.stems).not.toContain('the')
  })
})

describe('compareClaims', () => {
  it('matches a rewording, in the passive or with the words moved', () => {
    expect(same('The council built 42 crossings in 2024.', 'In 2024, 42 crossings were built by the council.')).toMatchObject({ same: true, score: 1 })
    expect(same('The health service hired 5,000 new nurses last year.', 'Last year the health service hired 5000 new nurses.').same).toBe(true)
  })

  it('tells another claim: a number, a name or the predicate changed', () => {
    expect(same('The council built 42 crossings in 2024.', 'The council closed 42 crossings in 2024.')).toMatchObject({ same: false, reason: expect.stringContaining('a word replaced by another') })
    expect(same('The council built 42 crossings in 2024.', 'The council built 24 crossings in 2024.')).toMatchObject({ same: false, score: 0, reason: 'different numbers (42 / 24)' })
    expect(same('Senator Vale voted against the bill.', 'Senator Moss voted against the bill.')).toMatchObject({ same: false, reason: expect.stringContaining('different names') })
    expect(same('Senator Vale voted against the bill.', 'Senator Vale voted for the bill.').same).toBe(false)
  })
})
