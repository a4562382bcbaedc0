import 'server-only'
import { AppError, fieldsError } from '@/lib/errors'
import { CONTEXT_CHARS, describeSpan } from '@/lib/anchoring/describe'
import { OffsetMap } from '@/lib/text/offsets'
import { ZWJ, extenderPgRegex, splitsCharacter } from '@/lib/text/graphemes'
import { kindFieldIssues, type CreateAnnotationInput, type UpdateAnnotationInput } from '@/lib/validation/annotations'
import { Prisma } from '@/lib/generated/prisma/client'
import { db, readSnapshot, type DbClient } from './client'
import { archivedError, getArticle, lockArticle, lockArticleText, type ArticleDto } from './articles'
import { recordAudit } from './audit'
import { assertCan, assertId, type Actor } from './authorize'

type Tx = Prisma.TransactionClient

export type AnnotationDto = {
  id: string
  articleId: string
  kind: 'claim' | 'quote' | 'error'
  start: number
  end: number
  exact: string
  prefix: string
  suffix: string
  correction: string | null
  category: string | null
  note: string
  verdict: string | null
  speaker: string | null
  verified: boolean | null
  sources: string[]
  status: 'open' | 'approved' | 'rejected' | 'applied'
  /** For an applied fix, the words it replaced. */
  originalExact: string | null
  /** For an approved fix, the words and correction the reviewer approved (publishing checks them). */
  approvedExact: string | null
  approvedCorrection: string | null
  /**
   * Set when a revision or a re-attach changed the words under this fix after it was proposed or
   * approved: the words it was for, the revision that changed them, and whether it had been
   * approved. Such a fix is open and needs a (fresh) review.
   */
  textChanged: { from: string; revision: number | null; wasApproved: boolean } | null
  /** Everyone who wrote its words or correction; none of them may review it. */
  contributors: string[]
  orphaned: boolean
  version: number
  createdBy: string
  createdByName: string
  createdAt: string
  updatedAt: string
}

const WITH_AUTHOR = { createdBy: { select: { name: true } } } as const
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
    version: row.version,
    createdBy: row.createdById,
    createdByName: row.createdBy.name,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

/** The 422 for a span whose text is not `exact`, saying what text is there. */
function spanMismatch(start: number, end: number, found: string): AppError {
  const shown = found.length > 200 ? `${found.slice(0, 200)}…` : found
  return fieldsError([{ path: 'exact', message: 'does not match the text at start–end' }], `exact does not match the article: the text at ${start}–${end} is ${JSON.stringify(shown)}.`, { actual: shown })
}

