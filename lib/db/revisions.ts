import 'server-only'
import { createHash } from 'node:crypto'
import { AppError, fieldsError } from '@/lib/errors'
import { applyFixes, correctedSpans } from '@/lib/corrections/apply'
import { isPendingFix, keepsItsWords, stillAsApproved } from '@/lib/corrections/review-state'
import type { ReanchorCounts, Reanchored } from '@/lib/anchoring/reanchor'
import type { Diff } from '@/lib/anchoring/text-diff'
import { offload, OverBudget } from '@/lib/server/offload'
import { describeSpan } from '@/lib/anchoring/describe'
import { OffsetMap } from '@/lib/text/offsets'
import { explainNote, readerNote } from '@/lib/corrections/note'
import type { PublicationPreview } from '@/lib/types/publish'
import { oldSpellingsLeft, type Leftover } from '@/lib/corrections/leftovers'
import { can } from '@/lib/auth/permissions'
import type { EDIT_REASONS, RevisionReason } from '@/lib/validation/vocabulary'
import type { Prisma } from '@/lib/generated/prisma/client'
import { db, readSnapshot, type DbClient } from './client'
import { recordAudit } from './audit'
import { assertCan, assertId, type Actor } from './authorize'
import { WITH_AUTHOR, anchorSpan, assertSeenVersion, changedMeanwhile, findSameFix, lockAnnotation, sameFixError, sameCorrection, spanSplitsCharacter, toAnnotationDto, type AnnotationDto } from './annotations'
import { lockArticleText } from './articles'
import { backfillPublicCorrection, saidSentences, writePublicCorrection } from './public-corrections'

type Tx = Prisma.TransactionClient

export type RevisionSummary = { number: number; reason: RevisionReason; note: string; createdBy: string; createdByName: string; createdAt: string; length: number }
/**
 * What re-anchoring did. Beside the four counts, present only when not zero (so the answer stays
 * what clients already read): `restored` annotations had lost their place and were found again
 * from the revision they were last placed in; `reviewAgain` fixes had their words changed under
 * them and are open for review again.
 */
export type RevisionCounts = ReanchorCounts & { restored?: number; reviewAgain?: number }
export type ReviseResult = { revision: number; reanchor: RevisionCounts }

/** Lock the article for a body change and check the caller read the latest revision. */
async function lockForRevision(tx: Tx, articleId: string, baseRevision: number | undefined) {
  const article = await lockArticleText(tx, articleId, 'update')
  if (baseRevision !== undefined && baseRevision !== article.revision) {
    throw new AppError('conflict', `The article is at revision ${article.revision}, not ${baseRevision}: someone changed it meanwhile. Reload, then apply your change again.`)
  }
  return article
}

type Placement = Reanchored | (Reanchored & { method: string })

/** Write the new anchors of many annotations in a few statements (not one per annotation). */
async function saveAnchors(tx: Tx, revision: number, results: Placement[]): Promise<void> {
  if (results.length === 0) return
  const placed = results.filter((r) => r.status !== 'orphaned')
  const orphaned = results.filter((r) => r.status === 'orphaned').map((r) => r.id)
  if (placed.length) {
    await tx.$executeRaw`
      UPDATE "Annotation" AS a SET start = v.start, "end" = v."end", exact = v.exact, prefix = v.prefix, suffix = v.suffix, orphaned = false, "updatedAt" = now()
      FROM (SELECT unnest(${placed.map((r) => r.id)}::uuid[]) AS id, unnest(${placed.map((r) => r.start)}::int[]) AS start,
                   unnest(${placed.map((r) => r.end)}::int[]) AS "end", unnest(${placed.map((r) => r.exact)}::text[]) AS exact,
                   unnest(${placed.map((r) => r.prefix)}::text[]) AS prefix, unnest(${placed.map((r) => r.suffix)}::text[]) AS suffix) AS v
      WHERE a.id = v.id`
  }
  if (orphaned.length) {
    await tx.annotation.updateMany({ where: { id: { in: orphaned } }, data: { orphaned: true } })
  }
  await tx.annotationAnchor.createMany({
    data: results.map((r) => ({
      annotationId: r.id,
      revision,
      method: 'method' in r ? r.method : r.status,
      start: r.start,
      end: r.end,
      exact: r.exact,
      prefix: r.prefix,
      suffix: r.suffix,
      score: r.score ?? null,
    })),
  })
}

