import 'server-only'
import fs from 'node:fs'
import path from 'node:path'
import { hashPassword } from '@/lib/auth/password'
import type { Role } from '@/lib/auth/permissions'
import { db } from './client'
import { recordAudit } from './audit'

export const DEMO_ARTICLE_TITLE = 'Huawei in early talks with U.S. firms on 5G licensing'

export const DEMO_USERS: ReadonlyArray<{ email: string; name: string; role: Role }> = [
  { email: 'editor@galley.test', name: 'Demo Editor', role: 'editor' },
  { email: 'reviewer@galley.test', name: 'Demo Reviewer', role: 'reviewer' },
  { email: 'admin@galley.test', name: 'Demo Admin', role: 'admin' },
]

/**
 * Seed the demo users and the demo article, in one transaction, only into a database that has no
 * users yet. Returns whether it seeded.
 */
export async function seedDemo({ password, articleBody }: { password: string; articleBody: string }): Promise<boolean> {
  const passwordHash = await hashPassword(password)
  return db().$transaction(async (tx) => {
    // Serialise concurrent starts against the same database.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('galley-demo-seed'))`
    if ((await tx.user.count()) > 0) return false
    const users = []
    for (const u of DEMO_USERS) {
      const user = await tx.user.create({ data: { ...u, passwordHash }, select: { id: true, email: true, role: true } })
      await recordAudit(tx, { actorId: null, action: 'user.create', entityType: 'User', entityId: user.id, after: user })
      users.push(user)
    }
    const editor = users[0]
    const article = await tx.article.create({
      data: { title: DEMO_ARTICLE_TITLE, body: articleBody, createdById: editor.id, revisions: { create: { number: 1, body: articleBody, reason: 'imported', createdById: editor.id } } },
      select: { id: true, title: true },
    })
    await recordAudit(tx, { actorId: editor.id, action: 'article.create', entityType: 'Article', entityId: article.id, after: article })
    return true
  })
}

/** The demo article as shipped in prisma/seed/ (a reworded wire story full of errors). */
export function readDemoArticle(): string {
  return fs.readFileSync(path.join(process.cwd(), 'prisma', 'seed', 'demo-article.txt'), 'utf8')
}

/** Seed an empty database with DEMO_PASSWORD (default "galley-demo") and print the demo sign-ins. */
export async function seedDemoIfEmpty(log: (line: string) => void): Promise<void> {
  const password = process.env.DEMO_PASSWORD || 'galley-demo'
  if (!(await seedDemo({ password, articleBody: readDemoArticle() }))) return
  log('Empty database: seeded the demo article and these demo users:')
  for (const u of DEMO_USERS) log(`  ${u.email.padEnd(22)} ${u.role.padEnd(9)} password: ${password}`)
}