function sameCorrection(): AppError {
  return fieldsError([{ path: 'correction', message: 'is the same as the text it would replace' }], 'correction is the same as the text it would replace.')
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

function visibleAnnotations(client: DbClient, articleId: string): Promise<AnnotationDto[]> {
  return client.annotation
    .findMany({
      where: { articleId, deletedAt: null, article: { deletedAt: null } },
      include: WITH_AUTHOR,
      orderBy: [{ start: 'asc' }, { end: 'asc' }, { createdAt: 'asc' }],
    })
    .then((rows) => rows.map(toAnnotationDto))
}

/** An article and its visible annotations, read through `client` (a snapshot, see below). */
export async function readArticleWithAnnotations(client: DbClient, id: string, actor: Actor): Promise<{ article: ArticleDto; annotations: AnnotationDto[] }> {
  const article = await getArticle({ id, actor }, client)
  return { article, annotations: await visibleAnnotations(client, id) }
}

/** An article and its visible annotations from one snapshot, so the offsets fit the body. */
export function getArticleWithAnnotations({ id, actor }: { id: string; actor: Actor }): Promise<{ article: ArticleDto; annotations: AnnotationDto[] }> {
  return readSnapshot((tx) => readArticleWithAnnotations(tx, id, actor))
}

/** Mark a claim, quote or error on an article. The server computes prefix and suffix. */
export async function createAnnotation({
  articleId,
  input,
  actor,
}: {
  articleId: string
  input: CreateAnnotationInput
  actor: Actor
}): Promise<AnnotationDto> {
  assertCan(actor, 'annotations.write')
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
  const { start, end, exact } = input
  const expectedRevision = input.revision ?? null
  // One statement checks the span, writes the annotation, its first anchor and its audit event:
  // atomic, one round trip, and no copy of the article body in Node. PostgreSQL's substr counts
  // characters, which in a UTF-8 database are code points, as start/end do (W3C
  // TextPositionSelector). The share lock makes a concurrent revision wait for this insert and
  // re-anchor it, so an annotation is never left on offsets of an older body; it also holds the
  // article's status, so it cannot be archived (or deleted) between the check and the insert.
  const extender = extenderPgRegex()
  const splitsAt = (p: number) =>
    Prisma.sql`(${p} > 0 AND char_length(body) > ${p} AND (substr(body, ${p + 1}, 1) ~ ${extender} OR substr(body, ${p}, 1) = ${ZWJ}))`
  const [row] = await db().$queryRaw<Array<Row & { createdByName: string; found: string; length: number; currentRevision: number; articleStatus: string; deleted: boolean; splits: boolean }>>`
    WITH art AS (
      SELECT id, revision, status::text AS "articleStatus", "deletedAt" IS NOT NULL AS deleted, char_length(body) AS length,
             substr(body, ${start + 1}, ${end - start}) AS found,
             substr(body, ${Math.max(0, start - CONTEXT_CHARS) + 1}, ${Math.min(start, CONTEXT_CHARS)}) AS prefix,
             substr(body, ${end + 1}, ${CONTEXT_CHARS}) AS suffix,
             ${splitsAt(start)} OR ${splitsAt(end)} AS splits
      FROM "Article" WHERE id = ${articleId}::uuid FOR SHARE
    ), ins AS (
      INSERT INTO "Annotation" ("articleId", kind, start, "end", exact, prefix, suffix, correction, category, verdict, speaker, verified, sources, note, "createdById", "contributorIds", "updatedAt")
      SELECT art.id, ${input.kind}::"AnnotationKind", ${start}, ${end}, art.found, art.prefix, art.suffix, ${correction},
             ${category}::"ErrorCategory", ${verdict}::"Verdict", ${speaker}, ${verified}, ${sources}::text[], ${note}, ${actor.id}::uuid, ARRAY[${actor.id}::uuid], now()
      FROM art
      WHERE NOT art.deleted AND art."articleStatus" <> 'archived' AND ${end} <= art.length AND art.found = ${exact} AND NOT art.splits
        AND (${expectedRevision}::int IS NULL OR art.revision = ${expectedRevision}::int)
      RETURNING *
    ), anchor AS (
      INSERT INTO "AnnotationAnchor" ("annotationId", revision, method, start, "end", exact, prefix, suffix)
      SELECT ins.id, art.revision, 'created', ins.start, ins."end", ins.exact, ins.prefix, ins.suffix FROM ins, art
    ), audit AS (
      INSERT INTO "AuditEvent" ("actorId", action, "entityType", "entityId", after)
      SELECT ${actor.id}::uuid, 'annotation.create', 'Annotation', id::text, to_jsonb(ins) - 'updatedAt' FROM ins
    )
    SELECT ins.*, u.name AS "createdByName", art.length, art.found, art.revision AS "currentRevision", art."articleStatus", art.deleted, art.splits
    FROM art LEFT JOIN ins ON true LEFT JOIN "User" u ON u.id = ins."createdById"`
  if (!row || row.deleted) throw new AppError('not_found', `No article with the id ${articleId}.`)
  if (row.articleStatus === 'archived') throw archivedError(articleId)
  if (expectedRevision !== null && row.currentRevision !== expectedRevision) {
    throw new AppError(
      'conflict',
      `The article changed while you were annotating it: it is now at revision ${row.currentRevision}, you selected text in revision ${expectedRevision}. Reload it and select the text again.`,
      { revision: row.currentRevision },
    )
  }
  if (end > row.length) throw pastTheEnd(end, row.length)
  if (row.found !== exact) throw spanMismatch(start, end, row.found)
  if (row.splits) throw splitsACharacter(start, end)
  return toAnnotationDto({ ...row, createdBy: { name: row.createdByName } })
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

/** Edit an open annotation; `version` must be the one the editor read (else 409). */
export async function updateAnnotation({ id, input, actor }: { id: string; input: UpdateAnnotationInput; actor: Actor }): Promise<AnnotationDto> {
  assertCan(actor, 'annotations.write')
  return db().$transaction(async (tx) => {
    const before = await loadForChange(tx, id, actor)
    if (input.version !== before.version) {
      throw new AppError('conflict', `This annotation was changed by someone else (version ${before.version}, you sent ${input.version}); reload and try again.`)
    }
    const issues = kindFieldIssues({ ...input, kind: before.kind }, false)
    if (issues.length) {
      throw fieldsError(issues)
    }
    const data: Prisma.AnnotationUpdateManyMutationInput = { version: { increment: 1 } }
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
    const exact = (data.exact as string | undefined) ?? before.exact
    if (before.kind === 'error' && (data.correction ?? before.correction) === exact) {
      throw sameCorrection()
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
