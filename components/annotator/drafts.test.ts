import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { describeSpan } from '@/lib/anchoring/describe'
import { draftKey, listDrafts, readDraft, removeDraft, sameValues, writeDraft, type Draft, type DraftSpan } from './drafts'

const TEXT = 'Vincent Pain, senior vice head of state, said Pain was not his name.'

function spanOf(needle: string, nth = 0, text = TEXT): DraftSpan {
  let at = -1
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1)
  const s = describeSpan(text, at, at + needle.length)
  return { kind: 'error', exact: s.exact, prefix: s.prefix, suffix: s.suffix }
}

/** A Map behind the Storage interface: the browser's localStorage, in Node. */
function memoryStorage(): Storage {
  const m = new Map<string, string>()
  return {
    get length() {
      return m.size
    },
    key: (i) => [...m.keys()][i] ?? null,
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, String(v)),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
  }
}

describe('draft keys', () => {
  it('name a span by its words and their 32-character context: the same words elsewhere are another draft; a change outside the context keeps the name', () => {
    const first = draftKey('u1', 'a1', spanOf('Pain'))
    expect(draftKey('u1', 'a1', spanOf('Pain', 1))).not.toBe(first)
    // A new revision adds a paragraph far above: offsets move, the words and context do not.
    const revised = `${'A new first paragraph, long enough to move everything. '.repeat(3)}\n\n${TEXT}`
    expect(draftKey('u1', 'a1', spanOf('Pain', 0, revised))).not.toBe(first) // its prefix now holds the new paragraph's end…
    const far = `${TEXT}\n\nA paragraph added below.`
    expect(draftKey('u1', 'a1', spanOf('Pain', 0, far))).toBe(first) // …but one added after the context leaves it alone
  })
  it('are per person, article and kind; an edit is named by its annotation', () => {
    const span = spanOf('Pain')
    const keys = new Set([draftKey('u1', 'a1', span), draftKey('u2', 'a1', span), draftKey('u1', 'a2', span), draftKey('u1', 'a1', { ...span, kind: 'claim' })])
    expect(keys.size).toBe(4)
    expect(draftKey('u1', 'a1', { ...span, editingId: 'x' })).toBe('galley.draft.u1.a1.edit.x')
  })
})

describe('sameValues', () => {
  it('treats empty, unset and unticked alike, and anything typed as a change', () => {
    expect(sameValues({ sources: '', note: '', verified: false, basedOn: undefined }, { sources: '', note: '', basedOn: null })).toBe(true)
    expect(sameValues({ sources: '', note: 'x' }, { sources: '', note: '' })).toBe(false)
    expect(sameValues({ sources: '', note: '', verified: true }, { sources: '', note: '' })).toBe(false)
  })
})

describe('storage', () => {
  beforeEach(() => vi.stubGlobal('window', { localStorage: memoryStorage() }))
  afterEach(() => vi.unstubAllGlobals())
  const draft = (at: number, note = 'n'): Draft => ({ ...spanOf('Pain'), v: 1, values: { sources: '', note, correction: 'Pang' }, savedAt: at, open: false })

  it('lists one person’s drafts on one article, newest first, and drops unreadable and month-old ones', () => {
    const now = Date.now()
    writeDraft(draftKey('u1', 'a1', spanOf('Pain')), draft(now - 1000, 'older'))
    writeDraft(draftKey('u1', 'a1', spanOf('Pain', 1)), draft(now, 'newer'))
    writeDraft(draftKey('u2', 'a1', spanOf('Pain')), draft(now))
    writeDraft(draftKey('u1', 'a1', { ...spanOf('Pain'), kind: 'quote' }), draft(now - 40 * 24 * 3600 * 1000))
    window.localStorage.setItem('galley.draft.u1.a1.claim.zzz', '{not json')
    expect(listDrafts('u1', 'a1').map((d) => d.draft.values.note)).toEqual(['newer', 'older'])
    expect(window.localStorage.length).toBe(3) // the stale and the broken one are gone
  })
  it('reads back what was written, and nothing once removed', () => {
    const key = draftKey('u1', 'a1', spanOf('Pain'))
    writeDraft(key, draft(Date.now()))
    expect(readDraft(key)?.values.correction).toBe('Pang')
    removeDraft(key)
    expect(readDraft(key)).toBeNull()
  })
})
