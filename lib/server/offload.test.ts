/**
 * The offload pool on real worker threads: the work runs off the calling thread, a task past its
 * budget is stopped and its thread replaced, one person cannot fill the queue, and work that can
 * stop part-way returns what it has at its soft deadline.
 */
import { describe, expect, it } from 'vitest'
import { AppError } from '@/lib/errors'
import { diffTexts } from '@/lib/anchoring/text-diff'
import { federalist } from '@/lib/suggest/testing'
import { MAX_PER_KEY, OverBudget, THREADS, offload, offloadStats } from './offload'

const book = federalist().slice(0, 1_000_000)
/** An import of quotes not in the book word for word, without positions: each is searched for across all of it. */
const reworded = (n: number) =>
  JSON.stringify(Array.from({ length: n }, (_, i) => ({ motivation: 'assessing', target: { selector: { type: 'TextQuoteSelector', exact: book.slice(i * 2_000, i * 2_000 + 300).replace(/e/g, 'x') } } })))


describe('offload pool', () => {
  it('runs a task on a worker thread: the caller’s thread stays free meanwhile, the answer is the same', async () => {
    const before = book.slice(0, 200_000)
    const after = before.replace(/the Union/g, 'the union')
    let turns = 0
    const tick = setInterval(() => (turns += 1), 1)
    const { diff } = await offload('diff', { before, after }, { budgetMs: 60_000 })
    clearInterval(tick)
    expect(offloadStats().mode).toBe('worker')
    expect(diff).toEqual(diffTexts(before, after))
    // The thread that asked kept turning while the diff was worked out elsewhere.
    expect(turns).toBeGreaterThan(0)
  }, 60_000)

  it('stops a task at its budget, replaces the thread, and the next task runs', async () => {
    const stopped = offloadStats().stopped
    await expect(offload('prepareImport', { json: reworded(400), text: book }, { budgetMs: 100, softMs: 600_000 })).rejects.toBeInstanceOf(OverBudget)
    expect(offloadStats().stopped).toBe(stopped + 1)
    const { diff } = await offload('diff', { before: 'a b c', after: 'a c' }, { budgetMs: 60_000 })
    expect(diff).toEqual(diffTexts('a b c', 'a c'))
  }, 60_000)

  it('returns what it has at the soft deadline, for work that can stop part-way', async () => {
    const prepared = await offload('prepareImport', { json: reworded(400), text: book }, { budgetMs: 60_000, softMs: 1_000 })
    if (!prepared.ok) throw new Error(prepared.error.message)
    expect(prepared.complete).toBe(false)
    expect(prepared.placements.length).toBeGreaterThan(0)
    expect(prepared.placements.length).toBeLessThan(400)
  }, 60_000)

  it(`gives one person at most ${MAX_PER_KEY} tasks at once: the next is 429`, async () => {
    const mine = Array.from({ length: MAX_PER_KEY }, () => offload('prepareImport', { json: reworded(5), text: book }, { budgetMs: 60_000, key: 'someone' }))
    const refused = offload('diff', { before: 'a', after: 'b' }, { budgetMs: 60_000, key: 'someone' })
    await expect(refused).rejects.toBeInstanceOf(AppError)
    await expect(refused).rejects.toMatchObject({ code: 'rate_limited' })
    // Someone else is not held to it.
    await expect(offload('diff', { before: 'a', after: 'b' }, { budgetMs: 60_000, key: 'someone else' })).resolves.toBeTruthy()
    await Promise.all(mine)
    await expect(offload('diff', { before: 'a', after: 'b' }, { budgetMs: 60_000, key: 'someone' })).resolves.toBeTruthy()
  }, 60_000)

  it('takes tasks in turn between people and leaves one thread for others: a colleague’s small task does not wait behind someone’s heavy ones', async () => {
    const done: string[] = []
    // As many heavy tasks as there are threads: first come, first served, they would take them all.
    const heavy = Array.from({ length: THREADS }, (_, i) =>
      offload('prepareImport', { json: reworded(400), text: book }, { budgetMs: 60_000, softMs: 1_500, key: 'heavy user' }).then(() => done.push(`heavy ${i}`)),
    )
    await new Promise((r) => setTimeout(r, 100))
    await offload('diff', { before: 'a b c', after: 'a c' }, { budgetMs: 60_000, key: 'colleague' }).then(() => done.push('colleague'))
    await Promise.all(heavy)
    expect(done[0]).toBe('colleague')
  }, 60_000)
})
