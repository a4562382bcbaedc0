import { describe, expect, it } from 'vitest'
import { nameVariants } from './names'
import { demoArticle, federalist, shown } from './testing'

describe('nameVariants', () => {
  it('finds "Vincent Pain" … "Pang" in the demo article and proposes one direction only (the majority, without a source)', () => {
    const text = demoArticle()
    expect(shown(text, nameVariants(text))).toEqual(['name: "Pang" → "Pain"'])
    // With the wire attached, its spelling wins, whatever the article's majority.
    const wire = { title: 'Wire', body: 'Vincent Pang, senior vice president, said talks were weeks old.' }
    expect(shown(text, nameVariants(text, [wire]))).toEqual(['name: "Pain" → "Pang"', 'name: "Pain" → "Pang"'])
  })

  it('never proposes both directions: a source’s spelling wins over the article’s majority', () => {
    const text = 'Council member Ingrid Halvorsen opened the hearing. The budget was late, Halvorsen said. Later, Ingrid Halvorson closed it.'
    // Without a source: the majority ("Halvorsen", twice) against the one "Halvorson".
    expect(shown(text, nameVariants(text))).toEqual(['name: "Halvorson" → "Halvorsen"'])
    expect(nameVariants(text)[0].message).toContain('most often')
    // The minutes spell it "Halvorson": the two "Halvorsen" are the ones to correct.
    const minutes = { title: 'Hearing minutes', body: 'Present: Ingrid Halvorson (chair), Tomas Reyes.' }
    const found = nameVariants(text, [minutes])
    expect(shown(text, found)).toEqual(['name: "Halvorsen" → "Halvorson"', 'name: "Halvorsen" → "Halvorson"'])
    expect(found[0].message).toContain('the source “Hearing minutes” spells it “Halvorson”')
  })

  it('asks which spelling is right, once, when the article has as many of each and no source says', () => {
    const text = 'Mayor Marta Olson opened the session. Later, Mayor Marta Olsen thanked the council.'
    const found = nameVariants(text)
    expect(shown(text, found)).toEqual(['name: "Olsen" → "Olson"'])
    expect(found[0].message).toContain('Which spelling is right?')
    // A source that has both spellings as often is no evidence either.
    expect(nameVariants(text, [{ title: 'Notes', body: 'Olson or Olsen?' }])).toHaveLength(1)
  })

  it('with three spellings, proposes the source’s to every other place', () => {
    const text = 'Anna Petrova spoke first. Then Petrowa answered, and Petrovo nodded.'
    const found = nameVariants(text, [{ title: 'Release', body: 'Dr Anna Petrova leads the clinic.' }])
    expect(shown(text, found)).toEqual(['name: "Petrowa" → "Petrova"', 'name: "Petrovo" → "Petrova"'])
    // Without it, one of each: one question, the other spellings as alternatives.
    expect(nameVariants(text)).toEqual([expect.objectContaining({ correction: 'Petrova', alternatives: ['Petrovo'] })])
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
