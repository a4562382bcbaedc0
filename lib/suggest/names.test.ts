import { describe, expect, it } from 'vitest'
import { nameVariants } from './names'
import { demoArticle, federalist, shown } from './testing'

describe('nameVariants', () => {
  it('finds "Vincent Pain" … "Pang" in the demo article and offers each spelling for the other', () => {
    const text = demoArticle()
    expect(shown(text, nameVariants(text))).toEqual(['name: "Pain" → "Pang"', 'name: "Pain" → "Pang"', 'name: "Pang" → "Pain"'])
  })

  it('finds two full names that differ by a small edit of one word', () => {
    const text = 'Mayor Marta Olson opened the session. Later, Mayor Marta Olsen thanked the council.'
    expect(shown(text, nameVariants(text))).toEqual(['name: "Olson" → "Olsen"', 'name: "Olsen" → "Olson"'])
  })

  it('lists a third spelling as an alternative', () => {
    const text = 'Anna Petrova spoke first. Then Petrowa answered, and Petrovo nodded.'
    const found = nameVariants(text)
    expect(found[0]).toMatchObject({ correction: 'Petrowa', alternatives: ['Petrovo'] })
  })

  it('leaves different names, forms of one name, and things named with "the" alone', () => {
    for (const text of [
      'Sanctions on Iran and Iraq were discussed by John Smith.',
      'The State governments and the United States disagreed. The Senate met; the States did not.',
      'Europe and the European Union, Rome and the Roman Senate.',
      'Councillor David Reyes spoke. Reyes said no. David Reyes left.',
      'Sam Pain spoke about the pain of the pang.',
    ]) {
      expect(nameVariants(text), text).toEqual([])
    }
  })

  it('stays nearly silent on the Federalist Papers (195k words)', () => {
    expect(nameVariants(federalist()).length).toBeLessThanOrEqual(4)
  })
})
