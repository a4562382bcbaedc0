import 'server-only'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient, type Prisma } from '@/lib/generated/prisma/client'

/**
 * The only Prisma client. Nothing outside lib/db imports it. Created on first use (so `next build`
 * needs no database) and cached on globalThis so `next dev` reloads do not open a pool each time.
 */
const globalForPrisma = globalThis as unknown as { galleyPrisma?: PrismaClient }

export function db(): PrismaClient {
  if (globalForPrisma.galleyPrisma) return globalForPrisma.galleyPrisma
  const connectionString = process.env.DATABASE_URL
  if (!connectionString) throw new Error('DATABASE_URL is not set; start Galley with `npm start`.')
  // A short connect timeout: fail fast (503) instead of hanging while the database is down.
  const adapter = new PrismaPg({ connectionString, connectionTimeoutMillis: 5_000, max: 20 })
  globalForPrisma.galleyPrisma = new PrismaClient({ adapter })
  return globalForPrisma.galleyPrisma
}

/** Close the pool (scripts and tests; the server keeps it for its lifetime). */
export async function disconnectDb(): Promise<void> {
  await globalForPrisma.galleyPrisma?.$disconnect()
  globalForPrisma.galleyPrisma = undefined
}

/** The pool or an open transaction: read helpers take either. */
export type DbClient = PrismaClient | Prisma.TransactionClient

/**
 * Reads that must agree with each other, such as an article body and the offsets of the annotations
 * on it, in one REPEATABLE READ snapshot: a revision published meanwhile is either wholly seen or
 * not at all.
 */
export function readSnapshot<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  // Reads only, but a long article with thousands of annotations under load may take a while.
  return db().$transaction(fn, { isolationLevel: 'RepeatableRead', maxWait: 10_000, timeout: 30_000 })
}
