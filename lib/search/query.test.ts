import { describe, expect, it } from 'vitest'
import { MARK_END, MARK_START, nearQuery, parseQuery, prefixQuery, readHighlights } from './query'

describe('parseQuery', () => {
  it('finds the plain words, the excluded ones and the word being typed', () => {
    expect(parseQuery('"vice president" Pang -Huawei')).toEqual({ text: '"vice president" Pang -Huawei', terms: ['pang'], names: ['pang'], excluded: ['huawei'], prefix: null, rest: '"vice president" Pang -Huawei' })
    expect(parseQuery('council cross')).toMatchObject({ terms: ['council', 'cross'], prefix: 'cross', rest: 'council' })
    // A space after the word: it is finished.
    expect(parseQuery('council cross ').prefix).toBeNull()
    // Inside quotes, excluded, or a number: not a prefix.
    expect(parseQuery('"vice pres').prefix).toBeNull()
    expect(parseQuery('talks -hua').prefix).toBeNull()
    expect(parseQuery('crossings 202').prefix).toBeNull()
    expect(parseQuery('pang or pain').terms).toEqual(['pang', 'pain'])
  })
})

describe('nearQuery and prefixQuery', () => {
  it('ORs each term with its near words and keeps the exclusions; nothing but words gets through', () => {
    expect(nearQuery(['pang', 'spoke'], new Map([['pang', ['pain', 'pan']]]), ['huawei'])).toBe('(pang | pain | pan) & spoke & !huawei')
    expect(nearQuery(['pang'], new Map(), [])).toBeNull()
    expect(nearQuery(['pang'], new Map([['pang', ["pain')|(x"]]]), [])).toBeNull()
    expect(prefixQuery('crossi', ['crossing', 'crossings'])).toBe('crossi:* | crossing | crossings')
    expect(prefixQuery("a'b")).toBeNull()
  })
})

describe('readHighlights', () => {
  it('turns markers into code-point ranges of the plain snippet', () => {
    const { snippet, highlights } = readHighlights(`Vincent ${MARK_START}Pain${MARK_END} of 𝒳 ${MARK_START}Huawei${MARK_END}`)
    expect(snippet).toBe('Vincent Pain of 𝒳 Huawei')
    expect(highlights).toEqual([[8, 12], [18, 24]])
    expect([...snippet].slice(18, 24).join('')).toBe('Huawei')
  })
})
