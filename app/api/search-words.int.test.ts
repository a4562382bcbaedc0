/**
 * The near-match lexicon under racing writers, against the real PostgreSQL: two transactions of
 * several statements adding the same new words in opposite orders both commit (the lexicon's
 * triggers used to let each wait on the other's uncommitted word: a deadlock, one of them lost).
 */
import { afterAll, expect, it } from 'vitest'
import postgres from 'postgres'

const url = process.env.DATABASE_URL!
const a = postgres(url, { max: 1, onnotice: () => {} })
const b = postgres(url, { max: 1, onnotice: () => {} })
afterAll(async () => {
  await a.end()
  await b.end()
})

const word = () => 'zq' + Array.from({ length: 10 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')

it('two transactions adding the same new words in opposite orders both commit, and the lexicon has each word once', async () => {
  const [w1, w2] = [word(), word()]
  const [{ id: editor }] = await a`SELECT id FROM "User" WHERE email = 'editor@galley.test'`
  const made: string[] = []
  // Title and body are the word alone: the two transactions share no other new word.
  const article = async (sql: postgres.TransactionSql, w: string) => {
    const [row] = await sql`INSERT INTO "Article" (title, body, "createdById", "updatedAt") VALUES (${w}, ${w}, ${editor}::uuid, now()) RETURNING id`
    made.push(row.id)
  }
  let release!: () => void
  const firstDone = new Promise<void>((r) => (release = r))
  try {
    await Promise.all([
      a.begin(async (tx) => {
        await article(tx, w1)
        release()
        await new Promise((r) => setTimeout(r, 300)) // the other transaction adds w2 meanwhile (or waits)
        await article(tx, w2)
      }),
      b.begin(async (tx) => {
        await firstDone
        await article(tx, w2)
        await article(tx, w1)
      }),
    ])
    const rows = await a`SELECT word FROM "SearchWord" WHERE word = ANY(${[w1, w2]}::text[]) ORDER BY word`
    expect(rows.map((r) => r.word)).toEqual([w1, w2].sort())
  } finally {
    if (made.length) await a`DELETE FROM "Article" WHERE id = ANY(${made}::uuid[])`
  }
}, 20_000)
