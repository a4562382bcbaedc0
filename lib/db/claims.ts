import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import { AppError } from '@/lib/errors'
import { claimFeatures, compareClaims, isStopWord } from '@/lib/search/claim-match'
import type { ClaimMatchDto } from '@/lib/types/search'
import { db } from './client'
import { annotationColumns, toAnnotationDto } from './annotations'
import { assertCan, assertId, type Actor } from './authorize'

/** Candidates read from the database before they are compared one by one. */
const CANDIDATES = 100
const MATCHES = 5

/**
 * Claims already checked (a verdict other than unverified) in other articles that say the same
 * thing as `text`: PostgreSQL finds the candidates (two of the claim's three longest words, through
 * the annotations' search index, ranked), lib/search/claim-match decides and explains. Best first.
 */
export async function similarClaims({ text, articleId, excludeId, actor }: { text: string; articleId?: string | null; excludeId?: string | null; actor: Actor }): Promise<ClaimMatchDto[]> {
  assertCan(actor, 'articles.read')
  if (articleId) assertId(articleId, 'article')
  const mine = claimFeatures(text)
  // Candidates share at least two of its three longest words (longer words are the rarer ones:
  // an index lookup of a few short posting lists, never a ranking of every claim with "the").
  // to_tsquery stems them; it sees only letters.
  const content = [...new Set(mine.words.filter((w) => /^[\p{L}\p{M}]{3,}$/u.test(w) && !isStopWord(w)))].sort((a, b) => b.length - a.length || a.localeCompare(b)).slice(0, 3)
  if (!content.length) return []
  const any = content.length < 3 ? content.join(' & ') : `(${content[0]} & ${content[1]}) | (${content[0]} & ${content[2]}) | (${content[1]} & ${content[2]})`
  // The candidates, narrow (id and words), from the annotation vector: the claim facet and the
  // words are one GIN lookup, and the stored vector ranks them without re-parsing any text.
  const notArticle = articleId ? Prisma.sql`AND an."articleId" <> ${articleId}::uuid` : Prisma.empty
  const notItself = excludeId ? Prisma.sql`AND an.id <> ${excludeId}::uuid` : Prisma.empty
  const candidates = await db().$queryRaw<Array<{ id: string; exact: string; createdAt: Date }>>`
    SELECT an.id, an.exact, an."createdAt"
    FROM "Annotation" an JOIN "Article" ar ON ar.id = an."articleId" AND ar."deletedAt" IS NULL
    WHERE an.search @@ (to_tsquery('english'::regconfig, ${any}) && 'galleykindclaim'::tsquery)
      AND an.kind = 'claim' AND an.verdict <> 'unverified' AND an."deletedAt" IS NULL ${notArticle} ${notItself}
    ORDER BY ts_rank_cd(an.search, to_tsquery('english'::regconfig, ${any}), 1) DESC, an."createdAt" DESC
    LIMIT ${CANDIDATES}`
  const best = candidates
    .map((c) => ({ c, m: compareClaims(mine, claimFeatures(c.exact)) }))
    .filter(({ m }) => m.same)
    .sort((a, b) => b.m.score - a.m.score || b.c.createdAt.getTime() - a.c.createdAt.getTime())
    .slice(0, MATCHES)
  if (!best.length) return []
  // Then the few that match, in full.
  type Row = Parameters<typeof toAnnotationDto>[0] & { articleTitle: string; createdByName: string }
  const rows = await db().$queryRaw<Array<Omit<Row, 'createdBy'>>>`
    SELECT ${annotationColumns('an')}, ar.title AS "articleTitle", u.name AS "createdByName"
    FROM "Annotation" an JOIN "Article" ar ON ar.id = an."articleId" JOIN "User" u ON u.id = an."createdById"
    WHERE an.id = ANY(${best.map((b) => b.c.id)}::uuid[])`
  const byId = new Map(rows.map((r) => [r.id, r as Row]))
  return best
    .filter(({ c }) => byId.has(c.id))
    .map(({ c, m }) => {
      const { articleTitle, createdByName, ...row } = byId.get(c.id)!
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
