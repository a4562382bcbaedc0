import { describe, expect, it } from 'vitest'
import { checkQuotes, findQuotes } from './quote-check'
import { fixture } from './testing'
import type { SourceText } from './types'

const transcript: SourceText = { id: 't-1', kind: 'transcript', title: 'Press conference', body: fixture('council-transcript.txt') }
const wire: SourceText = { id: 'w-1', kind: 'wire', title: 'Wire', body: fixture('council-wire.txt') }

function check(text: string, sources = [transcript, wire]) {
  return checkQuotes(text, findQuotes(text), sources)
}

describe('checkQuotes', () => {
  it('verbatim: the same words, whatever the case, punctuation and quote marks', () => {
    const [q] = check('“We have talked about this bridge for ten years – and tonight, we stopped talking!” she said.')
    expect(q).toMatchObject({ status: 'verbatim', sourceId: 't-1' })
    expect(q.source!.exact).toBe('We have talked about this bridge for ten years, and tonight we stopped talking')
  })

  it('altered: shows the word diff against the closest passage', () => {
    const [q] = check('"People will be able to walk to the station in less time than it takes to find a space," Olson said.')
    expect(q.status).toBe('altered')
    expect(q.diff.filter(([op]) => op !== 0)).toEqual([[1, 'parking']])
    expect(q.source!.exact).toBe('People will be able to walk to the station in less time than it takes to find a parking space')
  })

  it('not_found: words nobody said', () => {
    const [q] = check('“Bridges are the future of every city on earth,” she said.')
    expect(q).toMatchObject({ status: 'not_found', sourceId: null, source: null })
  })

  it('matches the parts of a quote with an ellipsis in order, and skips [bracketed] insertions', () => {
    const [q] = check('“We have talked about this bridge … [and] tonight we stopped talking.”')
    expect(q.status).toBe('verbatim')
    const [r] = check('“Nobody in [the city of] Riverton will see a new tax for this bridge.”')
    expect(r.status).toBe('verbatim')
  })

  it('looks in the other sources when there is no transcript', () => {
    const [q] = check('“People will be able to walk to the station in less time than it takes to find a parking space.”', [wire])
    expect(q).toMatchObject({ status: 'verbatim', sourceId: 'w-1' })
  })

  it('finds “…” and "…" quotations of three words or more', () => {
    const text = 'He called it “a mess”. “This is the plan we need,” she said, and "it will open in spring."'
    expect(findQuotes(text).map((s) => text.slice(s.start, s.end))).toEqual(['This is the plan we need,', 'it will open in spring.'])
  })
})
