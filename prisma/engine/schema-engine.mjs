#!/usr/bin/env node
/**
 * A stand-in for Prisma's native `schema-engine` binary, so the Prisma CLI (migrate, db push,
 * diff, ...) works on machines that cannot download engines (air-gapped newsrooms, this CI).
 *
 * The CLI spawns whatever PRISMA_SCHEMA_ENGINE_BINARY names (set in prisma.config.ts) and talks
 * JSON-RPC 2.0 to it, one message per line on stdin/stdout, logs as JSON lines on stderr. We
 * answer with the WebAssembly build of the very same engine (@prisma/schema-engine-wasm, the
 * build the CLI bundles), talking to PostgreSQL through @prisma/adapter-pg.
 *
 * Protocol notes and the traps worked around here: shared notes "prisma-offline.md"; each
 * workaround below says which trap it is.
 */
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { createRequire } from 'node:module'
import { PrismaPg } from '@prisma/adapter-pg'
import { ColumnTypeEnum, bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils'

const require = createRequire(import.meta.url)
const WASM_DIR = path.dirname(require.resolve('@prisma/schema-engine-wasm'))
const ENGINE_ERROR = 4466 // the JSON-RPC error code the native engine uses for user-facing errors
const PG_CHAR_OID = 18 // PostgreSQL's internal "char" type (trap 2)
const PG_TEXT_OID = 25

// ---------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const out = { datamodels: [], datasource: undefined, cli: undefined, version: false }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--version' || a === '-V') out.version = true
    else if (a === '--datamodels') out.datamodels.push(argv[++i])
    else if (a === '--datasource') out.datasource = JSON.parse(argv[++i])
    else if (a === '--enabled-preview-features' || a === '--extension-types') i++
    else if (a === 'cli') {
      out.cli = argv[++i]
    }
  }
  return out
}

/** Discrete connection fields: adapter-pg overrides `database` only when given fields (trap 1). */
function connectionFields(url, database) {
  const u = new URL(url)
  const params = u.searchParams
  const fields = {
    host: decodeURIComponent(params.get('host') ?? u.hostname) || 'localhost',
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || params.get('user') || process.env.PGUSER || 'postgres',
    password: u.password ? decodeURIComponent(u.password) : (params.get('password') ?? process.env.PGPASSWORD),
    database: database ?? (decodeURIComponent(u.pathname.slice(1)) || 'postgres'),
  }
  const sslmode = params.get('sslmode')
  if (sslmode && sslmode !== 'disable') fields.ssl = { rejectUnauthorized: sslmode === 'verify-full' }
  const schema = params.get('schema')
  return { fields, schema: schema ?? undefined }
}

// ---------------------------------------------------------------------------------------------
// Logging in the engine's format: the CLI reads JSON lines from stderr.

function log(level, message, extra = {}) {
  process.stderr.write(
    JSON.stringify({
      timestamp: new Date().toISOString(),
      level,
      fields: { message, ...extra },
      target: 'schema_engine::logger',
    }) + '\n',
  )
}

// ---------------------------------------------------------------------------------------------
// The adapter factory

/**
 * Trap 2: adapter-pg cannot map PostgreSQL's internal "char" type (OID 18), which the engine's
 * catalog queries return (e.g. pg_constraint.contype). Hand such columns to the engine as
 * Character, as the native engine reads them: performIO relabels them as text so adapter-pg
 * accepts them and remembers which they were, keyed by the rows array that queryRaw returns.
 */
const charColumnsByRows = new WeakMap()
function patchCharColumns(adapter) {
  let proto = Object.getPrototypeOf(adapter)
  while (proto && !Object.hasOwn(proto, 'performIO')) proto = Object.getPrototypeOf(proto)
  if (!proto || proto.__galleyPatched) return
  const { performIO, queryRaw } = proto
  proto.performIO = async function (...args) {
    const result = await performIO.apply(this, args)
    const charColumns = []
    ;(result.fields ?? []).forEach((field, i) => {
      if (field.dataTypeID !== PG_CHAR_OID) return
      field.dataTypeID = PG_TEXT_OID
      charColumns.push(i)
    })
    if (charColumns.length && result.rows) charColumnsByRows.set(result.rows, charColumns)
    return result
  }
  proto.queryRaw = async function (...args) {
    const result = await queryRaw.apply(this, args)
    for (const i of charColumnsByRows.get(result.rows) ?? []) result.columnTypes[i] = ColumnTypeEnum.Character
    return result
  }
  proto.__galleyPatched = true
}

