import 'server-only'
import { AppError, fieldsError } from '@/lib/errors'
import { CONTEXT_CHARS, describeSpan } from '@/lib/anchoring/describe'
import { OffsetMap } from '@/lib/text/offsets'
import { splitsCharacter } from '@/lib/text/graphemes'
import { kindFieldIssues, type CreateAnnotationInput, type UpdateAnnotationInput } from '@/lib/validation/annotations'
import { ANNOTATION_KINDS, ANNOTATION_STATUSES, ERROR_CATEGORIES, VERDICTS } from '@/lib/validation/vocabulary'
import { trimRow, type PackedAnnotations } from '@/lib/types/page-annotations'
import { Prisma } from '@/lib/generated/prisma/client'
import { db, readSnapshot, type DbClient } from './client'
import { archivedError, getArticle, lockArticle, lockArticleText, type ArticleDto } from './articles'
import { recordAudit } from './audit'
import { assertCan, assertId, type Actor } from './authorize'
import { actingUserSql, tokenUseSql, type PresentedCredential } from './credentials'
import { ROLES, can, type Role } from '@/lib/auth/permissions'

type Tx = Prisma.TransactionClient

import type { AnnotationDto, ReviewDto, SameFixDto } from '@/lib/types/desk'
export type { AnnotationDto }

const WITH_AUTHOR = { createdBy: { select: { name: true } } } as const
/**
 * Every column the model knows, as `alias."…"` (never `*`: the stored search vector stays in the
 * database, and raw queries could not read it anyway).
 */
export const annotationColumns = (alias?: string) => Prisma.raw(Object.values(Prisma.AnnotationScalarFieldEnum).map((c) => (alias ? `${alias}."${c}"` : `"${c}"`)).join(', '))
const ANNOTATION_COLUMNS = annotationColumns('a')
type Row = Prisma.AnnotationGetPayload<{ include: typeof WITH_AUTHOR }>

