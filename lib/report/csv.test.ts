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
  it('has one table after another, quoted where needed, and never a formula a spreadsheet would run', () => {
    const lines = reportCsv(report).trimEnd().split('\r\n')
    expect(lines[0]).toBe('table,key,name,proposed,approved,rejected,published,claims,reviews,count,median_seconds,p90_seconds')
    expect(lines).toContain('fixes_by_category,name,,3,2,1,1')
    expect(lines).toContain('time,proposal_to_review,,,,,,,,3,3600,7200')
    expect(lines).toContain('claims_by_verdict,false,,,,,,,,2')
    expect(lines).toContain(`articles,a1,"'=HYPERLINK(""http://evil.test"",""Huawei, talks"")",3,2,1,1,2`)
    expect(lines).toContain('people,u1,"Demo ""Ed"" Editor",3,,,,2,0')
    expect(csvCell('-1+1')).toBe("'-1+1")
    expect(csvCell(-1)).toBe('-1')
  })

  it('says durations as people do', () => {
    expect([null, 42, 600, 5400, 86_400 * 3].map(formatDuration)).toEqual(['—', '42 s', '10 min', '1 h 30 min', '3 days'])
  })
})