type FixChange = { id: string; from: string; to: string; wasApproved: boolean }

/**
 * Send fixes back to review because the words under them changed: open again, no longer approved,
 * with the words they were for (kept from the first change since the last decision), the
 * revision, and whether they had been approved. Whoever changed the text chose the fix's new
 * words, so they join its contributors and may not review it. The version goes up, so a reviewer
 * who read the old words gets a 409. One audit event per fix.
 */
async function sendBackToReview(tx: Tx, revision: number, changes: FixChange[], actor: Actor, why: string): Promise<void> {
  if (changes.length === 0) return
  await tx.$executeRaw`
    UPDATE "Annotation" AS a
    SET status = 'open', "approvedExact" = NULL, "approvedCorrection" = NULL,
        "contributorIds" = CASE WHEN ${actor.id}::uuid = ANY(a."contributorIds") THEN a."contributorIds" ELSE a."contributorIds" || ${actor.id}::uuid END,
        "textChangedFrom" = COALESCE(a."textChangedFrom", v."from"), "textChangedRevision" = ${revision},
        "textChangedWasApproved" = COALESCE(a."textChangedWasApproved", false) OR v.approved,
        version = a.version + 1, "updatedAt" = now()
    FROM (SELECT unnest(${changes.map((c) => c.id)}::uuid[]) AS id, unnest(${changes.map((c) => c.from)}::text[]) AS "from",
                 unnest(${changes.map((c) => c.wasApproved)}::boolean[]) AS approved) AS v
    WHERE a.id = v.id`
  await tx.auditEvent.createMany({
    data: changes.map((c) => ({
      actorId: actor.id,
      action: 'fix.text_changed',
      entityType: 'Annotation',
      entityId: c.id,
      before: { exact: c.from, status: c.wasApproved ? 'approved' : 'open' },
      after: { exact: c.to, status: 'open', revision, why },
    })),
  })
}

type Anchored = { id: string; kind: string; status: string; orphaned: boolean; start: number; end: number; exact: string; prefix: string; suffix: string }

/** The annotations a revision carries over (all but `skip`), as re-anchoring reads them. */
function readAnchored(client: DbClient, articleId: string, skip: Set<string>): Promise<Anchored[]> {
  return client.annotation.findMany({
    where: { articleId, deletedAt: null, id: { notIn: [...skip] } },
    select: { id: true, kind: true, status: true, orphaned: true, start: true, end: true, exact: true, prefix: true, suffix: true },
    orderBy: { id: 'asc' },
  })
}

/** What re-anchoring depends on: each annotation's place and words (not its status or note). */
function placesPrint(annotations: Anchored[]): string {
  return createHash('sha256')
    .update(JSON.stringify(annotations.map((a) => [a.id, a.orphaned, a.start, a.end, a.exact, a.prefix, a.suffix])))
    .digest('base64')
}

/**
 * Annotations that had lost their place, grouped by the revision each was last placed in, with
 * that revision's body: they are tried again from there, so putting an earlier text back (after an
 * accidental paste, say) puts its annotations back too.
 */