export function toAnnotationDto(row: Row): AnnotationDto {
  return {
    id: row.id,
    articleId: row.articleId,
    kind: row.kind,
    start: row.start,
    end: row.end,
    exact: row.exact,
    prefix: row.prefix,
    suffix: row.suffix,
    correction: row.correction,
    category: row.category,
    note: row.note,
    verdict: row.verdict,
    speaker: row.speaker,
    verified: row.verified,
    sources: row.sources,
    status: row.status,
    originalExact: row.originalExact,
    approvedExact: row.approvedExact,
    approvedCorrection: row.approvedCorrection,
    textChanged: row.textChangedFrom === null ? null : { from: row.textChangedFrom, revision: row.textChangedRevision, wasApproved: Boolean(row.textChangedWasApproved) },
    contributors: row.contributorIds,
    orphaned: row.orphaned,
    basedOn: row.basedOnId ?? null,
    groupId: row.groupId ?? null,
    version: row.version,
    createdBy: row.createdById,
    createdByName: row.createdBy.name,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

/**
 * The claim a new or edited claim may reuse (basedOn): one checked before (a verdict other than
 * unverified), on the desk (neither it nor its article deleted).
 */
const BASED_ON_SQL = (id: string | null) => Prisma.sql`
  SELECT b.id FROM "Annotation" b JOIN "Article" ba ON ba.id = b."articleId" AND ba."deletedAt" IS NULL
  WHERE b.id = ${id}::uuid AND b.kind = 'claim' AND b."deletedAt" IS NULL AND b.verdict IS NOT NULL AND b.verdict <> 'unverified'`
const basedOnRefused = () => fieldsError([{ path: 'basedOn', message: 'is not a claim checked before on this desk (it needs a verdict, and neither it nor its article may be deleted)' }])

/** The 422 for a span whose text is not `exact`, saying what text is there. */
function spanMismatch(start: number, end: number, found: string): AppError {
  const shown = found.length > 200 ? `${found.slice(0, 200)}…` : found
  return fieldsError([{ path: 'exact', message: 'does not match the text at start–end' }], `exact does not match the article: the text at ${start}–${end} is ${JSON.stringify(shown)}.`, { actual: shown })
}

function sameCorrection(): AppError {
  return fieldsError([{ path: 'correction', message: 'is the same as the text it would replace' }], 'correction is the same as the text it would replace.')
}

type SameFix = SameFixDto

/**
 * The 409 for a fix saved twice (two tabs, or by hand beside the desk's identical one): it names
 * the fix already there in words a person reads (its words, correction, author and state), and
 * carries it in `details.sameFix` so a page can jump to it.
 */
export function sameFixError(existing: SameFix): AppError {
  const state = existing.status === 'approved' ? 'already approved' : 'waiting for review'
  return new AppError(
    'conflict',
    `This fix is already on the desk: ${JSON.stringify(existing.exact)} → ${JSON.stringify(existing.correction || '(delete)')} on the same words (characters ${existing.start}–${existing.end}), proposed by ${existing.createdByName}, ${state}. It was not saved a second time.`,
    { sameFix: existing },
  )
}

/**
 * The live fix (open or approved, placed) with these words at this place and this correction, if
 * any, under a lock on the place held until the transaction ends (galley_same_fix in the
 * migration "same_fix_groups"): call it after locking the article and before writing a fix there,
 * so two saves of the same fix at the same moment cannot both pass.
 */
export async function findSameFix(tx: DbClient, fix: { articleId: string; start: number; end: number; exact: string; correction: string; except?: string }): Promise<SameFix | null> {
  const [row] = await tx.$queryRaw<Array<{ id: string | null }>>`SELECT galley_same_fix(${fix.articleId}::uuid, ${fix.start}::int, ${fix.end}::int, ${fix.exact}, ${fix.correction}, ${fix.except ?? null}::uuid) AS id`
  return row?.id ? loadSameFix(tx, row.id) : null
}

async function loadSameFix(client: DbClient, id: string): Promise<SameFix> {
  const row = await client.annotation.findUniqueOrThrow({ where: { id }, include: WITH_AUTHOR })
  return { id: row.id, start: row.start, end: row.end, exact: row.exact, correction: row.correction ?? '', status: row.status, createdByName: row.createdBy.name, createdAt: row.createdAt.toISOString() }
}

/**
 * Settle the desk's open suggestions that say exactly what this new fix says (same words, same
 * place, same correction, for the current revision): they are taken (accepted, pointing at the
 * fix), each with its audit event. Inside the fix's transaction.
 */
export async function settleSameSuggestions(tx: Tx, fix: { id: string; articleId: string; start: number; end: number; exact: string; correction: string }, revision: number, actorId: string): Promise<number> {
  const rows = await tx.$queryRaw<Array<{ id: string; check: string; exact: string; correction: string | null; start: number; end: number }>>`
    UPDATE "Suggestion" s SET status = 'accepted', "annotationId" = ${fix.id}::uuid, "decidedById" = ${actorId}::uuid, "decidedAt" = now()
    WHERE s."articleId" = ${fix.articleId}::uuid AND s.status = 'open' AND s.current AND s.revision = ${revision}
      AND s.start = ${fix.start} AND s."end" = ${fix.end} AND s.exact = ${fix.exact} AND s.correction = ${fix.correction}
    RETURNING s.id, s."check", s.exact, s.correction, s.start, s."end"`
  for (const r of rows) {
    await recordAudit(tx, { actorId, action: 'suggestion.accept', entityType: 'Suggestion', entityId: r.id, before: { check: r.check, exact: r.exact, correction: r.correction, start: r.start, end: r.end, status: 'open' }, after: { annotationId: fix.id, correction: fix.correction, byHand: true } })
  }
  return rows.length
}

function pastTheEnd(end: number, length: number): AppError {
  return fieldsError([{ path: 'end', message: `is past the end of the article (${length} code points)` }], `end (${end}) is past the end of the article (${length} code points).`)
}

function splitsACharacter(start: number, end: number): AppError {
  return fieldsError(
    [{ path: 'start', message: 'start and end must not fall inside a character' }],
    `The span ${start}–${end} cuts a character in two (a letter and its accent, or an emoji sequence); widen it to whole characters.`,
  )
}

/** Whether code points [start, end) of the text `map` describes cut a character in two at either end. */
export function spanSplitsCharacter(map: OffsetMap, start: number, end: number): boolean {
  const at = (p: number) => splitsCharacter(map.slice(Math.max(0, p - 1), p), map.slice(p, Math.min(map.length, p + 1)))
  return at(start) || at(end)
}

/** Check a span against the article body; returns its W3C selectors or a 422 saying what is there. */
function anchorSpan(body: string, start: number, end: number, exact: string) {
  const map = new OffsetMap(body)
  if (end > map.length) throw pastTheEnd(end, map.length)
  const selectors = describeSpan(body, start, end, map)
  if (selectors.exact !== exact) throw spanMismatch(start, end, selectors.exact)
  if (spanSplitsCharacter(map, start, end)) throw splitsACharacter(start, end)
  return selectors
}

/** The article's visible annotations in text order. */
export async function listAnnotations({ articleId, actor }: { articleId: string; actor: Actor }, client: DbClient = db()): Promise<AnnotationDto[]> {
  assertCan(actor, 'articles.read')
  assertId(articleId, 'article')
  const annotations = await visibleAnnotations(client, articleId)
  // Only an empty answer needs telling apart: an article with no annotations, or no article.
  if (annotations.length === 0 && !(await client.article.count({ where: { id: articleId, deletedAt: null } }))) throw new AppError('not_found', `No article with the id ${articleId}.`)
  return annotations
}

/**
 * The visible annotations with the revision their offsets are for, and the latest review of each
 * reviewed fix (one snapshot), for a live page: a fix's card says who decided and why.
 */
export async function listAnnotationsWithRevision({ articleId, actor }: { articleId: string; actor: Actor }): Promise<{ revision: number; annotations: AnnotationDto[]; reviews: ReviewDto[] }> {
  assertCan(actor, 'articles.read')
  assertId(articleId, 'article')
  const { article, annotations, reviews } = await readSnapshot(async (tx) => ({ ...(await readArticleWithAnnotations(tx, articleId, actor)), reviews: await latestReviews(tx, articleId) }))
  return { revision: article.revision, annotations, reviews }
}

/**
 * The latest review of each of the article's visible fixes that has one (the decision that stands,
 * or, for a fix open again after its words changed, the one before), by annotation.
 */
export async function latestReviews(client: DbClient, articleId: string): Promise<ReviewDto[]> {
  const rows = await client.$queryRaw<Array<{ id: string; annotationId: string; reviewerId: string; reviewerName: string; decision: 'approve' | 'reject'; comment: string; at: Date }>>`
    SELECT DISTINCT ON (r."annotationId") r.id, r."annotationId", r."reviewerId", u.name AS "reviewerName", r.decision::text AS decision, r.comment, r.at
    FROM "Review" r JOIN "Annotation" a ON a.id = r."annotationId" JOIN "User" u ON u.id = r."reviewerId"
    WHERE a."articleId" = ${articleId}::uuid AND a."deletedAt" IS NULL
    ORDER BY r."annotationId", r.at DESC, r.id DESC`
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }))
}

