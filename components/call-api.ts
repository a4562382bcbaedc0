/**
 * The browser side of the JSON API: one request, the parsed body back, or an Error carrying the
 * server's own message (`{ error: { code, message } }`) so forms can show it as it is.
 */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
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
  if (!res.ok) throw new ApiRequestError(out?.error?.message ?? `The server answered ${res.status}.`, res.status, out?.error?.code)
  return out as T
}
