/**
 * The Prisma CLI through our schema-engine stand-in, against real PostgreSQL databases made for
 * each test: deploy, a second migration with `migrate dev`, drift, and a failing migration.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestDatabase, query } from '@/lib/testing/databases'

const ROOT = path.resolve(__dirname, '..', '..')
const CLI = path.join(ROOT, 'node_modules', 'prisma', 'build', 'index.js')
const ENGINE = path.join(ROOT, 'prisma', 'engine', 'schema-engine.mjs')
const cleanups: Array<() => Promise<void> | void> = []

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

/** A throw-away copy of prisma/ with its own config, so tests can add migrations. */
function tempProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'galley-prisma-'))
  fs.cpSync(path.join(ROOT, 'prisma', 'migrations'), path.join(dir, 'migrations'), { recursive: true })
  fs.copyFileSync(path.join(ROOT, 'prisma', 'schema.prisma'), path.join(dir, 'schema.prisma'))
  fs.writeFileSync(
    path.join(dir, 'prisma.config.mjs'),
    `export default { schema: 'schema.prisma', migrations: { path: 'migrations' }, datasource: { url: process.env.DATABASE_URL } }\n`,
  )
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

function prisma(cwd: string, databaseUrl: string, ...args: string[]) {
  const res = spawnSync(process.execPath, [CLI, ...args, '--config', path.join(cwd, 'prisma.config.mjs')], {
    cwd,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_SCHEMA_ENGINE_BINARY: ENGINE, CHECKPOINT_DISABLE: '1', CI: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { code: res.status, out: `${res.stdout}${res.stderr}` }
}

async function freshDb(label: string) {
  const db = await createTestDatabase(label)
  cleanups.push(db.drop)
  return db
}

async function tables(url: string): Promise<string[]> {
  const rows = await query<{ table_name: string }>(url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)
  return rows.map((r) => r.table_name)
}

async function shadowDatabases(url: string): Promise<string[]> {
  const rows = await query<{ datname: string }>(url, `SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%' ORDER BY 1`)
  return rows.map((r) => r.datname)
}

describe('Prisma CLI through the WASM schema-engine stand-in', () => {
  it('answers --version without a database', () => {
    const res = spawnSync(ENGINE, ['--version'], { encoding: 'utf8' })
    expect(res.status).toBe(0)
    expect(res.stdout).toMatch(/^schema-engine-cli /)
  })

  it('deploys every committed migration to an empty database', async () => {
    const dir = tempProject()
    const db = await freshDb('deploy')
    const res = prisma(dir, db.url, 'migrate', 'deploy')
    expect(res.code, res.out).toBe(0)
    expect(await tables(db.url)).toEqual(expect.arrayContaining(['Annotation', 'Article', 'AuditEvent', 'Review', 'User', '_prisma_migrations']))
    const applied = await query<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`)
    expect(applied[0].n).toBe(fs.readdirSync(path.join(dir, 'migrations')).filter((d) => /^\d/.test(d)).length)
    const status = prisma(dir, db.url, 'migrate', 'status')
    expect(status.code, status.out).toBe(0)
    expect(status.out).toContain('Database schema is up to date')
  })

  it('creates and applies a second migration with `migrate dev`, leaving no shadow database behind', async () => {
    const dir = tempProject()
    const db = await freshDb('dev')
    expect(prisma(dir, db.url, 'migrate', 'deploy').code).toBe(0)
    const shadowsBefore = await shadowDatabases(db.url)
    fs.appendFileSync(path.join(dir, 'schema.prisma'), '\nmodel Tag {\n  id   Int    @id @default(autoincrement())\n  name String @unique\n}\n')
    const res = prisma(dir, db.url, 'migrate', 'dev', '--name', 'add_tags')
    expect(res.code, res.out).toBe(0)
    const created = fs.readdirSync(path.join(dir, 'migrations')).find((d) => d.endsWith('_add_tags'))
    expect(created).toBeDefined()
    expect(fs.readFileSync(path.join(dir, 'migrations', created!, 'migration.sql'), 'utf8')).toContain('CREATE TABLE "Tag"')
    expect(await tables(db.url)).toContain('Tag')
    expect(await shadowDatabases(db.url)).toEqual(shadowsBefore)
  })

  it('detects drift between the migrations and the database', async () => {
    const dir = tempProject()
    const db = await freshDb('drift')
    expect(prisma(dir, db.url, 'migrate', 'deploy').code).toBe(0)
    const clean = prisma(dir, db.url, 'migrate', 'diff', '--from-migrations', 'migrations', '--to-config-datasource', '--exit-code')
    expect(clean.code, clean.out).toBe(0)
    await query(db.url, `ALTER TABLE "Article" ADD COLUMN "hotfix" text`)
    const drift = prisma(dir, db.url, 'migrate', 'diff', '--from-migrations', 'migrations', '--to-config-datasource', '--script', '--exit-code')
    expect(drift.code).toBe(2)
    expect(drift.out).toMatch(/ADD COLUMN\s+"hotfix"/)
  })

  it('applies a migration with a dollar-quoted function and semicolons inside strings, whole', async () => {
    const dir = tempProject()
    const db = await freshDb('script')
    fs.mkdirSync(path.join(dir, 'migrations', '29990101000000_script'))
    fs.writeFileSync(
      path.join(dir, 'migrations', '29990101000000_script', 'migration.sql'),
      `CREATE TABLE "Note" (v text);\nINSERT INTO "Note" VALUES ('a; b; c');\nCREATE FUNCTION note_upper() RETURNS trigger AS $$ BEGIN NEW.v := upper(NEW.v); RETURN NEW; END $$ LANGUAGE plpgsql;\nCREATE TRIGGER note_upper BEFORE INSERT ON "Note" FOR EACH ROW EXECUTE FUNCTION note_upper();\nINSERT INTO "Note" VALUES ('x; y');\n`,
    )
    const res = prisma(dir, db.url, 'migrate', 'deploy')
    expect(res.code, res.out).toBe(0)
    expect(await query(db.url, 'SELECT v FROM "Note" ORDER BY v')).toEqual([{ v: 'X; Y' }, { v: 'a; b; c' }])
  })

  it('reports a failing migration readably, by name and with the database error', async () => {
    const dir = tempProject()
    const db = await freshDb('fail')
    fs.mkdirSync(path.join(dir, 'migrations', '29990101000000_broken'))
    fs.writeFileSync(path.join(dir, 'migrations', '29990101000000_broken', 'migration.sql'), 'ALTER TABLE "NoSuchTable" ADD COLUMN "x" integer;\n')
    const res = prisma(dir, db.url, 'migrate', 'deploy')
    expect(res.code).not.toBe(0)
    expect(res.out).toContain('29990101000000_broken')
    expect(res.out).toMatch(/No such table: NoSuchTable|relation "NoSuchTable" does not exist/)
    expect(res.out).not.toMatch(/panicked|RuntimeError|wasm-function/)
    const status = prisma(dir, db.url, 'migrate', 'status')
    expect(status.out).toContain('29990101000000_broken')
  })

  it('reports an unreachable database with Prisma\'s error code', () => {
    const dir = tempProject()
    const res = prisma(dir, 'postgresql://postgres@127.0.0.1:1/nowhere', 'migrate', 'status')
    expect(res.code).not.toBe(0)
    expect(res.out).toMatch(/P1001|Can't reach database/)
  })
})
