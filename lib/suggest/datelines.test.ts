import { describe, expect, it } from 'vitest'
import { datelines } from './datelines'
import { compareWithSources } from './source-compare'
import { runChecks } from './run-checks'
import { shown } from './testing'
import type { SourceText } from './types'

const spans = (text: string) => datelines(text).map((d) => text.slice(d.start, d.end))
const wire = (body: string): SourceText => ({ id: 'w', kind: 'wire', title: 'Wire', body })

describe('datelines', () => {
  it('finds places, agencies and both at the start of a paragraph, with any dash', () => {
    expect(spans('SPRINGFIELD (Wire) – The board met.')).toEqual(['SPRINGFIELD (Wire) –'])
    expect(spans('Intro.\n\nLONDON, March 3 (Reuters) - Shares fell.')).toEqual(['LONDON, March 3 (Reuters) -'])
    expect(spans('ST. PAUL, Minn. — The vote passed.')).toEqual(['ST. PAUL, Minn. —'])
    expect(spans('(AP) — Officials said.')).toEqual(['(AP) —'])
    expect(spans('NEW DELHI: The ministry said.')).toEqual(['NEW DELHI:'])
    expect(spans('KØBENHAVN (Ritzau)\nThe council met.')).toEqual(['KØBENHAVN (Ritzau)'])
  })

  it('leaves ordinary openings alone', () => {
    for (const text of ['Springfield – a town of 30,000 – voted.', 'The NATO summit (in Vilnius) ended.', 'A – B testing is common.', 'He said: (quietly) no.', 'ABOUT half the council stayed.']) {
      expect(spans(text), text).toEqual([])
    }
  })
})

describe('datelines in the checks', () => {
  it('a different agency or a dropped dateline is not offered as a change', () => {
    const source = 'RIVERDALE (Reuters) – The Riverdale transit authority on Monday cut night bus fares by a third, its director Priya Anand said.'
    for (const article of [
      'RIVERDALE (Wire) – The Riverdale transit authority on Monday cut night bus fares by a third, its director Priya Anand said.',
      'The Riverdale transit authority on Monday cut night bus fares by a third, its director Priya Anand said.',
      'RIVERDALE, Ore. — The Riverdale transit authority on Monday cut night bus fares by a third, its director Priya Anand said.',
    ]) {
      expect(compareWithSources(article, [wire(source)]).findings, article).toEqual([])
    }
  })

  it('a real change after the dateline is still found', () => {
    const article = 'OAKVILLE (Desk) – The Oakville library on Tuesday extended its opening hours to nine in the evening, librarian Tom Whitaker said.'
    const source = 'OAKVILLE (AFP) – The Oakville library on Tuesday extended its opening hours to ten in the evening, librarian Tom Whitaker said.'
    expect(shown(article, compareWithSources(article, [wire(source)]).findings)).toEqual(['source: "nine" → "ten"'])
  })

  it('the whole set of checks, with a source whose dateline differs, offers nothing on the dateline (a guard: the built-in checks were already silent there)', async () => {
    const article = 'MAPLETON (Wire) – The Mapleton council met on Monday and and voted to close the old pool, councillor Ruth Abara said.'
    const source = 'MAPLETON, Ore. (AP) — The Mapleton council met on Monday and voted to close the old pool, councillor Ruth Abara said.'
    const { findings } = await runChecks(article, [wire(source)], { spelling: true })
    expect(shown(article, findings)).toEqual(['source: " and" → ""'])
  })
})