async function orphanGroups(client: DbClient, articleId: string, orphans: Anchored[]): Promise<Array<{ body: string; annotations: Anchored[] }>> {
  if (orphans.length === 0) return []
  const last = await client.$queryRaw<Array<{ annotationId: string; revision: number }>>`
    SELECT DISTINCT ON ("annotationId") "annotationId", revision FROM "AnnotationAnchor"
    WHERE "annotationId" = ANY(${orphans.map((o) => o.id)}::uuid[]) AND method <> 'orphaned'
    ORDER BY "annotationId", id DESC`
  const revisionOf = new Map(last.map((l) => [l.annotationId, l.revision]))
  const numbers = [...new Set(last.map((l) => l.revision))]
  const bodies = await client.articleRevision.findMany({ where: { articleId, number: { in: numbers } }, select: { number: true, body: true } })
  // An orphan's stored selectors are the ones it had when it was last placed, in that revision.
  return bodies.map(({ number, body }) => ({ body, annotations: orphans.filter((o) => revisionOf.get(o.id) === number) }))
}

/** How long re-anchoring one revision's annotations may take (on the offload pool). */
export const REANCHOR_BUDGET_MS = 30_000
/** How long finding lost annotations again from older texts may take; past it, they stay lost. */
const RESTORE_BUDGET_MS = 10_000

/** Re-anchoring worked out for one text → next text, and what it was worked out on. */
type Prepared = { fromRevision: number; body: string; print: string; results: Reanchored[]; counts: ReanchorCounts; restored: Reanchored[] }

/** The article changed while its annotations were being carried over: work it out again. */
class ChangedMeanwhile extends Error {}

/**
 * Re-anchor onto `body`, outside any transaction and off the request thread (no lock is held
 * while it waits for a thread or works): the placed annotations from the current text within
 * REANCHOR_BUDGET_MS (413 past it: nothing is saved), then — best effort, within
 * RESTORE_BUDGET_MS — the lost ones from the text they were last placed in. The write checks that
 * the revision and every annotation's place are still those this was worked out on.
 */
async function prepareReanchor(article: { id: string; body: string; revision: number }, body: string, skip: Set<string>, actor: Actor): Promise<Prepared> {
  const annotations = await readAnchored(db(), article.id, skip)
  let carried
  try {
    carried = await offload('reanchor', { oldText: article.body, newText: body, annotations: annotations.filter((a) => !a.orphaned), older: [] }, { budgetMs: REANCHOR_BUDGET_MS, key: actor.id })
  } catch (err) {
    if (!(err instanceof OverBudget)) throw err
    throw new AppError(
      'payload_too_large',
      `Carrying ${annotations.length.toLocaleString('en')} annotations onto the new text (${body.length.toLocaleString('en')} characters) would take longer than ${REANCHOR_BUDGET_MS / 1000} s; nothing was saved.`,
    )
  }
  let restored: Reanchored[] = []
  const older = await orphanGroups(db(), article.id, annotations.filter((a) => a.orphaned))
  if (older.length) {
    try {
      restored = (await offload('reanchor', { oldText: '', newText: body, annotations: [], older }, { budgetMs: RESTORE_BUDGET_MS, key: actor.id })).restored
    } catch (err) {
      if (!(err instanceof OverBudget)) throw err
      console.warn(`[revisions] finding ${older.length} older text(s)' lost annotations again took over ${RESTORE_BUDGET_MS / 1000} s: they stay lost`)
    }
  }
  return { fromRevision: article.revision, body, print: placesPrint(annotations), results: carried.results, counts: carried.counts, restored }
}

/**
 * Work out the re-anchoring outside the transaction (`prepare`: null when there is nothing to work
 * out, and the write will say why), then write it in one: retried when the article or an
 * annotation's place changed in between (3 times, then 409).
 */
async function withPreparedRevision<T>(prepare: () => Promise<Prepared | null>, write: (prepared: Prepared | null) => Promise<T>): Promise<T> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const prepared = await prepare()
    try {
      return await write(prepared)
    } catch (err) {
      if (!(err instanceof ChangedMeanwhile)) throw err
    }
  }
  throw new AppError('conflict', 'The article or its annotations kept changing while they were carried onto the new text; try again.')
}

