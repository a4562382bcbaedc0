/** GET /api/report's figures. Client-safe. */
export type CategoryCounts = { category: string; proposed: number; approved: number; rejected: number; published: number }
export type Duration = { count: number; medianSeconds: number | null; p90Seconds: number | null }
export type DeskReport = {
  from: string
  to: string
  article: string | null
  fixes: { byCategory: CategoryCounts[]; totals: Omit<CategoryCounts, 'category'> }
  timeToReview: Duration
  timeToPublication: Duration
  claimsByVerdict: Array<{ verdict: string; count: number }>
  articles: Array<{ id: string; title: string; proposed: number; approved: number; rejected: number; published: number; claims: number }>
  people: Array<{ id: string; name: string; proposed: number; reviews: number; claims: number }>
}
