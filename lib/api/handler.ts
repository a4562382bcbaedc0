import 'server-only'
import { z } from 'zod'
import { AppError, errorBody, fieldsError } from '@/lib/errors'
import { parseJsonText } from './json'

export { illFormedPath } from './json'

/** Requests over this size get 413 before any parsing. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024

export function json(data: unknown, init?: ResponseInit): Response {
  return Response.json(data, init)
}

export function errorResponse(err: AppError): Response {
  return Response.json(errorBody(err), { status: err.status })
}

/** Whether an error means the database cannot be reached (→ 503, not 500). */
function isDatabaseDown(err: unknown): boolean {
  const text = `${(err as Error)?.name ?? ''} ${(err as Error)?.message ?? ''} ${String((err as { cause?: unknown })?.cause ?? '')}`
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|DatabaseNotReachable|Can't reach database|Connection terminated|connection timeout|the database system is (starting up|shutting down)|terminating connection/i.test(
    text,
  )
}

/** Map anything thrown in a handler to the error contract. */
export function toErrorResponse(err: unknown): Response {
  if (err instanceof AppError) return errorResponse(err)
  if (isDatabaseDown(err)) {
    return errorResponse(new AppError('db_unavailable', 'The database is unavailable; try again in a moment.'))
  }
  console.error('[api] unexpected error', err)
  return errorResponse(new AppError('internal', 'Something went wrong on the server.'))
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Cookie-authenticated writes must come from our own pages: a browser always sends `Origin` on
 * them, so a foreign one is a cross-site request. Scripts send no `Origin` (or use a bearer
 * token) and are not refused for that.
 */
export function assertSameOrigin(req: Request): void {
  if (!UNSAFE_METHODS.has(req.method) || req.headers.has('authorization')) return
  const origin = req.headers.get('origin')
  if (!origin || !(req.headers.get('cookie') ?? '').includes('authjs.session-token')) return
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host')
  let originHost: string
  try {
    originHost = new URL(origin).host
  } catch {
    originHost = ''
  }
  if (originHost !== host) throw new AppError('forbidden', `Cross-site request refused: Origin ${origin} is not this site.`)
}

/** Wrap a route handler so every failure answers with `{ error: { code, message } }`. */
export function apiRoute<C>(handler: (req: Request, ctx: C) => Promise<Response>) {
  return async (req: Request, ctx: C): Promise<Response> => {
    try {
      assertSameOrigin(req)
      return await handler(req, ctx)
    } catch (err) {
      return toErrorResponse(err)
    }
  }
}

/** Zod issues → one readable sentence plus field paths. */
export function validationError(error: z.ZodError): AppError {
  return fieldsError(error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })))
}

/**
 * The request body as text, however it was sent (with a Content-Length or chunked): 413 over
 * 5 MB, 400 when it is not UTF-8. A declared length over 5 MB is refused before reading; with one
 * within it, Node's HTTP server delivers no more than declared; a chunked body is read with a cap.
 */
async function readBodyText(req: Request): Promise<string> {
  const tooLarge = () => new AppError('payload_too_large', 'The request body is larger than 5 MB.')
  const declared = Number(req.headers.get('content-length') ?? '0')
  if (declared > MAX_BODY_BYTES) throw tooLarge()
  let bytes: Uint8Array
  if (req.headers.has('content-length')) {
    // The declared length is within the cap (checked above), and the runtime never delivers more.
    bytes = new Uint8Array(await req.arrayBuffer())
    if (bytes.byteLength > MAX_BODY_BYTES) throw tooLarge()
  } else bytes = await readCapped(req, tooLarge)
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new AppError('bad_request', 'The request body is not valid UTF-8.')
  }
}

/** A chunked body, read with a cap, so a body of any size costs at most 5 MB of memory. */
async function readCapped(req: Request, tooLarge: () => AppError): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = req.body?.getReader()
  while (reader) {
    const { done, value } = await reader.read()
    if (done || !value) break
    size += value.byteLength
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {})
      throw tooLarge()
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const c of chunks) {
    bytes.set(c, offset)
    offset += c.byteLength
  }
  return bytes
}

function validate<S extends z.ZodType>(value: unknown, schema: S): z.infer<S> {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw validationError(parsed.error)
  return parsed.data
}

/**
 * The body as text (≤ 5 MB, UTF-8), for a route that parses it elsewhere — on the offload pool,
 * when parsing and checking it is itself heavy work (an import of 10,000 annotations).
 */
export const readBody = (req: Request): Promise<string> => readBodyText(req)

/** Read a JSON body (≤ 5 MB) and validate it: 413, 400 or 422 on failure. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  return validate(parseJsonText(await readBodyText(req)), schema)
}

/**
 * As readJson, for routes whose body is optional: an empty body (sent with Content-Length 0,
 * chunked, or not at all) is validated as `{}`, so a chunked body is never ignored.
 */
export async function readOptionalJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const text = await readBodyText(req)
  return validate(parseJsonText(text.trim() === '' ? '{}' : text), schema)
}

/** Read and validate the query string (only the schema's keys): 422 naming the bad parameter. */
export function readQuery<S extends z.ZodObject>(req: Request, schema: S): z.infer<S> {
  const params = new URL(req.url).searchParams
  const raw = Object.fromEntries(Object.keys(schema.shape).map((key) => [key, params.get(key) ?? undefined]))
  const parsed = schema.safeParse(raw)
  if (!parsed.success) throw validationError(parsed.error)
  return parsed.data
}