/**
 * Store a new body as the next revision and re-anchor every annotation onto it (orphans too, from
 * where they were last placed). A fix whose words or their context changed goes back to review.
 */
async function writeRevision(
  tx: Tx,
  {
    article,
    body,
    reason,
    note = '',
    actor,
    skip = new Set<string>(),
    prepared,
  }: { article: { id: string; body: string; revision: number }; body: string; reason: RevisionReason; note?: string; actor: Actor; skip?: Set<string>; prepared: Prepared | null },
): Promise<{ revision: number; results: Reanchored[]; counts: RevisionCounts }> {
  const annotations = await readAnchored(tx, article.id, skip)
  // Worked out on this very text and these very places, or not at all.
  if (!prepared || prepared.fromRevision !== article.revision || prepared.body !== body || prepared.print !== placesPrint(annotations)) throw new ChangedMeanwhile()
  const { results, counts, restored } = prepared
  const revision = article.revision + 1
  await tx.article.update({ where: { id: article.id }, data: { body, revision } })
  await tx.articleRevision.create({ data: { articleId: article.id, number: revision, body, reason, note, createdById: actor.id } })
  await saveAnchors(tx, revision, [...results, ...restored.map((r) => ({ ...r, method: 'restored' }))])
  const byId = new Map(annotations.map((a) => [a.id, a]))
  const changed: FixChange[] = []
  for (const r of [...results, ...restored]) {
    const a = byId.get(r.id)!
    if (r.status !== 'orphaned' && isPendingFix(a) && !keepsItsWords(a, r)) changed.push({ id: a.id, from: a.exact, to: r.exact, wasApproved: a.status === 'approved' })
  }
  await sendBackToReview(tx, revision, changed, actor, `the text changed in revision ${revision}`)
  const all: RevisionCounts = { ...counts, ...(restored.length ? { restored: restored.length } : {}), ...(changed.length ? { reviewAgain: changed.length } : {}) }
  await recordAudit(tx, {
    actorId: actor.id,
    action: 'article.revise',
    entityType: 'Article',
    entityId: article.id,
    before: { revision: article.revision, length: article.body.length },
    after: { revision, length: body.length, reason, ...(note ? { note } : {}), reanchor: all },
  })
  return { revision, results, counts: all }
}

/** PUT /api/articles/:id/body — a new revision from an edit or a re-imported wire update. */
export async function reviseArticle({
  articleId,
  body,
  baseRevision,
  reason,
  note = '',
  actor,
}: {
  articleId: string
  body: string
  baseRevision: number
  reason: (typeof EDIT_REASONS)[number]
  note?: string
  actor: Actor
}): Promise<ReviseResult> {
  assertCan(actor, 'articles.write')
  assertId(articleId, 'article')
  return withPreparedRevision(
    async () => {
      const now = await db().article.findUnique({ where: { id: articleId }, select: { body: true, revision: true, deletedAt: true } })
      if (!now || now.deletedAt) throw new AppError('not_found', `No article with the id ${articleId}.`)
      // A stale base or the same text: nothing to work out (the write refuses it, under the lock).
      if (now.revision !== baseRevision || now.body === body) return null
      return prepareReanchor({ id: articleId, ...now }, body, new Set(), actor)
    },
    (prepared) =>
      db().$transaction(async (tx) => {
        const article = await lockForRevision(tx, articleId, baseRevision)
        if (article.body === body) throw fieldsError([{ path: 'body', message: `is the same as revision ${article.revision}` }], `The text is the same as revision ${article.revision}; nothing to save.`)
        if (reason === 'previous text restored') {
          // The label is a promise to whoever reads the history: it must be true.
          const earlier = await tx.articleRevision.findFirst({ where: { articleId, body }, select: { number: true }, orderBy: { number: 'desc' } })
          if (!earlier) throw fieldsError([{ path: 'reason', message: 'says "previous text restored", but the text is not that of any earlier revision' }])
          if (!note) note = `text of revision ${earlier.number}`
        }
        const { revision, counts } = await writeRevision(tx, { article, body, reason, note, actor, prepared })
        return { revision, reanchor: counts }
      }, { timeout: 60_000 }),
  )
}

