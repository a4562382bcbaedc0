import { describe, expect, it } from 'vitest'
import { csvCell, formatDuration, reportCsv } from './csv'
import type { DeskReport } from '@/lib/types/report'

const report: DeskReport = {
  from: '2026-11-01T00:00:00.000Z',
  to: '2026-12-01T00:00:00.000Z',
  article: null,
  fixes: { byCategory: [{ category: 'name', proposed: 3, approved: 2, rejected: 1, published: 1 }], totals: { proposed: 3, approved: 2, rejected: 1, published: 1 } },
  timeToReview: { count: 3, medianSeconds: 3600, p90Seconds: 7200 },
  timeToPublication: { count: 1, medianSeconds: 86_400, p90Seconds: 86_400 },
  claimsByVerdict: [{ verdict: 'false', count: 2 }],
  articles: [{ id: 'a1', title: '=HYPERLINK("http://evil.test","Huawei, talks")', proposed: 3, approved: 2, rejected: 1, published: 1, claims: 2 }],
  people: [{ id: 'u1', name: 'Demo "Ed" Editor', proposed: 3, reviews: 0, claims: 2 }],
}

describe('the report as CSV', () => {
  it('has one table after another, every text cell quoted, and never a formula a spreadsheet would run', () => {
    const lines = reportCsv(report).trimEnd().split('\r\n')
    expect(lines[0]).toBe('"table","key","name","proposed","approved","rejected","published","claims","reviews","count","median_seconds","p90_seconds"')
    expect(lines).toContain('"fixes_by_category","name",,3,2,1,1')
    expect(lines).toContain('"time","proposal_to_review",,,,,,,,3,3600,7200')
    expect(lines).toContain('"claims_by_verdict","false",,,,,,,,2')
    expect(lines).toContain(`"articles","a1","'=HYPERLINK(""http://evil.test"",""Huawei, talks"")",3,2,1,1,2`)
    expect(lines).toContain('"people","u1","Demo ""Ed"" Editor",3,,,,2,0')
    expect(csvCell('-1+1')).toBe(`"'-1+1"`)
    expect(csvCell(-1)).toBe('-1')
  })

  it('quotes every text cell and neutralises a formula after a separator inside it (OWASP), numbers stay numbers', () => {
    // A spreadsheet set to split on ";" (German, French) reads the middle of this title as a cell.
    expect(csvCell('Budget;=1+1;x')).toBe(`"Budget;'=1+1;x"`)
    expect(csvCell('Poll, +3 points; @once')).toBe(`"Poll, '+3 points; '@once"`)
    expect(csvCell('a\t=b')).toBe(`"a\t'=b"`)
    expect(csvCell('line\n-1')).toBe(`"line\n'-1"`)
    expect(csvCell('\t=1')).toBe(`"'\t'=1"`)
    // Words, hyphens inside words and plain text are left as they are, only quoted.
    expect(csvCell('Covid-19 figures: 42 - 7 = 35')).toBe('"Covid-19 figures: 42 - 7 = 35"')
    expect(csvCell('42')).toBe('"42"')
    expect([csvCell(3), csvCell(0), csvCell(-1), csvCell(null), csvCell('')]).toEqual(['3', '0', '-1', '', ''])
  })

  it('leaves no cell a spreadsheet would run, whichever separator it splits on and however it reads quotes', () => {
    const titles = ['Budget;=1+1;x', 'Budget,=1+1', 'Budget\t=1+1', 'Budget; =cmd|\'/C calc\'!A0', 'a";=1+2', `=1+2'" ;,=1+2`, 'x\r\n@SUM(1)', '+1', '-2+3', '@A1', ' =1', '\t=1', '\n\n-1']
    const hostile: DeskReport = {
      ...report,
      articles: titles.map((title, i) => ({ id: `a${i}`, title, proposed: 1, approved: 0, rejected: 0, published: 0, claims: 0 })),
      people: titles.map((name, i) => ({ id: `u${i}`, name, proposed: 1, reviews: 0, claims: 0 })),
    }
    const csv = reportCsv(hostile)
    for (const sep of [',', ';', '\t']) {
      // Records as a reader that honours quotes sees them, and as one that splits every line break.
      for (const line of csv.split(/\r\n|\r|\n/)) {
        for (const cell of [...spreadsheetCells(line, sep), ...line.split(sep)]) {
          expect(cell.replace(/^ +/, ''), `${JSON.stringify(cell)} split on ${JSON.stringify(sep)}`).not.toMatch(/^[=+\-@\t\r\n]/)
        }
      }
    }
  })

  it('says durations as people do', () => {
    expect([null, 42, 600, 5400, 86_400 * 3].map(formatDuration)).toEqual(['—', '42 s', '10 min', '1 h 30 min', '3 days'])
  })
})

/**
 * Cells of one line as a spreadsheet's CSV import reads them with this separator: a quote opens a
 * quoted stretch only at a cell's start ("" inside is a quote), anything after it up to the next
 * separator belongs to the same cell. Numbers are left as text: only the first character matters.
 */
function spreadsheetCells(line: string, sep: string): string[] {
  const cells: string[] = []
  let i = 0
  for (;;) {
    let cell = ''
    if (line[i] === '"') {
      i++
      while (i < line.length && !(line[i] === '"' && line[i + 1] !== '"')) {
        cell += line[i] === '"' ? '"' : line[i]
        i += line[i] === '"' ? 2 : 1
      }
      i++
    }
    while (i < line.length && line[i] !== sep) cell += line[i++]
    cells.push(cell)
    if (i >= line.length) return cells
    i++
  }
}
