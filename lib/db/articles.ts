import 'server-only'
import { AppError } from '@/lib/errors'
import type { CreateArticleInput, UpdateArticleInput } from '@/lib/validation/articles'
import { Prisma } from '@/lib/generated/prisma/client'
import { db, type DbClient } from './client'
import { recordAudit } from './audit'
import { assertCan, assertId, type Actor } from './authorize'

export type ArticleDto = {
  id: string
  title: string
  body: string
  sourceUrl: string | null
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

/** Articles, newest first, with annotation counts by kind and status. */
export async function listArticles({ actor }: { actor: Actor }): Promise<ArticleListItem[]> {
  assertCan(actor, 'articles.read')
  const [rows, groups] = await Promise.all([
    db().article.findMany({
      orderBy: { createdAt: 'desc' },
      select: { id: true, title: true, sourceUrl: true, status: true, revision: true, createdById: true, createdAt: true, updatedAt: true },
    }),
    db().annotation.groupBy({ by: ['articleId', 'kind', 'status'], where: { deletedAt: null }, _count: { _all: true } }),
  ])
  const counts = new Map<string, ArticleListItem['counts']>()
  for (const g of groups) {
    const c = counts.get(g.articleId) ?? emptyCounts()
    c[g.kind][g.status as keyof StatusCounts] = g._count._all
    counts.set(g.articleId, c)
  }
  return rows.map((r) => ({ ...toDto(r), counts: counts.get(r.id) ?? emptyCounts() }))
}

/** One article with its body, exactly as stored. */
export async function getArticle({ id, actor }: { id: string; actor: Actor }, client: DbClient = db()): Promise<ArticleDto> {
  assertCan(actor, 'articles.read')
  assertId(id, 'article')
  const row = await client.article.findUnique({ where: { id } })
  if (!row) throw new AppError('not_found', `No article with the id ${id}.`)
  return toDto(row) as ArticleDto
}

/**
 * Lock the article's row until the transaction ends. A revision takes it for update (it rewrites
 * the body and re-anchors every annotation); changes that only need the body to stay put while
 * they check offsets against it take it for share. 404 when there is no such article.
 */
export async function lockArticle(tx: Prisma.TransactionClient, id: string, mode: 'share' | 'update'): Promise<{ id: string; revision: number }> {
  return lockRow(tx, id, mode, false)
}

/** As lockArticle, with the body read under the lock. */
export async function lockArticleText(tx: Prisma.TransactionClient, id: string, mode: 'share' | 'update'): Promise<{ id: string; revision: number; body: string }> {
  return lockRow(tx, id, mode, true) as Promise<{ id: string; revision: number; body: string }>
}

async function lockRow(tx: Prisma.TransactionClient, id: string, mode: 'share' | 'update', withBody: boolean) {
  assertId(id, 'article')
  const rows = await tx.$queryRaw<Array<{ id: string; revision: number; body?: string }>>`
    SELECT id, revision${withBody ? Prisma.sql`, body` : Prisma.empty} FROM "Article" WHERE id = ${id}::uuid
    FOR ${mode === 'share' ? Prisma.sql`SHARE` : Prisma.sql`UPDATE`}`
  if (!rows[0]) throw new AppError('not_found', `No article with the id ${id}.`)
  return rows[0]
}

/** Import an article; the body is stored byte for byte. */
export async function createArticle({ input, actor }: { input: CreateArticleInput; actor: Actor }): Promise<ArticleDto> {
  assertCan(actor, 'articles.write')
  return db().$transaction(async (tx) => {
    const row = await tx.article.create({
      data: {
        title: input.title,
        body: input.body,
        sourceUrl: input.sourceUrl,
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
    return toDto(row) as ArticleDto
  })
}

/** Change an article's title, source URL or desk status (the body changes only by revision). */
export async function updateArticle({ id, input, actor }: { id: string; input: UpdateArticleInput; actor: Actor }): Promise<ArticleDto> {
  assertCan(actor, 'articles.write')
  assertId(id, 'article')
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Array<{ title: string; sourceUrl: string | null; status: string }>>`
      SELECT title, "sourceUrl", status::text FROM "Article" WHERE id = ${id}::uuid FOR UPDATE`
    const before = rows[0]
    if (!before) throw new AppError('not_found', `No article with the id ${id}.`)
    const changed = (['title', 'sourceUrl', 'status'] as const).filter((k) => input[k] !== undefined && input[k] !== before[k])
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
    return toDto(row) as ArticleDto
  })
}