/**
 * POST /api/articles/:id/publish — a revision whose body is the corrected text. Only fixes whose
 * words and correction are exactly what a reviewer approved are applied; they become `applied`
 * and point at the corrected words; everything else is re-anchored. The corrections note's
 * sentences for these fixes are written for the public corrections page in the same transaction.
 */
export async function publishFixes({
  articleId,
  baseRevision,
  standardsNote = '',
  fixes: expected,
  actor,
}: {
  articleId: string
  baseRevision?: number
  /** The fix ids the publisher was shown (the preview's): publishing any other set is refused. */
  fixes?: string[]
  /** A standards editor's own words for readers (STANDARDS_NOTE_MAX, one line; checked by publishSchema). */
  standardsNote?: string
  actor: Actor
}): Promise<ReviseResult & { applied: number; note: string[]; leftovers: Leftover[] }> {
  assertCan(actor, 'articles.publish')
  standardsNote = standardsNote.trim()
  assertId(articleId, 'article')
  const out = await withPreparedRevision(
    async () => {
      // The same choice of fixes as under the lock below, on the text as it is now.
      const now = await db().article.findUnique({ where: { id: articleId }, select: { body: true, revision: true, deletedAt: true } })
      if (!now || now.deletedAt) throw new AppError('not_found', `No article with the id ${articleId}.`)
      if (baseRevision !== undefined && now.revision !== baseRevision) return null
      const { fixes, body } = fixesToApply(now.body, await approvedFixes(db(), articleId))
      if (fixes.length === 0) return null
      return prepareReanchor({ id: articleId, ...now }, body, new Set(fixes.map((f) => f.id)), actor)
    },
    (prepared) =>
      db().$transaction(
        async (tx) => {
          const article = await lockForRevision(tx, articleId, baseRevision)
          // Fixes published before corrections were stored get their entry first, from the text as it is now.
          await backfillPublicCorrection(tx, articleId)
          const { fixes, stale, body, toApply } = fixesToApply(article.body, await approvedFixes(tx, articleId))
          if (expected && !sameIds(expected, fixes.map((f) => f.id))) {
            throw new AppError('conflict', `The fixes to publish changed since the preview was read (${fixes.length} now, ${new Set(expected).size} then): look at what readers will be told again, then publish.`)
          }
          // Defence in depth: a fix that does not read exactly as approved, or whose span now cuts a
          // character in two, is never applied; it goes back to review (and stays there: this is
          // committed either way).
          await sendBackToReview(
            tx,
            article.revision,
            stale.map((f) => ({ id: f.id, from: f.approvedExact ?? f.exact, to: f.exact, wasApproved: true })),
            actor,
            'its words or correction no longer match the approval',
          )
          if (fixes.length === 0) return { nothing: true as const, stale: stale.length }
          const { revision, counts } = await writeRevision(tx, { article, body, reason: 'approved fixes published', actor, skip: new Set(fixes.map((f) => f.id)), prepared })
          // Each applied fix now describes its corrected words (empty for a deletion: a point).
          const newMap = new OffsetMap(body)
          const applied: Array<Reanchored & { method: string }> = correctedSpans(toApply).map(({ fix, start, end }) => ({ id: fix.id, status: 'moved', method: 'applied', ...describeSpan(body, start, end, newMap) }))
          for (const f of fixes) {
            // Under the article's update lock no review or edit can interleave; the compare-and-set says so.
            const { count } = await tx.annotation.updateMany({ where: { id: f.id, status: 'approved', version: f.version }, data: { status: 'applied', originalExact: f.exact, version: { increment: 1 } } })
            if (count === 0) throw changedMeanwhile()
          }
          await saveAnchors(tx, revision, applied)
          // What readers are told, phrased as the article's corrections note phrases these fixes in
          // the new text, less what they were told before: as the publish dialog previewed it.
          const { sentences } = explainNote(noteFixes(fixes), body, await saidSentences(tx, articleId))
          await writePublicCorrection(tx, { articleId, revision, note: sentences, standardsNote })
          await recordAudit(tx, {
            actorId: actor.id,
            action: 'article.publish',
            entityType: 'Article',
            entityId: articleId,
            after: {
              revision,
              applied: fixes.map((f) => f.id),
              fixes: fixes.slice(0, AUDITED_FIX_WORDS).map((f) => ({ id: f.id, exact: clip(f.exact), correction: clip(f.correction ?? '') })),
              ...(standardsNote ? { standardsNote } : {}),
            },
          })
          return { nothing: false as const, revision, reanchor: counts, applied: fixes.length, note: readerNote(sentences, [standardsNote]), fixes, body }
        },
        { timeout: 60_000 },
      ),
  )
  // Refused after the commit, so fixes sent back to review stay there.
  if (out.nothing) {
    throw new AppError('conflict', out.stale ? `There are no approved fixes to publish: ${out.stale} no longer read as approved and are back in review.` : 'There are no approved fixes to publish.')
  }
  // Only for the answer: worked out after the commit, with no lock held.
  return { revision: out.revision, reanchor: out.reanchor, applied: out.applied, note: out.note, leftovers: oldSpellingsLeft(leftoverFixes(out.fixes), out.body) }
}