/**
 * Trap 5: adapter-pg's executeScript splits a migration on every ";", which breaks dollar-quoted
 * function bodies ($$ … ; … $$) and string literals containing ";". Send the script whole, as the
 * native engine does: PostgreSQL's simple query protocol runs several statements in one go.
 */
function patchExecuteScript(adapter) {
  let proto = Object.getPrototypeOf(adapter)
  while (proto && !Object.hasOwn(proto, 'executeScript')) proto = Object.getPrototypeOf(proto)
  if (!proto || proto.__galleyScriptPatched) return
  proto.executeScript = async function (script) {
    try {
      await this.client.query(script)
    } catch (error) {
      this.onError(error)
    }
  }
  proto.__galleyScriptPatched = true
}

async function connectTo(fields, schema) {
  const adapter = await new PrismaPg(fields, schema ? { schema } : undefined).connect()
  patchCharColumns(adapter)
  patchExecuteScript(adapter)
  return adapter
}

function quoteIdent(name) {
  return `"${String(name).replaceAll('"', '""')}"`
}

/** Run one statement on the server's maintenance database (CREATE/DROP DATABASE can't run in the target). */
async function onMaintenanceDb(fields, sql) {
  const admin = await connectTo({ ...fields, database: 'postgres' })
  try {
    await admin.executeScript(sql)
  } finally {
    await admin.dispose()
  }
}

/** Temporary shadow databases not yet dropped; the WASM engine does not always dispose them before we exit. */
const liveShadowDbs = new Set()

async function dropLiveShadowDbs() {
  await Promise.allSettled([...liveShadowDbs].map((adapter) => adapter.dispose()))
}

