import 'server-only'
import { AppError } from '@/lib/errors'
import type { CreateArticleInput, UpdateArticleInput } from '@/lib/validation/articles'
import { Prisma } from '@/lib/generated/prisma/client'
import { db, type DbClient } from './client'
import { recordAudit, WEBHOOK_EVENT_TX } from './audit'
import { assertCan, assertId, type Actor } from './authorize'
import { can } from '@/lib/auth/permissions'
import { defaultLanguage, detectLanguage } from '@/lib/text/language'

export type ArticleDto = {
  id: string
  title: string
  body: string
  sourceUrl: string | null
  /** From an imported web page; null otherwise. */
  byline: string | null
  /** BCP 47. */
  language: string
  status: string
  revision: number
  createdBy: string
  createdAt: string
  updatedAt: string
}

/** `applied`: approved fixes already published into the text. */
type StatusCounts = { open: number; approved: number; rejected: number; applied: number }
export type ArticleListItem = Omit<ArticleDto, 'body'> & {
  counts: { claim: StatusCounts; quote: StatusCounts; error: StatusCounts }
  /** The desk's suggestions for the current revision that no one has accepted or dismissed yet. */
  suggestionsWaiting: number
}

type ArticleRow = Omit<ArticleDto, 'createdAt' | 'updatedAt' | 'createdBy' | 'body'> & {
  body?: string
  createdById: string
  createdAt: Date
  updatedAt: Date
}

function toDto<T extends ArticleRow>(row: T) {
  const { createdById, createdAt, updatedAt, ...rest } = row
  return { ...rest, createdBy: createdById, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() }
}

const emptyCounts = (): ArticleListItem['counts'] => ({
  claim: { open: 0, approved: 0, rejected: 0, applied: 0 },
  quote: { open: 0, approved: 0, rejected: 0, applied: 0 },
  error: { open: 0, approved: 0, rejected: 0, applied: 0 },
})

/**
 * Articles, newest first, with annotation counts by kind and status. Deleted articles are left
 * out; `deleted: true` lists only them (admins, to restore one).
 */
export async function listArticles({ actor, deleted = false }: { actor: Actor; deleted?: boolean }): Promise<ArticleListItem[]> {
  assertCan(actor, deleted ? 'articles.delete' : 'articles.read')
  const [rows, groups, waiting] = await Promise.all([
    db().article.findMany({
      where: { deletedAt: deleted ? { not: null } : null },
      orderBy: { createdAt: 'desc' },
      select: { id: true, title: true, sourceUrl: true, byline: true, language: true, status: true, revision: true, createdById: true, createdAt: true, updatedAt: true },
    }),
    db().annotation.groupBy({ by: ['articleId', 'kind', 'status'], where: { deletedAt: null }, _count: { _all: true } }),
    // Only those computed for the text as it is now (a revision not yet checked has none waiting).
    db().$queryRaw<{ articleId: string; n: number }[]>`
      SELECT s."articleId", count(*)::int AS n FROM "Suggestion" s JOIN "Article" a ON a.id = s."articleId"
      WHERE s.status = 'open' AND s.current AND s.revision = a.revision GROUP BY s."articleId"`,
  ])
  const waitingBy = new Map(waiting.map((w) => [w.articleId, w.n]))
  const counts = new Map<string, ArticleListItem['counts']>()
  for (const g of groups) {
    const c = counts.get(g.articleId) ?? emptyCounts()
    c[g.kind][g.status as keyof StatusCounts] = g._count._all
    counts.set(g.articleId, c)
  }
  return rows.map((r) => ({ ...toDto(r), counts: counts.get(r.id) ?? emptyCounts(), suggestionsWaiting: waitingBy.get(r.id) ?? 0 }))
}

/** One article with its body, exactly as stored. */
export async function getArticle({ id, actor }: { id: string; actor: Actor }, client: DbClient = db()): Promise<ArticleDto> {
  assertCan(actor, 'articles.read')
  assertId(id, 'article')
  const row = await client.article.findUnique({ where: { id } })
  if (!row || row.deletedAt) throw new AppError('not_found', `No article with the id ${id}.`)
  return toDto(withoutDeletion(row)) as ArticleDto
}

function withoutDeletion<T extends { deletedAt?: Date | null; deletedById?: string | null }>(row: T): Omit<T, 'deletedAt' | 'deletedById'> {
  const { deletedAt: _d, deletedById: _b, ...rest } = row
  return rest
}

/** The 409 for a change to an archived article. */
/** The page title of an article (signed in, not deleted), or null: for the browser tab only. */
export async function articleTitleFor({ id, actor }: { id: string; actor: Actor }): Promise<string | null> {
  if (!can(actor.role, 'articles.read')) return null
  try {
    assertId(id, 'article')
  } catch {
    return null // the page itself answers 404
  }
  const row = await db().article.findFirst({ where: { id, deletedAt: null }, select: { title: true } })
  return row?.title ?? null
}

export function archivedError(id: string): AppError {
  return new AppError('conflict', `Article ${id} is archived, so it is read-only. Set its status back to checking (or published) to change it.`, { articleStatus: 'archived' })
}

type Locked = { id: string; revision: number; status: string }

/**
 * Lock the article's row until the transaction ends, for a change to it or to anything on it. A
 * revision takes it for update (it rewrites the body and re-anchors every annotation); changes
 * that only need the body and the article's status to stay put take it for share. 404 when there
 * is no such article (or it was deleted); 409 when it is archived (read-only): the check and the
 * write it guards happen under the same lock, so a concurrent archive cannot slip between them.
 */