const sameIds = (a: string[], b: string[]) => {
  const x = new Set(a)
  return x.size === b.length && b.every((id) => x.has(id))
}

type Approved = Awaited<ReturnType<typeof approvedFixes>>[number]
const noteFixes = (fixes: Approved[]) => fixes.map((f) => ({ id: f.id, start: f.start, end: f.end, exact: f.exact, correction: f.correction ?? '', category: f.category }))
const leftoverFixes = noteFixes

/**
 * GET /api/articles/:id/publish — what publishing now would do, worked out as the publication
 * does (the same choice of fixes, the same corrected text, the same note less what readers were
 * told before), read in one snapshot. Nothing is written.
 */
export async function previewPublication({ articleId, actor }: { articleId: string; actor: Actor }): Promise<PublicationPreview> {
  assertCan(actor, 'articles.publish')
  assertId(articleId, 'article')
  return readSnapshot(async (tx) => {
    const article = await tx.article.findUnique({ where: { id: articleId }, select: { body: true, revision: true, status: true, deletedAt: true } })
    if (!article || article.deletedAt) throw new AppError('not_found', `No article with the id ${articleId}.`)
    const { fixes, stale, body } = fixesToApply(article.body, await approvedFixes(tx, articleId))
    const explained = explainNote(noteFixes(fixes), body, await saidSentences(tx, articleId))
    return {
      revision: article.revision,
      status: article.status,
      fixes: fixes.map((f, i) => {
        const { id: _id, ...why } = explained.fixes[i]
        return { id: f.id, exact: f.exact, correction: f.correction ?? '', category: f.category, ...why }
      }),
      held: stale.map((f) => ({ id: f.id, exact: f.exact, correction: f.correction ?? '', why: 'its words or correction changed since it was approved: publishing sends it back to review' })),
      note: explained.sentences,
      leftovers: oldSpellingsLeft(leftoverFixes(fixes), body),
    }
  })
}

/**
 * A publication's audit event names every fix applied (`applied`: the report counts them) and
 * keeps the words of the first 200, each cut to 200 characters: a bounded summary, as every audit
 * row is (the fixes themselves keep their words, and `originalExact`).
 */
