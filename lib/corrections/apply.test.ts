import { describe, expect, it } from 'vitest'
import { FixConflictError, applyFixes, correctedSpans, findCollision, fixesCollide } from './apply'
import { sliceCodePoints } from '@/lib/text/offsets'

const at = (text: string, needle: string, from = 0) => {
  const u = text.indexOf(needle, from)
  if (u < 0) throw new Error(`"${needle}" not in text`)
  const start = [...text.slice(0, u)].length
  return { start, end: start + [...needle].length }
}
let n = 0
const fix = (text: string, needle: string, correction: string, from = 0) => ({ id: `f${++n}`, ...at(text, needle, from), correction })

describe('applyFixes', () => {
  const text = 'Vincent Pain, senior vice head of state, said the UNITED STATE licenses, licenses were late.'

  it('applies fixes given in any order', () => {
    const fixes = [fix(text, 'UNITED STATE', 'U.S.'), fix(text, 'Pain', 'Pang'), fix(text, 'vice head of state', 'vice president')]
    const want = 'Vincent Pang, senior vice president, said the U.S. licenses, licenses were late.'
    expect(applyFixes(text, fixes)).toBe(want)
    expect(applyFixes(text, [...fixes].reverse())).toBe(want)
  })

  it('applies adjacent fixes (one ends where the next starts)', () => {
    const a = { id: 'a', ...at(text, 'Vincent '), correction: 'Mr. ' }
    const b = { id: 'b', ...at(text, 'Pain'), correction: 'Pang' }
    expect(a.end).toBe(b.start)
    expect(fixesCollide(a, b)).toBe(false)
    expect(applyFixes(text, [b, a])).toBe(text.replace('Vincent Pain', 'Mr. Pang'))
  })

  it('deletes a duplicated word and a span across a line break', () => {
    expect(applyFixes(text, [fix(text, ' licenses,', '')])).toBe(text.replace(' licenses,', ''))
    const body = 'Huawei denied it.\n\nPlease enter your comment!\nPlease enter your name here\n\nThe end.'
    const residue = fix(body, '\n\nPlease enter your comment!\nPlease enter your name here', '')
    expect(applyFixes(body, [residue])).toBe('Huawei denied it.\n\nThe end.')
  })

  it('counts offsets in code points next to and inside emoji', () => {
    const t = 'Launch 🚀 by Pain 🚀🚀 ok'
    expect(applyFixes(t, [fix(t, 'Pain', 'Pang')])).toBe('Launch 🚀 by Pang 🚀🚀 ok')
    expect(applyFixes(t, [fix(t, '🚀🚀', '🛰️')])).toBe('Launch 🚀 by Pain 🛰️ ok')
    const rocket = fix(t, '🚀', 'rocket')
    expect(rocket).toMatchObject({ start: 7, end: 8 })
    expect(applyFixes(t, [rocket, fix(t, 'ok', 'OK')])).toBe('Launch rocket by Pain 🚀🚀 OK')
  })

  it('keeps combining marks and CJK intact', () => {
    const t = 'Cafe\u0301 owner 王小明 said 华为 agreed.'
    expect(applyFixes(t, [fix(t, 'e\u0301', 'é'), fix(t, '王小明', '王晓明')])).toBe('Café owner 王晓明 said 华为 agreed.')
    expect(applyFixes(t, [fix(t, '\u0301', '')])).toBe('Cafe owner 王小明 said 华为 agreed.')
  })

  it('refuses colliding fixes and out-of-range offsets', () => {
    const a = fix(text, 'Vincent Pain', 'Vincent Pang')
    const b = fix(text, 'Pain', 'Pang')
    expect(() => applyFixes(text, [a, b])).toThrow(FixConflictError)
    expect(findCollision(b, [a])).toBe(a)
    expect(() => applyFixes(text, [{ id: 'x', start: 5, end: 999, correction: '' }])).toThrow(RangeError)
  })

  it('returns the text unchanged with no fixes', () => {
    expect(applyFixes(text, [])).toBe(text)
  })
})

describe('correctedSpans', () => {
  it('says where each correction lands in the corrected text, past emoji, deletions and adjacent fixes', () => {
    const text = '🚀 Vincent Pain said the UNITED STATE licenses, licenses were late. 華為 agreed.'
    const fixes = [fix(text, ' licenses,', ''), fix(text, 'Pain', 'Pang'), fix(text, 'Vincent ', 'Mr. '), fix(text, 'UNITED STATE', 'U.S.'), fix(text, '華為', 'Huawei')]
    const corrected = applyFixes(text, fixes)
    expect(corrected).toBe('🚀 Mr. Pang said the U.S. licenses were late. Huawei agreed.')
    const spans = correctedSpans(fixes)
    expect(spans.map((s) => s.fix.correction)).toEqual(['Mr. ', 'Pang', 'U.S.', '', 'Huawei']) // text order
    for (const s of spans) expect(sliceCodePoints(corrected, s.start, s.end)).toBe(s.fix.correction)
    expect(spans[3].start).toBe(spans[3].end) // a deletion is a point where the words were
  })
})
