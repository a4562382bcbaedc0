import { describe, expect, it } from 'vitest'
import { likelyTypo, spelling } from './spelling'
import { articleNames } from './names'
import { demoArticle, shown } from './testing'

describe('spelling (harper.js)', () => {
  it('finds a typo and proposes the word', async () => {
    const text = 'The goverment said the independant bridge would open in spring.'
    expect(shown(text, await spelling(text))).toEqual(['spelling: "goverment" → "government"', 'spelling: "independant" → "independent"'])
  }, 60_000)

  it('does not call a name, an acronym, a dateline or a British spelling a misspelling', async () => {
    const text = 'WASHINGTON – Councillor Zhengfei Brookhaven of NOKIA said the colour of the centre was realised late.'
    expect(await spelling(text, articleNames(text))).toEqual([])
  }, 60_000)

  it('finds "a apple" with harper\'s grammar rule', async () => {
    const text = 'She ate a apple on the way to work.'
    expect(shown(text, await spelling(text))).toEqual(['grammar: "a" → "an"'])
  }, 60_000)

  it('is silent on the demo article, whose errors are real words', async () => {
    const text = demoArticle()
    expect(shown(text, await spelling(text, articleNames(text)))).toEqual([])
  }, 60_000)

  it('takes only typo-shaped suggestions', () => {
    expect(likelyTypo('recieve', 'receive')).toBe(true)
    expect(likelyTypo('independant', 'independent')).toBe(true)
    expect(likelyTypo('goverment', 'government')).toBe(true)
    expect(likelyTypo('invectives', "invective's")).toBe(false)
    expect(likelyTypo('legislations', 'legislation')).toBe(false)
    expect(likelyTypo('unperplexed', 'perplexed')).toBe(false)
  })
})