const AUDITED_FIX_WORDS = 200
const clip = (s: string) => (s.length > 200 ? `${s.slice(0, 200)}…` : s)

/** The article's approved fixes, in text order. */
function approvedFixes(client: DbClient, articleId: string) {
  return client.annotation.findMany({
    where: { articleId, kind: 'error', status: 'approved', orphaned: false, deletedAt: null },
    select: { id: true, start: true, end: true, exact: true, correction: true, category: true, status: true, version: true, approvedExact: true, approvedCorrection: true },
    orderBy: { start: 'asc' },
  })
}

/**
 * Which approved fixes a publication applies to `text` — only those whose words and correction
 * are exactly what was approved and whose span cuts no character in two — and the text they make.
 */
function fixesToApply<F extends Awaited<ReturnType<typeof approvedFixes>>[number]>(text: string, approved: F[]) {
  const map = new OffsetMap(text)
  const applicable = (f: F) => stillAsApproved(f) && !spanSplitsCharacter(map, f.start, f.end)
  const fixes = approved.filter(applicable)
  const stale = approved.filter((f) => !applicable(f))
  const toApply = fixes.map((f) => ({ id: f.id, start: f.start, end: f.end, correction: f.correction ?? '' }))
  return { fixes, stale, toApply, body: fixes.length ? applyFixes(text, toApply) : text }
}

export async function listRevisions({ articleId, actor }: { articleId: string; actor: Actor }): Promise<RevisionSummary[]> {
  assertCan(actor, 'articles.read')
  assertId(articleId, 'article')
  const rows = await db().$queryRaw<Array<{ number: number; reason: RevisionReason; note: string; createdById: string; name: string; createdAt: Date; length: number }>>`
    SELECT r.number, r.reason, r.note, r."createdById", u.name, r."createdAt", length(r.body)::int AS length
    FROM "ArticleRevision" r JOIN "User" u ON u.id = r."createdById" JOIN "Article" a ON a.id = r."articleId" AND a."deletedAt" IS NULL
    WHERE r."articleId" = ${articleId}::uuid ORDER BY r.number`
  if (rows.length === 0) throw new AppError('not_found', `No article with the id ${articleId}.`)
  return rows.map((r) => ({ number: r.number, reason: r.reason, note: r.note, createdBy: r.createdById, createdByName: r.name, createdAt: r.createdAt.toISOString(), length: r.length }))
}

export async function getRevisionBody({ articleId, number, actor }: { articleId: string; number: number; actor: Actor }): Promise<string> {
  assertCan(actor, 'articles.read')
  assertId(articleId, 'article')
  const row = await db().articleRevision.findFirst({ where: { articleId, number, article: { deletedAt: null } }, select: { body: true } })
  if (!row) throw new AppError('not_found', `Article ${articleId} has no revision ${number}.`)
  return row.body
}

/** How long working out one diff between revisions may take (on the offload pool). */
const DIFF_BUDGET_MS = 15_000

/** The diff between two revisions, as [op, text] pairs (-1 deleted, 0 same, 1 inserted). */
export async function diffRevisions({ articleId, from, to, actor }: { articleId: string; from: number; to: number; actor: Actor }): Promise<Diff[]> {
  const [a, b] = await Promise.all([getRevisionBody({ articleId, number: from, actor }), getRevisionBody({ articleId, number: to, actor })])
  try {
    return (await offload('diff', { before: a, after: b }, { budgetMs: DIFF_BUDGET_MS, key: actor.id })).diff
  } catch (err) {
    if (!(err instanceof OverBudget)) throw err
    throw new AppError('payload_too_large', `The difference between revisions ${from} and ${to} (${a.length.toLocaleString('en')} and ${b.length.toLocaleString('en')} characters) takes longer than ${DIFF_BUDGET_MS / 1000} s to work out.`)
  }
}

