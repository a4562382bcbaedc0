/** Seed the demo users and article into DATABASE_URL's database when it has no users (also `prisma migrate reset`). */
import { seedDemoIfEmpty } from '@/lib/db/seed'
import { disconnectDb } from '@/lib/db/client'

seedDemoIfEmpty((line) => console.log(`[seed] ${line}`))
  .then(disconnectDb)
  .then(
    () => process.exit(0),
    (err) => {
      console.error('[seed] failed:', err)
      process.exit(1)
    },
  )
