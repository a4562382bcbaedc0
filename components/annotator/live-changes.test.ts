import { describe, expect, it } from 'vitest'
import type { PageAnnotation } from '@/lib/types/page-annotations'
import { diffAnnotations, isEmpty, mergeIncoming, type OwnWrite } from './live-changes'

const ann = (id: string, over: Partial<PageAnnotation> = {}) => ({ id, kind: 'claim', start: 0, end: 4, exact: 'Pain', status: 'open', version: 1, orphaned: false, createdBy: 'u', createdByName: 'Ana', ...over }) as PageAnnotation
const byPosition = (a: PageAnnotation, b: PageAnnotation) => a.start - b.start || a.end - b.end

describe('changes a fetched list brings, told apart from this tab’s own writes', () => {
  it('a fix that joined a group in another tab ("fix every occurrence", its version unchanged) is a change', () => {
    const current = [ann('f', { kind: 'error' })]
    const fetched = [ann('f', { kind: 'error', groupId: 'g' })]
    expect(diffAnnotations(current, fetched, new Map(), 1).changed).toEqual(['f'])
    expect(mergeIncoming(current, fetched, new Map(), 1, byPosition)[0].groupId).toBe('g')
  })

  it('a list that has this tab’s own save, already on screen, changes nothing', () => {
    const mine = ann('m', { version: 1 })
    const own = new Map<string, OwnWrite>([['m', { version: 1, at: 1 }]])
    const current = [ann('a'), mine]
    const fetched = [ann('a'), ann('m', { version: 1 })]
    expect(isEmpty(diffAnnotations(current, fetched, own, 2))).toBe(true)
    expect(mergeIncoming(current, fetched, own, 2, byPosition)).toBe(current) // same array: nothing re-renders
  })

  it('a list fetched before this tab’s write was answered does not undo it, and is no change', () => {
    const current = [ann('a'), ann('m', { version: 2, start: 5, end: 9 }), ann('new', { start: 10, end: 12 })]
    const own = new Map<string, OwnWrite>([
      ['m', { version: 2, at: 5 }],
      ['new', { version: 1, at: 6 }],
      ['gone', { version: Infinity, at: 7 }],
    ])
    // Fetched at 4: before the edit of m, the new one and the deletion of gone.
    const fetched = [ann('a'), ann('m', { version: 1, start: 5, end: 9 }), ann('gone', { start: 20, end: 22 })]
    expect(isEmpty(diffAnnotations(current, fetched, own, 4))).toBe(true)
    expect(mergeIncoming(current, fetched, own, 4, byPosition).map((a) => `${a.id}@${a.version}`)).toEqual(['a@1', 'm@2', 'new@1'])
  })

  it('someone else’s changes are exactly what differs', () => {
    const current = [ann('a'), ann('b', { start: 5, end: 9 }), ann('c', { start: 10, end: 12 })]
    const fetched = [ann('a'), ann('b', { start: 5, end: 9, status: 'rejected', version: 2 }), ann('d', { start: 30, end: 31 })]
    const own = new Map<string, OwnWrite>()
    const diff = diffAnnotations(current, fetched, own, 1)
    expect(diff.added).toEqual(['d'])
    expect(diff.changed).toEqual(['b'])
    expect(diff.removed.map((a) => a.id)).toEqual(['c'])
    const merged = mergeIncoming(current, fetched, own, 1, byPosition)
    expect(merged[0]).toBe(current[0]) // unchanged: the same object
    expect(merged.map((a) => a.id)).toEqual(['a', 'b', 'd'])
  })

  it('a change by someone else after this tab’s write (fetched later) counts', () => {
    const current = [ann('m', { version: 2 })]
    const own = new Map<string, OwnWrite>([['m', { version: 2, at: 3 }]])
    const fetched = [ann('m', { version: 3, status: 'approved' })]
    expect(diffAnnotations(current, fetched, own, 4).changed).toEqual(['m'])
    // …and deleted by an admin after it was written here:
    expect(diffAnnotations(current, [], own, 4).removed.map((a) => a.id)).toEqual(['m'])
  })
})
