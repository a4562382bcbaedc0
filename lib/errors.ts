/**
 * One error type for the whole app, with a stable machine-readable code. Route handlers turn it
 * into `{ "error": { "code", "message" } }` with the status from ERROR_STATUS.
 */
export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'validation_failed'
  | 'rate_limited'
  | 'db_unavailable'
  | 'internal'

export const ERROR_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  db_unavailable: 503,
  internal: 500,
}

export class AppError extends Error {
  readonly code: ErrorCode
  /** Extra machine-readable detail (e.g. the zod issues of a 422). */
  readonly details?: unknown

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.details = details
  }

  get status(): number {
    return ERROR_STATUS[this.code]
  }
}

export type FieldIssue = { path: string; message: string }

/**
 * A 422 for input fields, naming them in `details.fields` (the README's promise for every field
 * error). The message defaults to "Invalid input — path: message; …".
 */
export function fieldsError(fields: FieldIssue[], message?: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('validation_failed', message ?? `Invalid input — ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`, { fields, ...extra })
}

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: unknown } }

/** The JSON body for an AppError. */
export function errorBody(err: AppError): ErrorBody {
  const body: ErrorBody = { error: { code: err.code, message: err.message } }
  if (err.details !== undefined) body.error.details = err.details
  return body
}
