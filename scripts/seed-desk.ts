/**
 * `npm run seed:desk` — fill the database at DATABASE_URL (migrated, with the demo users: run
 * `npm start` once, or scripts/seed.ts) with the search benchmark's desk: 10,000 articles and
 * 200,000 annotations, written with COPY (lib/testing/desk-seed.ts). For trying search at scale;
 * never against a newsroom's real database.
 */
import { ROOT } from '@/lib/server/runtime'
import { seedDesk } from '@/lib/testing/desk-seed'

async function main() {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('Set DATABASE_URL to the database to fill (a copy, never the newsroom’s own).')
  const r = await seedDesk(url, ROOT)
  console.log(`[seed:desk] ${r.articles.toLocaleString('en')} articles, ${r.annotations.toLocaleString('en')} annotations, ${r.comments.toLocaleString('en')} comments in ${(r.ms / 1000).toFixed(1)} s`)
}
main().catch((err) => {
  console.error(`[seed:desk] ${(err as Error).message}`)
  process.exit(1)
})