/** The latest review of each reviewed fix on an article, for its annotate page. */
export async function listLatestReviews({ articleId, actor }: { articleId: string; actor: Actor }): Promise<ReviewDto[]> {
  assertCan(actor, 'articles.read')
  assertId(articleId, 'article')
  return latestReviews(db(), articleId)
}

/**
 * The article's visible annotations in text order. One SQL statement: for thousands of
 * annotations (an export, a long transcript's page) the ORM's row mapping costs twice the query.
 */
async function visibleAnnotations(client: DbClient, articleId: string): Promise<AnnotationDto[]> {
  const rows = await client.$queryRaw<Array<Omit<Row, 'createdBy'> & { createdByName: string }>>`
    SELECT ${ANNOTATION_COLUMNS}, u.name AS "createdByName"
    FROM "Annotation" a JOIN "User" u ON u.id = a."createdById" JOIN "Article" art ON art.id = a."articleId" AND art."deletedAt" IS NULL
    WHERE a."articleId" = ${articleId}::uuid AND a."deletedAt" IS NULL
    ORDER BY a.start, a."end", a."createdAt"`
  return rows.map(({ createdByName, ...row }) => toAnnotationDto({ ...row, sources: row.sources ?? [], contributorIds: row.contributorIds ?? [], createdBy: { name: createdByName } }))
}

