import fs from 'node:fs'
import path from 'node:path'
import DiffMatchPatch from 'diff-match-patch'
import { describe, expect, it } from 'vitest'
import { OffsetMap } from '@/lib/text/offsets'
import { splitSentences } from '@/lib/text/sentences'
import { describeSpan } from './describe'
import { reanchor, type Anchorable } from './reanchor'

/** Annotate `needle` (nth occurrence) in `text`, in code points. */
function ann(text: string, needle: string, id = needle, nth = 0): Anchorable {
  let u = -1
  for (let i = 0; i <= nth; i++) u = text.indexOf(needle, u + 1)
  if (u < 0) throw new Error(`no ${needle}`)
  const start = [...text.slice(0, u)].length
  return { id, ...describeSpan(text, start, start + [...needle].length) }
}
const landed = (text: string, r: { start: number; end: number }) => new OffsetMap(text).slice(r.start, r.end)

describe('reanchor', () => {
  const before = 'WASHINGTON – Vincent Pain, senior vice head of state, spoke on Friday. Huawei denied the claim. The talks are weeks old.'

  it('keeps unchanged spans exactly and moves them when text is inserted before', () => {
    const after = 'UPDATED: ' + before
    const { results, counts } = reanchor(before, after, [ann(before, 'Huawei denied the claim.')])
    expect(results[0]).toMatchObject({ status: 'moved', exact: 'Huawei denied the claim.' })
    expect(landed(after, results[0])).toBe('Huawei denied the claim.')
    expect(counts).toEqual({ exact: 0, moved: 1, fuzzy: 0, orphaned: 0 })
    expect(reanchor(before, before + ' More.', [ann(before, 'Huawei')]).results[0].status).toBe('exact')
  })

  it('stretches a span over words inserted or replaced inside it', () => {
    const after = before.replace('senior vice head of state', 'senior vice president')
    const r = reanchor(before, after, [ann(before, 'Vincent Pain, senior vice head of state')]).results[0]
    expect(r.status).toBe('moved')
    expect(r.exact).toBe('Vincent Pain, senior vice president')
    const inserted = before.replace('denied the', 'has consistently denied the')
    expect(reanchor(before, inserted, [ann(before, 'Huawei denied the claim.')]).results[0].exact).toBe('Huawei has consistently denied the claim.')
  })

  it('finds a moved sentence by its quote and context, and orphans a deleted one instead of guessing', () => {
    const after = 'The talks are weeks old. WASHINGTON – Vincent Pain, senior vice head of state, spoke on Friday.'
    const { results } = reanchor(before, after, [ann(before, 'The talks are weeks old.', 'a'), ann(before, 'Huawei denied the claim.', 'b')])
    expect(landed(after, results[0])).toBe('The talks are weeks old.')
    expect(results[1]).toMatchObject({ status: 'orphaned', exact: 'Huawei denied the claim.' })
  })

  it('handles emoji, combining marks and CJK inside and around edited spans', () => {
    const b = 'Launch 🚀 by 华为 today. Cafe\u0301 owner 王小明 said 👍 yes.'
    const a = '🎉 New: Launch 🚀🚀 by 华为公司 today. Café owner 王晓明 said 👍 yes!'
    const { results } = reanchor(b, a, [ann(b, '华为', 'cjk'), ann(b, 'said 👍 yes', 'emoji'), ann(b, 'Cafe\u0301 owner', 'mark'), ann(b, 'Launch 🚀 by', 'rocket')])
    const byId = Object.fromEntries(results.map((r) => [r.id, r]))
    expect(landed(a, byId.emoji)).toBe('said 👍 yes')
    expect(byId.emoji.status).toBe('moved')
    expect(landed(a, byId.cjk).startsWith('华为')).toBe(true)
    expect(landed(a, byId.mark)).toBe('Café owner')
    expect(landed(a, byId.rocket)).toBe('Launch 🚀🚀 by')
    for (const r of results) expect(landed(a, r)).toBe(r.exact)
  })
})

describe('Wikipedia revision pairs: every sentence of "before" re-anchored onto "after"', () => {
  const dir = path.join(__dirname, 'fixtures', 'wikipedia')
  const pairs = JSON.parse(fs.readFileSync(path.join(dir, 'pairs.json'), 'utf8')) as Array<{ before: string; after: string }>
  const dmp = new DiffMatchPatch()
  const similarity = (x: string, y: string) => 1 - dmp.diff_levenshtein(dmp.diff_main(x, y)) / Math.max(x.length, y.length, 1)
  const totals = { sentences: 0, exact: 0, moved: 0, fuzzy: 0, orphaned: 0, misplaced: 0, survivingLost: 0 }

  for (const pair of pairs) {
    it(pair.before.replace('.before.txt', ''), () => {
      const before = fs.readFileSync(path.join(dir, pair.before), 'utf8')
      const after = fs.readFileSync(path.join(dir, pair.after), 'utf8')
      const map = new OffsetMap(before)
      const anns = splitSentences(before).map((s, i) => ({ id: String(i), ...describeSpan(before, map.toCodePoint(s.start), map.toCodePoint(s.end), map) }))
      const { results, counts } = reanchor(before, after, anns)
      let misplaced = 0
      let survivingLost = 0
      results.forEach((r, i) => {
        const old = anns[i].exact
        const text = landed(after, r)
        if (after.includes(old)) {
          // Text that survives unchanged must land exactly on (an occurrence of) it.
          if (r.status === 'orphaned') survivingLost++
          else if (text !== old) misplaced++
          if (r.status === 'orphaned' || text !== old) console.log('[reanchor] SURVIVING', r.status, r.score, JSON.stringify(old).slice(0, 120), '→', JSON.stringify(text).slice(0, 120))
        } else if (r.status !== 'orphaned' && similarity(old, text) < 0.5) {
          misplaced++
          console.log('[reanchor] MISPLACED', r.status, r.score, JSON.stringify(old).slice(0, 120), '→', JSON.stringify(text).slice(0, 120))
        }
      })
      totals.sentences += anns.length
      for (const k of ['exact', 'moved', 'fuzzy', 'orphaned'] as const) totals[k] += counts[k]
      totals.misplaced += misplaced
      totals.survivingLost += survivingLost
      expect(misplaced).toBe(0)
      expect(survivingLost).toBe(0)
    })
  }

  it('reports the totals', () => {
    console.log('[reanchor] Wikipedia pairs:', JSON.stringify(totals))
    expect(totals.sentences).toBeGreaterThan(400)
    expect(totals.misplaced).toBe(0)
  })

  it('keeps a point (a published deletion) between the same two characters when the text around it survives', () => {
    const before = 'Vincent Pang spoke on Friday. The talks resumed.'
    const after = 'WASHINGTON – Vincent Pang spoke on Friday. The talks have resumed.'
    const at = before.indexOf(' spoke')
    const { results } = reanchor(before, after, [{ id: 'p', start: at, end: at, exact: '', prefix: before.slice(at - 12, at), suffix: before.slice(at, at + 32) }])
    expect(results[0]).toMatchObject({ status: 'moved', start: after.indexOf(' spoke'), end: after.indexOf(' spoke'), exact: '' })
    // Both neighbours rewritten: lost, not guessed.
    const lost = reanchor('ab|cd', 'xy|zw'.replace('|', '-'), [{ id: 'q', start: 2, end: 2, exact: '', prefix: 'ab', suffix: '|cd' }]).results[0]
    expect(lost.status).toBe('orphaned')
  })
})