export async function lockArticle(tx: Prisma.TransactionClient, id: string, mode: 'share' | 'update'): Promise<Locked> {
  return lockRow(tx, id, mode, false)
}

/** As lockArticle, with the body read under the lock. */
export async function lockArticleText(tx: Prisma.TransactionClient, id: string, mode: 'share' | 'update'): Promise<Locked & { body: string }> {
  return lockRow(tx, id, mode, true) as Promise<Locked & { body: string }>
}

async function lockRow(tx: Prisma.TransactionClient, id: string, mode: 'share' | 'update', withBody: boolean) {
  assertId(id, 'article')
  const rows = await tx.$queryRaw<Array<Locked & { body?: string; deleted: boolean }>>`
    SELECT id, revision, status::text AS status, "deletedAt" IS NOT NULL AS deleted${withBody ? Prisma.sql`, body` : Prisma.empty} FROM "Article" WHERE id = ${id}::uuid
    FOR ${mode === 'share' ? Prisma.sql`SHARE` : Prisma.sql`UPDATE`}`
  const row = rows[0]
  if (!row || row.deleted) throw new AppError('not_found', `No article with the id ${id}.`)
  if (row.status === 'archived') throw archivedError(id)
  const { deleted: _deleted, ...locked } = row
  return locked
}

/** Import an article; the body is stored byte for byte. */
export async function createArticle({ input, actor }: { input: CreateArticleInput & { byline?: string | null }; actor: Actor }): Promise<ArticleDto> {
  assertCan(actor, 'articles.write')
  return db().$transaction(async (tx) => {
    const row = await tx.article.create({
      data: {
        title: input.title,
        body: input.body,
        sourceUrl: input.sourceUrl,
        byline: input.byline ?? null,
        // As given, else as the text reads (franc), else the desk's default.
        language: input.language ?? detectLanguage(input.body) ?? defaultLanguage(),
        createdById: actor.id,
        revisions: { create: { number: 1, body: input.body, reason: 'imported', createdById: actor.id } },
      },
    })
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'article.create',
      entityType: 'Article',
      entityId: row.id,
      after: { title: row.title, sourceUrl: row.sourceUrl, bodyLength: row.body.length },
    })
    return toDto(withoutDeletion(row)) as ArticleDto
  })
}

/** Change an article's title, source URL or desk status (the body changes only by revision). */
export async function updateArticle({ id, input, actor }: { id: string; input: UpdateArticleInput; actor: Actor }): Promise<ArticleDto> {
  assertCan(actor, 'articles.write')
  assertId(id, 'article')
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Array<{ title: string; sourceUrl: string | null; status: string; language: string; deleted: boolean }>>`
      SELECT title, "sourceUrl", status::text, language, "deletedAt" IS NOT NULL AS deleted FROM "Article" WHERE id = ${id}::uuid FOR UPDATE`
    const before = rows[0]
    if (!before || before.deleted) throw new AppError('not_found', `No article with the id ${id}.`)
    const changed = (['title', 'sourceUrl', 'status', 'language'] as const).filter((k) => input[k] !== undefined && input[k] !== before[k])
    // Archived is read-only: the only change it takes is its status (bringing it back).
    if (before.status === 'archived' && changed.some((k) => k !== 'status')) throw archivedError(id)
    if (changed.length === 0) return getArticle({ id, actor }, tx)
    const data = Object.fromEntries(changed.map((k) => [k, input[k]]))
    const row = await tx.article.update({ where: { id }, data })
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'article.update',
      entityType: 'Article',
      entityId: id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: data,
    })
    return toDto(withoutDeletion(row)) as ArticleDto
  }, WEBHOOK_EVENT_TX)
}

/**
 * Delete an article (admin): soft, so nothing is lost. It disappears from lists, pages, the
 * review queue and exports; restoreArticle brings it back as it was. Audited.
 */
export async function deleteArticle({ id, actor }: { id: string; actor: Actor }): Promise<void> {
  assertCan(actor, 'articles.delete')
  assertId(id, 'article')
  await db().$transaction(async (tx) => {
    const { count } = await tx.article.updateMany({ where: { id, deletedAt: null }, data: { deletedAt: new Date(), deletedById: actor.id } })
    if (count === 0) throw new AppError('not_found', `No article with the id ${id}.`)
    const row = await tx.article.findUniqueOrThrow({ where: { id }, select: { title: true, status: true, revision: true } })
    await recordAudit(tx, { actorId: actor.id, action: 'article.delete', entityType: 'Article', entityId: id, before: row })
  })
}

/** Bring a deleted article back (admin), with everything on it. Audited. */
export async function restoreArticle({ id, actor }: { id: string; actor: Actor }): Promise<ArticleDto> {
  assertCan(actor, 'articles.delete')
  assertId(id, 'article')
  return db().$transaction(async (tx) => {
    const { count } = await tx.article.updateMany({ where: { id, deletedAt: { not: null } }, data: { deletedAt: null, deletedById: null } })
    if (count === 0) {
      const exists = await tx.article.count({ where: { id } })
      throw exists ? new AppError('conflict', `Article ${id} is not deleted.`) : new AppError('not_found', `No article with the id ${id}.`)
    }
    const row = await tx.article.findUniqueOrThrow({ where: { id } })
    await recordAudit(tx, { actorId: actor.id, action: 'article.restore', entityType: 'Article', entityId: id, after: { title: row.title, status: row.status } })
    return toDto(withoutDeletion(row)) as ArticleDto
  })
}