/** An article and its visible annotations, read through `client` (a snapshot, see below). */
export async function readArticleWithAnnotations(client: DbClient, id: string, actor: Actor): Promise<{ article: ArticleDto; annotations: AnnotationDto[] }> {
  const article = await getArticle({ id, actor }, client)
  return { article, annotations: await visibleAnnotations(client, id) }
}

/** SQL for compactId (lib/types/page-annotations): a UUID's 16 bytes as unpadded base64url. */
const COMPACT_ID = (column: string) => Prisma.raw(`rtrim(translate(encode(uuid_send(${column}), 'base64'), '+/', '-_'), '=')`)

/**
 * What the annotate page needs, in one statement (one snapshot, so the offsets fit the body): the
 * article, its visible annotations already packed by PostgreSQL into the page's compact form
 * (lib/types/page-annotations: one array per annotation, authors listed once, placed quotes left
 * for the browser to read from the text), and how many approved fixes could be published. A
 * transcript with thousands of annotations costs one string here, not thousands of objects.
 */
export async function getArticlePage({ id, actor }: { id: string; actor: Actor }): Promise<{ article: ArticleDto; packed: PackedAnnotations; approvedCount: number }> {
  assertCan(actor, 'articles.read')
  assertId(id, 'article')
  const rows = await db().$queryRaw<Array<ArticleDto & { createdById: string; createdAt: Date; updatedAt: Date; packed: string; approvedCount: number }>>`
    WITH art AS (SELECT id, title, body, "sourceUrl", language, status, revision, "createdById", "createdAt", "updatedAt" FROM "Article" WHERE id = ${id}::uuid AND "deletedAt" IS NULL),
    ann AS (
      SELECT ${ANNOTATION_COLUMNS}, u.name AS author_name FROM "Annotation" a JOIN "User" u ON u.id = a."createdById"
      WHERE a."articleId" = ${id}::uuid AND a."deletedAt" IS NULL AND EXISTS (SELECT 1 FROM art)
    ),
    authors AS (SELECT "createdById" AS id, min(author_name) AS name, (row_number() OVER (ORDER BY "createdById") - 1)::int AS idx FROM ann GROUP BY "createdById")
    SELECT art.id, art.title, art.body, art."sourceUrl", art.language, art.status::text AS status, art.revision, art."createdById", art."createdAt", art."updatedAt",
      json_build_object(
        'authors', COALESCE((SELECT json_agg(json_build_array(${COMPACT_ID('authors.id')}, authors.name) ORDER BY authors.idx) FROM authors), '[]'::json),
        'rows', COALESCE((SELECT json_agg(json_build_array(
            ${COMPACT_ID('ann.id')}, array_position(${[...ANNOTATION_KINDS]}::text[], ann.kind::text) - 1, ann.start, ann."end",
            array_position(${[...ANNOTATION_STATUSES]}::text[], ann.status::text) - 1, ann.version, authors.idx, CASE WHEN ann.orphaned THEN 1 ELSE 0 END,
            COALESCE(array_position(${[...VERDICTS]}::text[], ann.verdict::text) - 1, -1),
            COALESCE(array_position(${[...ERROR_CATEGORIES]}::text[], ann.category::text) - 1, -1),
            ann.correction, ann.note, ann.speaker, ann.verified, COALESCE(to_json(ann.sources), '[]'::json), ann."originalExact",
            CASE WHEN ann."textChangedFrom" IS NULL THEN NULL
                 ELSE json_build_object('from', ann."textChangedFrom", 'revision', ann."textChangedRevision", 'wasApproved', COALESCE(ann."textChangedWasApproved", false)) END,
            CASE WHEN ann.orphaned THEN ann.exact END, ann."groupId"
          ) ORDER BY ann.start, ann."end", ann."createdAt") FROM ann JOIN authors ON authors.id = ann."createdById"), '[]'::json)
      )::text AS packed,
      (SELECT count(*)::int FROM ann WHERE kind = 'error' AND status = 'approved' AND NOT orphaned) AS "approvedCount"
    FROM art`
  const row = rows[0]
  if (!row) throw new AppError('not_found', `No article with the id ${id}.`)
  const { packed, approvedCount, createdById, createdAt, updatedAt, ...article } = row
  // Without the empty values at the end of each row (trimRow): half the size.
  const parsed = JSON.parse(packed) as PackedAnnotations
  return { article: { ...article, createdBy: createdById, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() }, packed: { authors: parsed.authors, rows: parsed.rows.map(trimRow) }, approvedCount }
}