function makeFactory(datasource) {
  const main = connectionFields(datasource.url)
  const shadowUrl = datasource.shadowDatabaseUrl
  const factory = {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => connectTo(main.fields, main.schema),
    async connectToShadowDb() {
      if (shadowUrl) {
        // Trap 4: a configured shadow database is reused between commands; start it empty.
        const shadow = connectionFields(shadowUrl)
        const adapter = await connectTo(shadow.fields, shadow.schema)
        const schema = shadow.schema ?? 'public'
        await adapter.executeScript(
          `DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE; CREATE SCHEMA ${quoteIdent(schema)};`,
        )
        return adapter
      }
      // Trap 1: adapter-pg drops its temporary database while its own pool still holds it.
      // Create it ourselves and drop it only after the pool is closed.
      const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`
      await onMaintenanceDb(main.fields, `CREATE DATABASE ${quoteIdent(database)}`)
      const adapter = await connectTo({ ...main.fields, database })
      const dispose = adapter.dispose.bind(adapter)
      let disposed
      adapter.dispose = () => {
        disposed ??= (async () => {
          liveShadowDbs.delete(adapter)
          await dispose()
          await onMaintenanceDb(main.fields, `DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`)
        })()
        return disposed
      }
      liveShadowDbs.add(adapter)
      return adapter
    },
  }
  return bindMigrationAwareSqlAdapterFactory(factory)
}

// ---------------------------------------------------------------------------------------------
// One-shot mode: `--datasource <json> cli can-connect-to-database | create-database | drop-database`

function errorCodeFor(err) {
  const code = err?.cause?.originalCode ?? err?.code ?? err?.cause?.code
  const kind = err?.cause?.kind
  if (code === '3D000' || kind === 'DatabaseDoesNotExist') return 'P1003'
  if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(code) || kind === 'DatabaseNotReachable')
    return 'P1001'
  return 'P1000'
}

async function oneShot(command, datasource) {
  const { fields, schema } = connectionFields(datasource.url)
  try {
    if (command === 'can-connect-to-database') {
      const adapter = await connectTo(fields, schema)
      try {
        await adapter.queryRaw({ sql: 'SELECT 1', args: [], argTypes: [] })
      } finally {
        await adapter.dispose()
      }
    } else if (command === 'create-database') {
      await onMaintenanceDb(fields, `CREATE DATABASE ${quoteIdent(fields.database)}`)
    } else if (command === 'drop-database') {
      await onMaintenanceDb(fields, `DROP DATABASE IF EXISTS ${quoteIdent(fields.database)} WITH (FORCE)`)
    } else {
      throw new Error(`Unknown cli command: ${command}`)
    }
    process.exit(0)
  } catch (err) {
    // The CLI skips the first stderr line, then looks for an ERROR line with an error_code.
    log('INFO', `schema-engine stand-in: ${command}`)
    log('ERROR', describeError(err), { error_code: errorCodeFor(err) })
    process.exit(1)
  }
}

// ---------------------------------------------------------------------------------------------
// RPC mode

async function loadEngine(datamodels, datasource, onPanic) {
  let panicMessage
  globalThis.PRISMA_WASM_PANIC_REGISTRY = {
    set_message: (m) => {
      panicMessage = m
      // A panic leaves the Rust future pending for ever: fail the request in flight now.
      onPanic(m)
    },
    get: () => panicMessage,
  }
  // wasm-bindgen "bundler" output: instantiate the module ourselves, wiring the glue as its import.
  const glue = await import('@prisma/schema-engine-wasm/schema_engine_bg')
  const bytes = fs.readFileSync(path.join(WASM_DIR, 'schema_engine_bg.wasm'))
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': glue })
  glue.__wbg_set_wasm(instance.exports)
  instance.exports.__wbindgen_start()
  const onLog = (line) => process.stderr.write(String(line).trimEnd() + '\n')
  const engine = await glue.SchemaEngine.new({ datamodels }, onLog, makeFactory(datasource))
  return { engine, glue, panic: () => panicMessage }
}

/** Schema files for the engine's constructor: from --datamodels, else from the request's params. */
function initialDatamodels(paths, params) {
  if (paths.length > 0) return paths.map((p) => [p, fs.readFileSync(p, 'utf8')])
  const found = []
  const visit = (value) => {
    if (!value || typeof value !== 'object' || found.length > 0) return
    if (Array.isArray(value.files) && value.files.every((f) => typeof f?.content === 'string')) {
      for (const f of value.files) found.push([f.path, f.content])
      return
    }
    for (const child of Object.values(value)) visit(child)
  }
  visit(params)
  if (found.length === 0) {
    const fallback = path.resolve('prisma/schema.prisma')
    if (fs.existsSync(fallback)) found.push([fallback, fs.readFileSync(fallback, 'utf8')])
  }
  return found
}

function describeError(err) {
  if (err == null) return 'unknown error'
  if (typeof err === 'string') return err
  if (err.message) return String(err.message)
  try {
    return JSON.stringify(err)
  } catch {
    return String(err)
  }
}

/** Shape an engine failure the way the native engine reports it, so the CLI prints it well. */
function rpcError(err, panicMessage) {
  const isPanic = Boolean(panicMessage) || err?.name === 'RuntimeError'
  const message = isPanic ? (panicMessage ?? describeError(err)) : describeError(err)
  return {
    code: ENGINE_ERROR,
    message,
    data: {
      is_panic: isPanic,
      message,
      error_code: err?.error_code ?? err?.errorCode ?? null,
      meta: err?.meta ?? null,
    },
  }
}

const SHADOW_CACHE_MISS = 'shadow DB must be provided through an external factory'

async function serve(args) {
  const datasource = args.datasource ?? { url: process.env.DATABASE_URL }
  if (!datasource.url) {
    log('ERROR', 'No datasource URL: set DATABASE_URL (prisma.config.ts passes it to the engine).')
    process.exit(1)
  }
  // The engine validates its initial schema files even when a command brings its own; when the CLI
  // passes none (e.g. `migrate diff`), use the files named in the first request.
  let loaded
  const engineFor = (params) => {
    loaded ??= loadEngine(initialDatamodels(args.datamodels, params), datasource, (m) =>
      inFlight?.reject(Object.assign(new Error(m), { name: 'RuntimeError' })),
    )
    return loaded
  }
  // Errors thrown inside WASM futures escape as uncaught exceptions: report them on the request
  // in flight instead of dying silently.
  let inFlight
  const failInFlight = (err) => {
    if (inFlight) inFlight.reject(err)
    else log('ERROR', describeError(err))
  }
  process.on('uncaughtException', failInFlight)
  process.on('unhandledRejection', failInFlight)

  const send = (msg) => process.stdout.write(JSON.stringify(msg) + '\n')
  let nextServerId = 1_000_000_000 // our own requests to the CLI ("print"); kept apart from the CLI's ids
  const pendingPrints = new Map()
  const printToCli = (content) =>
    new Promise((resolve) => {
      const id = nextServerId++
      pendingPrints.set(id, resolve)
      send({ jsonrpc: '2.0', id, method: 'print', params: { content } })
    })

  async function call(method, params) {
    const { engine } = await engineFor(params)
    if (method === 'createDatabase') {
      // Not in the WASM engine: CREATE DATABASE on the server's maintenance database.
      const target = params?.datasource?.tag === 'ConnectionString' ? params.datasource.url : datasource.url
      const { fields } = connectionFields(target)
      await onMaintenanceDb(fields, `CREATE DATABASE ${quoteIdent(fields.database)}`)
      return { databaseName: fields.database }
    }
    if (method === 'diff') {
      const result = await engine.diff(params)
      if (result.stdout) await printToCli(result.stdout)
      return { exitCode: result.exitCode }
    }
    if (typeof engine[method] !== 'function') {
      throw Object.assign(new Error(`The schema engine stand-in does not support "${method}".`), {
        error_code: null,
      })
    }
    try {
      return (await engine[method](params)) ?? null
    } catch (err) {
      // Trap 3: evaluateDataLoss/createMigration read a cache that devDiagnostic fills.
      if ((method === 'evaluateDataLoss' || method === 'createMigration') && describeError(err).includes(SHADOW_CACHE_MISS)) {
        await engine.devDiagnostic({
          migrationsList: params.migrationsList,
          filters: params.filters ?? { externalTables: [], externalEnums: [] },
        })
        return (await engine[method](params)) ?? null
      }
      throw err
    }
  }

  // One request at a time, as the CLI sends them.
  let queue = Promise.resolve()
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
  rl.on('line', (line) => {
    if (!line.trim()) return
    let msg
    try {
      msg = JSON.parse(line)
    } catch {
      send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } })
      return
    }
    if (msg.method === undefined) {
      pendingPrints.get(msg.id)?.()
      pendingPrints.delete(msg.id)
      return
    }
    queue = queue.then(async () => {
      try {
        const result = await new Promise((resolve, reject) => {
          inFlight = { reject }
          call(msg.method, msg.params).then(resolve, reject)
        })
        send({ jsonrpc: '2.0', id: msg.id, result })
      } catch (err) {
        const { panic } = await (loaded ?? Promise.reject()).catch(() => ({ panic: () => undefined }))
        send({ jsonrpc: '2.0', id: msg.id, error: rpcError(err, panic()) })
      } finally {
        inFlight = undefined
      }
    })
  })
  rl.on('close', async () => {
    // The CLI is gone: finish what is running, but never hang on a request nobody awaits.
    setTimeout(() => process.exit(0), 5_000).unref()
    await queue
    await dropLiveShadowDbs()
    process.exit(0)
  })
}

// ---------------------------------------------------------------------------------------------

const args = parseArgs(process.argv.slice(2))
if (args.version) {
  const { version } = JSON.parse(fs.readFileSync(path.join(WASM_DIR, 'package.json'), 'utf8'))
  process.stdout.write(`schema-engine-cli ${version.split('.').pop()} (galley wasm stand-in)\n`)
  process.exit(0)
}
if (args.cli) await oneShot(args.cli, args.datasource ?? { url: process.env.DATABASE_URL })
else await serve(args)
