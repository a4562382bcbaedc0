/**
 * Manage users from the shell:
 *   npm run user -- add --email a@b.c --name "A B" --role reviewer [--password …]
 *   npm run user -- set-role --email a@b.c --role admin
 *   npm run user -- deactivate --email a@b.c
 * Uses DATABASE_URL, else the embedded database (started for the command if Galley is not running).
 */
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { ROLES } from '@/lib/auth/permissions'
import { AppError } from '@/lib/errors'
import { DATA_DIR, applyMigrations, ensureDatabase, resolveDatabase, type Database } from '@/lib/server/runtime'
import { runningEmbeddedUrl, withDatabase } from '@/lib/server/embedded-postgres'

const USAGE = `Usage:
  npm run user -- add --email <email> --name <name> --role <editor|reviewer|admin> [--password <password>]
  npm run user -- set-role --email <email> --role <editor|reviewer|admin>
  npm run user -- deactivate --email <email>`

const email = z.string().trim().email('is not an email address')
const role = z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` })
const schemas = {
  add: z.object({ email, name: z.string().trim().min(1, 'is required'), role, password: z.string().min(8, 'must be at least 8 characters').optional() }),
  'set-role': z.object({ email, role }),
  deactivate: z.object({ email }),
}

async function connect(): Promise<Database> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL }
  const running = runningEmbeddedUrl(DATA_DIR)
  if (running) return { url: withDatabase(running, 'galley') }
  const database = await resolveDatabase(() => {})
  await ensureDatabase(database.url, 'galley')
  applyMigrations(database.url)
  return database
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2)
  if (!command || !(command in schemas)) {
    console.error(USAGE)
    return 2
  }
  const { values } = parseArgs({
    args: rest,
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' } },
    strict: true,
  })
  const parsed = schemas[command as keyof typeof schemas].safeParse(values)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`--${issue.path.join('.')} ${issue.message}`)
    console.error(USAGE)
    return 2
  }
  const database = await connect()
  process.env.DATABASE_URL = database.url
  const users = await import('@/lib/db/users')
  const { disconnectDb } = await import('@/lib/db/client')
  try {
    if (command === 'add') {
      const input = parsed.data as z.infer<typeof schemas.add>
      const { user, password } = await users.createUser(input)
      console.log(`Added ${user.email} (${user.name}) as ${user.role}.`)
      if (!input.password) console.log(`Generated password: ${password}`)
    } else if (command === 'set-role') {
      const input = parsed.data as z.infer<(typeof schemas)['set-role']>
      const user = await users.setUserRole(input)
      console.log(`${user.email} is now ${user.role}.`)
    } else {
      const user = await users.deactivateUser(parsed.data as z.infer<typeof schemas.deactivate>)
      console.log(`${user.email} is deactivated; their sessions stop working at once.`)
    }
    return 0
  } catch (err) {
    if (err instanceof AppError) {
      console.error(err.message)
      return 1
    }
    throw err
  } finally {
    await disconnectDb()
    await database.embedded?.stop()
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