/** Roles allowed to write annotations, from the permission table (for checks inside SQL). */
const WRITER_ROLES = ROLES.filter((r) => can(r, 'annotations.write'))

/**
 * Mark a claim, quote or error on an article. The server computes prefix and suffix. The caller
 * is an `actor` already loaded, or the `credential` the request presented: then the same
 * statement that writes also decides who is asking (a live session or an unrevoked token of an
 * active user whose role may write), so the hot path of the desk is one round trip.
 */
export async function createAnnotation({
  articleId,
  input,
  actor,
  credential,
}: {
  articleId: string
  input: CreateAnnotationInput
  actor?: Actor
  credential?: PresentedCredential
}): Promise<AnnotationDto> {
  if (actor) assertCan(actor, 'annotations.write')
  const caller = actor ? { kind: 'actor' as const, actor } : credential
  if (!caller) throw new AppError('unauthorized', 'Sign in to use Galley.')
  assertId(articleId, 'article')
  if (input.kind === 'error' && input.correction === input.exact) {
    throw sameCorrection()
  }
  const correction = input.kind === 'error' ? (input.correction ?? '') : null
  const category = input.kind === 'error' ? (input.category ?? 'other') : null
  const verdict = input.kind === 'claim' ? (input.verdict ?? 'unverified') : null
  const speaker = input.kind === 'quote' ? (input.speaker ?? null) : null
  const verified = input.kind === 'quote' ? (input.verified ?? false) : null
  const sources = input.sources ?? []
  const note = input.note ?? ''
  const basedOn = input.kind === 'claim' ? (input.basedOn ?? null) : null
  const { start, end, exact } = input
  const expectedRevision = input.revision ?? null
  // One statement checks the caller and the span, writes the annotation, its first anchor and its
  // audit event: atomic, one round trip, and no copy of the article body in Node. PostgreSQL's
  // substr counts characters, which in a UTF-8 database are code points, as start/end do (W3C
  // TextPositionSelector). The body is read once, as the window around the span (its 32 code
  // points of context either side): finding a character offset in UTF-8 text means reading up
  // to it, so every further substr of a 1 MB body would read it all again. The share lock makes
  // a concurrent revision wait for this insert and re-anchor it, so an annotation is never left
  // on offsets of an older body; it also holds the article's status, so it cannot be archived (or
  // deleted) between the check and the insert.
  const before = Math.min(start, CONTEXT_CHARS) // context available before the span
  const length = end - start
  type Answer = Row & { sameFixId: string | null; createdByName: string; found: string; windowLength: number; currentRevision: number; articleStatus: string; deleted: boolean; splits: boolean; basedOk: boolean; whoId: string | null; whoRole: Role | null; whoName: string | null; whoEmail: string | null }
  const [row] = await db().$queryRaw<Answer[]>`
    WITH who AS (${actingUserSql(caller)}) ${tokenUseSql(caller)},
    writer AS (SELECT * FROM who WHERE role = ANY(${WRITER_ROLES}::text[])),
    based AS (${BASED_ON_SQL(basedOn)}),
    locked AS (
      SELECT id, revision, status::text AS "articleStatus", "deletedAt" IS NOT NULL AS deleted,
             substr(body, ${start - before + 1}, ${before + length + CONTEXT_CHARS}) AS w
      FROM "Article" WHERE id = ${articleId}::uuid AND EXISTS (SELECT 1 FROM writer) FOR SHARE
    ), art AS (
      SELECT id, revision, "articleStatus", deleted, char_length(w) AS "windowLength",
             substr(w, ${before + 1}, ${length}) AS found, substr(w, 1, ${before}) AS prefix, substr(w, ${before + length + 1}, ${CONTEXT_CHARS}) AS suffix,
             galley_splits_at(w, ${before}) OR galley_splits_at(w, ${before + length}) AS splits
      FROM locked
    ), same AS (
      -- The same fix already live here (errors only: a NULL correction asks nothing and locks nothing).
      SELECT galley_same_fix(art.id, ${start}::int, ${end}::int, ${exact}, ${correction}) AS id FROM art
      WHERE NOT art.deleted AND art."articleStatus" <> 'archived' AND art.found = ${exact}
    ), ins AS (
      INSERT INTO "Annotation" ("articleId", kind, start, "end", exact, prefix, suffix, correction, category, verdict, speaker, verified, sources, note, "createdById", "contributorIds", "basedOnId", "updatedAt")
      SELECT art.id, ${input.kind}::"AnnotationKind", ${start}, ${end}, art.found, art.prefix, art.suffix, ${correction},
             ${category}::"ErrorCategory", ${verdict}::"Verdict", ${speaker}, ${verified}, ${sources}::text[], ${note}, writer.id, ARRAY[writer.id], ${basedOn}::uuid, now()
      FROM art, writer
      WHERE NOT art.deleted AND art."articleStatus" <> 'archived' AND art."windowLength" >= ${before + length} AND art.found = ${exact} AND NOT art.splits
        AND (${expectedRevision}::int IS NULL OR art.revision = ${expectedRevision}::int)
        AND (${basedOn}::uuid IS NULL OR EXISTS (SELECT 1 FROM based))
        AND NOT EXISTS (SELECT 1 FROM same WHERE same.id IS NOT NULL)
      RETURNING ${annotationColumns()}
    ), anchor AS (
      INSERT INTO "AnnotationAnchor" ("annotationId", revision, method, start, "end", exact, prefix, suffix)
      SELECT ins.id, art.revision, 'created', ins.start, ins."end", ins.exact, ins.prefix, ins.suffix FROM ins, art
    ), audit AS (
      INSERT INTO "AuditEvent" ("actorId", action, "entityType", "entityId", after)
      SELECT ins."createdById", 'annotation.create', 'Annotation', id::text, to_jsonb(ins) - 'updatedAt' FROM ins
    ), settled AS (
      -- A fix made by hand settles the desk's identical open suggestion: it is taken (issue 22).
      UPDATE "Suggestion" s SET status = 'accepted', "annotationId" = ins.id, "decidedById" = ins."createdById", "decidedAt" = now()
      FROM ins, art
      WHERE ins.kind = 'error' AND s."articleId" = ins."articleId" AND s.status = 'open' AND s.current AND s.revision = art.revision
        AND s.start = ins.start AND s."end" = ins."end" AND s.exact = ins.exact AND s.correction = ins.correction
      RETURNING s.id, s."check", s.exact, s.correction, s.start, s."end", ins.id AS "annotationId", ins."createdById"
    ), settled_audit AS (
      INSERT INTO "AuditEvent" ("actorId", action, "entityType", "entityId", before, after)
      SELECT "createdById", 'suggestion.accept', 'Suggestion', id::text,
             jsonb_build_object('check', "check", 'exact', exact, 'correction', correction, 'start', start, 'end', "end", 'status', 'open'),
             jsonb_build_object('annotationId', "annotationId", 'correction', correction, 'byHand', true)
      FROM settled
    )
    SELECT ins.*, (SELECT id FROM same) AS "sameFixId", who.name AS "createdByName", art."windowLength", art.found, art.revision AS "currentRevision", art."articleStatus", COALESCE(art.deleted, true) AS deleted, art.splits,
           (${basedOn}::uuid IS NULL OR EXISTS (SELECT 1 FROM based)) AS "basedOk",
           who.id AS "whoId", who.role AS "whoRole", who.name AS "whoName", who.email AS "whoEmail"
    FROM (SELECT 1) AS one LEFT JOIN who ON true LEFT JOIN art ON true LEFT JOIN ins ON true`
  if (!row.whoId) throw new AppError('unauthorized', 'Sign in to use Galley.')
  assertCan({ id: row.whoId, role: row.whoRole!, name: row.whoName!, email: row.whoEmail! }, 'annotations.write')
  if (row.deleted) throw new AppError('not_found', `No article with the id ${articleId}.`)
  if (row.articleStatus === 'archived') throw archivedError(articleId)
  if (expectedRevision !== null && row.currentRevision !== expectedRevision) {
    throw new AppError(
      'conflict',
      `The article changed while you were annotating it: it is now at revision ${row.currentRevision}, you selected text in revision ${expectedRevision}. Reload it and select the text again.`,
      { revision: row.currentRevision },
    )
  }
  if (row.windowLength < before + length) {
    // Only when refusing: how long the article really is, for the message.
    const [{ n }] = await db().$queryRaw<Array<{ n: number }>>`SELECT char_length(body) AS n FROM "Article" WHERE id = ${articleId}::uuid`
    throw pastTheEnd(end, n)
  }
  if (row.found !== exact) throw spanMismatch(start, end, row.found)
  if (row.splits) throw splitsACharacter(start, end)
  if (!row.basedOk) throw basedOnRefused()
  if (row.sameFixId) throw sameFixError(await loadSameFix(db(), row.sameFixId))
  const { whoId: _i, whoRole: _r, whoName: _n, whoEmail: _e, windowLength: _w, basedOk: _b, sameFixId: _s, ...annotation } = row
  return toAnnotationDto({ ...annotation, createdBy: { name: row.createdByName } })
}