/**
 * Re-attach an orphaned annotation to a span an editor selected in the current text. A fix that
 * was proposed or approved is open again afterwards and needs a fresh review (by someone other
 * than whoever re-attached it: choosing its words makes them one of its authors).
 */
export async function reattachAnnotation({ id, start, end, exact, version, actor }: { id: string; start: number; end: number; exact: string; version?: number; actor: Actor }): Promise<AnnotationDto> {
  assertCan(actor, 'annotations.write')
  return db().$transaction(async (tx) => {
    const row = await lockAnnotation(tx, id, 'update')
    if (!row.orphaned) throw new AppError('conflict', 'This annotation is not orphaned; edit it instead.')
    assertSeenVersion(row, version)
    const article = await lockArticleText(tx, row.articleId, 'update')
    const selectors = anchorSpan(article.body, start, end, exact)
    if (row.kind === 'error' && (row.correction ?? '') === selectors.exact) throw sameCorrection()
    // Not onto words that already carry the same live fix (issue 22: no second copy of a fix).
    if (isPendingFix(row)) {
      const same = await findSameFix(tx, { articleId: row.articleId, start: selectors.start, end: selectors.end, exact: selectors.exact, correction: row.correction ?? '', except: id })
      if (same) throw sameFixError(same)
    }
    const data: Prisma.AnnotationUpdateManyMutationInput = { ...selectors, orphaned: false, version: { increment: 1 } }
    const fix = isPendingFix(row)
    if (fix) {
      Object.assign(data, {
        status: 'open',
        approvedExact: null,
        approvedCorrection: null,
        textChangedFrom: row.textChangedFrom ?? row.exact,
        textChangedRevision: article.revision,
        textChangedWasApproved: Boolean(row.textChangedWasApproved) || row.status === 'approved',
      })
      if (!row.contributorIds.includes(actor.id)) data.contributorIds = { push: actor.id }
    }
    const { count } = await tx.annotation.updateMany({ where: { id, version: row.version, orphaned: true, deletedAt: null }, data })
    if (count === 0) throw changedMeanwhile()
    await tx.annotationAnchor.create({ data: { annotationId: id, revision: article.revision, method: 'reattached', ...selectors } })
    const updated = await tx.annotation.findUniqueOrThrow({ where: { id }, include: WITH_AUTHOR })
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'annotation.reattach',
      entityType: 'Annotation',
      entityId: id,
      before: { exact: row.exact, status: row.status, version: row.version },
      after: { ...selectors, status: updated.status, version: updated.version, ...(fix ? { needsReview: true } : {}) },
    })
    return toAnnotationDto(updated)
  })
}

/**
 * Dismiss an orphaned annotation: hidden like a deletion, kept for the record. An approved or
 * published fix is for its author (or an admin) to give up on; the audit keeps what it was.
 */
export async function dismissOrphan({ id, version, actor }: { id: string; version?: number; actor: Actor }): Promise<void> {
  assertCan(actor, 'annotations.write')
  await db().$transaction(async (tx) => {
    const row = await lockAnnotation(tx, id)
    if (!row.orphaned) throw new AppError('conflict', 'Only an orphaned annotation can be dismissed; delete it instead.')
    assertSeenVersion(row, version)
    const decided = row.kind === 'error' && (row.status === 'approved' || row.status === 'applied')
    if (decided && row.createdById !== actor.id && !can(actor.role, 'fixes.dismiss_approved')) {
      throw new AppError('forbidden', `This fix is ${row.status}; only its author (${row.createdBy.name}) or an admin may dismiss it.`)
    }
    const { count } = await tx.annotation.updateMany({ where: { id, version: row.version, orphaned: true, deletedAt: null }, data: { deletedAt: new Date(), version: { increment: 1 } } })
    if (count === 0) throw changedMeanwhile()
    await recordAudit(tx, { actorId: actor.id, action: 'annotation.dismiss', entityType: 'Annotation', entityId: id, before: toAnnotationDto(row) })
  })
}
