/** Fresh, throw-away databases on the test PostgreSQL server (integration tests only). */
import postgres from 'postgres'
import { withDatabase } from '@/lib/server/embedded-postgres'

export function testServerUrl(): string {
  const url = process.env.GALLEY_TEST_SERVER_URL
  if (!url) throw new Error('GALLEY_TEST_SERVER_URL is not set: run integration tests through `npm test`.')
  const host = new URL(url).hostname
  // Tests create and drop databases: refuse anything that is not on this machine.
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) throw new Error(`Refusing to run tests against non-local database host ${host}.`)
  return url
}

export async function createTestDatabase(label: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const server = testServerUrl()
  const name = `galley_t_${label}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`
  const admin = postgres(server, { max: 1, onnotice: () => {} })
  await admin.unsafe(`CREATE DATABASE "${name}"`)
  await admin.end()
  return {
    name,
    url: withDatabase(server, name),
    drop: async () => {
      const sql = postgres(server, { max: 1, onnotice: () => {} })
      await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      await sql.end()
    },
  }
}

/** Run one query on a database and close the connection. */
export async function query<T extends object = Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    return (await sql.unsafe(text)) as unknown as T[]
  } finally {
    await sql.end()
  }
}