/**
 * Lock the annotation's article (share: the body and the article's status stay put until the
 * transaction ends; 404 if deleted, 409 if archived), then read the annotation. Every writer of an
 * annotation takes the article lock first, so writers never deadlock, and every write below is
 * still a compare-and-set on `version`.
 */
export async function lockAnnotation(tx: Tx, id: string, mode: 'share' | 'update' = 'share'): Promise<Row> {
  assertId(id, 'annotation')
  const first = await tx.annotation.findUnique({ where: { id }, select: { articleId: true, deletedAt: true } })
  if (!first || first.deletedAt) throw new AppError('not_found', `No annotation with the id ${id}.`)
  try {
    await lockArticle(tx, first.articleId, mode)
  } catch (err) {
    // The annotation of a deleted article is gone with it.
    if (err instanceof AppError && err.code === 'not_found') throw new AppError('not_found', `No annotation with the id ${id}.`)
    throw err
  }
  const row = await tx.annotation.findUniqueOrThrow({ where: { id }, include: WITH_AUTHOR })
  if (row.deletedAt) throw new AppError('not_found', `No annotation with the id ${id}.`)
  return row
}

/** Load an annotation for a change by its author (or an admin) while it is still open. */
async function loadForChange(tx: Tx, id: string, actor: Actor): Promise<Row> {
  const row = await lockAnnotation(tx, id)
  if (row.createdById !== actor.id && actor.role !== 'admin') {
    throw new AppError('forbidden', 'Only the author of an annotation (or an admin) may change it.')
  }
  if (row.status !== 'open') throw new AppError('conflict', `This annotation is already ${row.status}; it can no longer be changed.`)
  return row
}

