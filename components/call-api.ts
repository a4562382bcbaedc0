/**
 * The browser side of the JSON API: one request, the parsed body back, or an Error carrying the
 * server's own message (`{ error: { code, message } }`) so forms can show it as it is.
 */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    /** The error body's `details` (e.g. a 409's `sameFix`: the fix already there, issue 22). */
    readonly details?: unknown,
  ) {
    super(message)
  }
}

export async function callApi<T = unknown>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (res.status === 204) return undefined as T
  const out = await res.json().catch(() => null)
  if (!res.ok) throw new ApiRequestError(out?.error?.message ?? `The server answered ${res.status}.`, res.status, out?.error?.code, out?.error?.details)
  return out as T
}

/** The fix a 409 says is already on the desk (`details.sameFix`), if that is what it says. */
export function sameFixOf(err: unknown): import('@/lib/types/desk').SameFixDto | null {
  if (!(err instanceof ApiRequestError) || err.status !== 409) return null
  const same = (err.details as { sameFix?: unknown } | undefined)?.sameFix as import('@/lib/types/desk').SameFixDto | undefined
  return same && typeof same.id === 'string' ? same : null
}
