import 'server-only'
import { AppError } from '@/lib/errors'
import { claimFeatures, compareClaims } from '@/lib/search/claim-match'
import type { ClaimMatchDto } from '@/lib/types/search'
import { db } from './client'
import { toAnnotationDto } from './annotations'
import { assertCan, assertId, type Actor } from './authorize'

/** Candidates read from the database before they are compared one by one. */
const CANDIDATES = 100
const MATCHES = 5

/**
 * Claims already checked (a verdict other than unverified) in other articles that say the same
 * thing as `text`: PostgreSQL finds the candidates (the words of the claim, through the partial
 * index of checked claims, ranked), lib/search/claim-match decides and explains. Best first.
 */
export async function similarClaims({ text, articleId, excludeId, actor }: { text: string; articleId?: string | null; excludeId?: string | null; actor: Actor }): Promise<ClaimMatchDto[]> {
  assertCan(actor, 'articles.read')
  if (articleId) assertId(articleId, 'article')
  const mine = claimFeatures(text)
  // Any of its words (stemmed by PostgreSQL's english configuration); to_tsquery sees only words.
  const words = [...new Set([...mine.words.filter((w) => /^[\p{L}\p{M}]{2,}$/u.test(w)), ...mine.numbers.filter((n) => /^\d+$/.test(n))])].slice(0, 40)
  if (!words.length) return []
  const any = words.join(' | ')
  type Row = Parameters<typeof toAnnotationDto>[0] & { articleTitle: string; createdByName: string }
  const rows = await db().$queryRaw<Array<Omit<Row, 'createdBy'>>>`
    WITH q AS (SELECT to_tsquery('english'::regconfig, ${any}) AS any)
    SELECT an.*, ar.title AS "articleTitle", u.name AS "createdByName"
    FROM "Annotation" an JOIN "Article" ar ON ar.id = an."articleId" AND ar."deletedAt" IS NULL JOIN "User" u ON u.id = an."createdById", q
    WHERE an.kind = 'claim' AND an.verdict IS NOT NULL AND an.verdict <> 'unverified' AND an."deletedAt" IS NULL
      AND to_tsvector('english'::regconfig, an.exact) @@ q.any
      AND (${articleId ?? null}::uuid IS NULL OR an."articleId" <> ${articleId ?? null}::uuid)
      AND (${excludeId ?? null}::uuid IS NULL OR an.id <> ${excludeId ?? null}::uuid)
    ORDER BY ts_rank_cd(to_tsvector('english'::regconfig, an.exact), q.any, 1) DESC, an."createdAt" DESC
    LIMIT ${CANDIDATES}`
  return rows
    .map((r) => ({ r, m: compareClaims(mine, claimFeatures(r.exact)) }))
    .filter(({ m }) => m.same)
    .sort((a, b) => b.m.score - a.m.score || b.r.createdAt.getTime() - a.r.createdAt.getTime())
    .slice(0, MATCHES)
    .map(({ r, m }) => {
      const { articleTitle, createdByName, ...row } = r as Row
      return { annotation: toAnnotationDto({ ...row, sources: row.sources ?? [], contributorIds: row.contributorIds ?? [], createdBy: { name: createdByName } }), article: { id: row.articleId, title: articleTitle }, score: m.score, reason: m.reason }
    })
}

/** GET /api/annotations/:id/similar: for a claim on the desk, the same claim checked elsewhere. */
export async function similarToAnnotation({ id, actor }: { id: string; actor: Actor }): Promise<ClaimMatchDto[]> {
  assertCan(actor, 'articles.read')
  assertId(id, 'annotation')
  const row = await db().annotation.findFirst({ where: { id, deletedAt: null, article: { deletedAt: null } }, select: { exact: true, articleId: true } })
  if (!row) throw new AppError('not_found', `No annotation with the id ${id}.`)
  return similarClaims({ text: row.exact, articleId: row.articleId, excludeId: id, actor })
}
