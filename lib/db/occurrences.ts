import 'server-only'
import { randomUUID } from 'node:crypto'
import { AppError } from '@/lib/errors'
import { describeSpan } from '@/lib/anchoring/describe'
import { OffsetMap } from '@/lib/text/offsets'
import { MAX_GROUP, otherOccurrences } from '@/lib/text/occurrences'
import type { OccurrencesInput } from '@/lib/validation/annotations'
import type { AnnotationDto, OccurrencesResult, SameFixDto } from '@/lib/types/desk'
import { db } from './client'
import { lockArticleText } from './articles'
import { recordAudit } from './audit'
import { assertCan, type Actor } from './authorize'
import { WITH_AUTHOR, findSameFix, lockAnnotation, settleSameSuggestions, spanSplitsCharacter, toAnnotationDto } from './annotations'

const quoted = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s)

/**
 * "Fix every occurrence" (issue 22): the fix's correction and category put on every other
 * whole-word occurrence of its words, each its own open fix (authored by the caller, reviewed on
 * its own), all sharing a group with the first so a reviewer sees and may decide on them together.
 * One transaction: all are made or none. Places that already carry the same live fix are left as
 * they are and listed in `alreadyFixed`; the desk's identical open suggestions are taken. Only the
 * fix's author, whoever wrote its correction, or an admin may do it.
 */
export async function fixEveryOccurrence({ annotationId, input, actor }: { annotationId: string; input: OccurrencesInput; actor: Actor }): Promise<OccurrencesResult> {
  assertCan(actor, 'annotations.write')
  return db().$transaction(
    async (tx) => {
      await lockAnnotation(tx, annotationId, 'share')
      // The fix's own row too, then read again: an edit or a deletion from another tab waits until
      // the copies are made from what it says now, or commits first and is what they copy.
      await tx.$executeRaw`SELECT 1 FROM "Annotation" WHERE id = ${annotationId}::uuid FOR UPDATE`
      const fix = await tx.annotation.findUniqueOrThrow({ where: { id: annotationId }, include: WITH_AUTHOR })
      if (fix.deletedAt) throw new AppError('not_found', `No annotation with the id ${annotationId}.`)
      if (fix.kind !== 'error') throw new AppError('validation_failed', `Only a fix can be copied to the other occurrences of its words; this annotation is a ${fix.kind}.`)
      if (fix.createdById !== actor.id && !fix.contributorIds.includes(actor.id) && actor.role !== 'admin') {
        throw new AppError('forbidden', `Only ${fix.createdBy.name}, who proposed this fix, or an admin may fix the other occurrences of its words.`)
      }
      if (fix.status !== 'open' && fix.status !== 'approved') throw new AppError('conflict', `This fix is already ${fix.status}; its words are no longer the ones to fix.`)
      if (fix.orphaned) throw new AppError('conflict', 'This fix lost its place when the text changed; re-attach it first.')
      const article = await lockArticleText(tx, fix.articleId, 'share')
      if (input.revision !== undefined && input.revision !== article.revision) {
        throw new AppError('conflict', `The article changed since you counted the occurrences: it is now at revision ${article.revision}, you read revision ${input.revision}. Reload and try again.`, { revision: article.revision })
      }
      const found = otherOccurrences(article.body, fix)
      let targets = found
      if (input.occurrences) {
        const known = new Set(found.map((o) => `${o.start}:${o.end}`))
        const stray = input.occurrences.find((o) => !known.has(`${o.start}:${o.end}`))
        if (stray) {
          throw new AppError('conflict', `The text at ${stray.start}–${stray.end} is not another whole-word occurrence of ${quoted(fix.exact)}; reload and try again.`)
        }
        const asked = new Set(input.occurrences.map((o) => `${o.start}:${o.end}`))
        targets = found.filter((o) => asked.has(`${o.start}:${o.end}`))
      }
      // A group is decided whole (reviewFixGroup), so it never grows past what one decision takes.
      const inGroup = fix.groupId ? await tx.annotation.count({ where: { groupId: fix.groupId, deletedAt: null } }) : 1
      if (inGroup + targets.length > MAX_GROUP) {
        throw new AppError(
          'payload_too_large',
          `${quoted(fix.exact)} occurs ${targets.length} more times, and a group holds at most ${MAX_GROUP} fixes (this one has ${inGroup}); name at most ${Math.max(0, MAX_GROUP - inGroup)} places to fix in "occurrences".`,
        )
      }
      const map = new OffsetMap(article.body)
      const groupId = fix.groupId ?? randomUUID()
      const correction = fix.correction ?? ''
      const created: AnnotationDto[] = []
      const alreadyFixed: SameFixDto[] = []
      // In text order: the places' locks (galley_same_fix) are always taken in the same order.
      for (const o of targets) {
        if (spanSplitsCharacter(map, o.start, o.end)) continue
        const selectors = describeSpan(article.body, o.start, o.end, map)
        const same = await findSameFix(tx, { articleId: fix.articleId, start: o.start, end: o.end, exact: selectors.exact, correction })
        if (same) {
          alreadyFixed.push(same)
          continue
        }
        const row = await tx.annotation.create({
          data: {
            articleId: fix.articleId,
            kind: 'error',
            ...selectors,
            correction,
            category: fix.category,
            note: fix.note,
            sources: fix.sources,
            createdById: actor.id,
            // Whoever wrote the fix wrote its copies too: nobody reviews a copy of their own correction.
            contributorIds: [...new Set([actor.id, fix.createdById, ...fix.contributorIds])],
            groupId,
          },
          include: WITH_AUTHOR,
        })
        await tx.annotationAnchor.create({ data: { annotationId: row.id, revision: article.revision, method: 'created', ...selectors } })
        const dto = toAnnotationDto(row)
        await recordAudit(tx, { actorId: actor.id, action: 'annotation.create', entityType: 'Annotation', entityId: row.id, after: { ...dto, occurrenceOf: fix.id } })
        await settleSameSuggestions(tx, { id: row.id, articleId: fix.articleId, start: row.start, end: row.end, exact: row.exact, correction }, article.revision, actor.id)
        created.push(dto)
      }
      let first = fix
      if (created.length && fix.groupId !== groupId) {
        // Joining a group is not an edit of the fix's words: its version (what a reviewer read) stays.
        const { count } = await tx.annotation.updateMany({ where: { id: fix.id, version: fix.version, deletedAt: null, groupId: null }, data: { groupId } })
        if (count === 0) throw new AppError('conflict', 'This fix changed while its other occurrences were being fixed; reload and try again.')
        first = await tx.annotation.findUniqueOrThrow({ where: { id: fix.id }, include: WITH_AUTHOR })
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'annotation.update',
          entityType: 'Annotation',
          entityId: fix.id,
          before: { kind: fix.kind, exact: fix.exact, groupId: null },
          after: { groupId, occurrences: created.map((c) => c.id) },
        })
      }
      // Nothing made: no group was written (a new id would name nothing).
      return { groupId: first.groupId, fix: toAnnotationDto(first), created, alreadyFixed }
    },
    { timeout: 30_000, maxWait: 10_000 },
  )
}