/** The 409 for a compare-and-set that found the annotation changed. */
export function changedMeanwhile(): AppError {
  return new AppError('conflict', 'This annotation was changed by someone else at the same moment; reload and try again.')
}

/** The 409 when the caller names a version of the annotation other than the stored one (none named: no check). */
export function assertSeenVersion(row: { version: number }, seen: number | undefined): void {
  if (seen !== undefined && seen !== row.version) {
    throw new AppError('conflict', `This annotation was changed by someone else (version ${row.version}, you saw ${seen}); reload and try again.`)
  }
}

/** Edit an open annotation; `version` must be the one the editor read (else 409). */
export async function updateAnnotation({ id, input, actor }: { id: string; input: UpdateAnnotationInput; actor: Actor }): Promise<AnnotationDto> {
  assertCan(actor, 'annotations.write')
  return db().$transaction(async (tx) => {
    const before = await loadForChange(tx, id, actor)
    assertSeenVersion(before, input.version)
    const issues = kindFieldIssues({ ...input, kind: before.kind }, false)
    if (issues.length) {
      throw fieldsError(issues)
    }
    const data: Prisma.AnnotationUncheckedUpdateManyInput = { version: { increment: 1 } }
    let moved: { revision: number; selectors: ReturnType<typeof anchorSpan> } | null = null
    if (input.start !== undefined && input.end !== undefined && input.exact !== undefined) {
      if (before.orphaned) throw new AppError('conflict', 'This annotation lost its place when the text changed; re-attach it to a selection instead of moving it.')
      // Share-locked (by lockAnnotation): a revision in flight finished first (and this is checked
      // against its text), or waits for this move, so a move is never undone by re-anchoring nor
      // made on old offsets.
      const article = await lockArticleText(tx, before.articleId, 'share')
      moved = { revision: article.revision, selectors: anchorSpan(article.body, input.start, input.end, input.exact) }
      Object.assign(data, moved.selectors)
    }
    if (input.correction !== undefined && before.kind === 'error') data.correction = input.correction ?? ''
    if (input.category !== undefined && before.kind === 'error') data.category = input.category ?? 'other'
    if (input.verdict !== undefined && before.kind === 'claim') data.verdict = input.verdict ?? 'unverified'
    if (input.speaker !== undefined) data.speaker = input.speaker
    if (input.verified !== undefined) data.verified = input.verified ?? false
    if (input.sources !== undefined) data.sources = input.sources ?? []
    if (input.note !== undefined) data.note = input.note ?? ''
    if (input.basedOn !== undefined && before.kind === 'claim') {
      if (input.basedOn !== null && (input.basedOn === id || !(await tx.$queryRaw<unknown[]>(BASED_ON_SQL(input.basedOn))).length)) throw basedOnRefused()
      data.basedOnId = input.basedOn
    }
    const exact = (data.exact as string | undefined) ?? before.exact
    if (before.kind === 'error' && (data.correction ?? before.correction) === exact) {
      throw sameCorrection()
    }
    // An edit must not turn this fix into a second copy of another live one (issue 22).
    const correction = (data.correction as string | undefined) ?? before.correction ?? ''
    if (before.kind === 'error' && !before.orphaned && (moved !== null || correction !== (before.correction ?? ''))) {
      const start = moved?.selectors.start ?? before.start
      const end = moved?.selectors.end ?? before.end
      const same = await findSameFix(tx, { articleId: before.articleId, start, end, exact, correction, except: id })
      if (same) throw sameFixError(same)
    }
    // Whoever writes a fix's correction or picks its words is one of its authors (four-eyes).
    const rewrites = before.kind === 'error' && (moved !== null || (data.correction !== undefined && data.correction !== before.correction))
    if (rewrites && !before.contributorIds.includes(actor.id)) data.contributorIds = { push: actor.id }
    // The version in the WHERE clause makes a concurrent save of the same version lose cleanly.
    const { count } = await tx.annotation.updateMany({ where: { id, version: before.version, status: 'open', deletedAt: null }, data })
    if (count === 0) throw changedMeanwhile()
    // The anchor history records a move by hand like any other placement of the annotation.
    if (moved) await tx.annotationAnchor.create({ data: { annotationId: id, revision: moved.revision, method: 'edited', ...moved.selectors } })
    const after = toAnnotationDto(await tx.annotation.findUniqueOrThrow({ where: { id }, include: WITH_AUTHOR }))
    await recordAudit(tx, { actorId: actor.id, action: 'annotation.update', entityType: 'Annotation', entityId: id, before: toAnnotationDto(before), after })
    return after
  })
}

/** Hide an open annotation; the row stays for the audit trail. */
export async function deleteAnnotation({ id, actor }: { id: string; actor: Actor }): Promise<void> {
  assertCan(actor, 'annotations.write')
  await db().$transaction(async (tx) => {
    const before = await loadForChange(tx, id, actor)
    const { count } = await tx.annotation.updateMany({ where: { id, version: before.version, status: 'open', deletedAt: null }, data: { deletedAt: new Date(), version: { increment: 1 } } })
    if (count === 0) throw changedMeanwhile()
    await recordAudit(tx, { actorId: actor.id, action: 'annotation.delete', entityType: 'Annotation', entityId: id, before: toAnnotationDto(before) })
  })
}

export { WITH_AUTHOR, anchorSpan, sameCorrection }
