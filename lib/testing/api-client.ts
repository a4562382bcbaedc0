/**
 * A tiny API client for integration tests: signs in through Auth.js like a browser or a newsroom
 * script would (CSRF token + credentials callback) and keeps the session cookie.
 */
export const BASE_URL = process.env.GALLEY_TEST_BASE_URL ?? 'http://127.0.0.1:3100'
export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'galley-demo'

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers }

/** undici's error for a socket the other side closed: "fetch failed", caused by UND_ERR_SOCKET. */
function isClosedIdleSocket(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } })?.cause
  return cause?.code === 'UND_ERR_SOCKET'
}

export class ApiClient {
  private cookies = new Map<string, string>()

  constructor(readonly baseUrl = process.env.GALLEY_TEST_BASE_URL ?? BASE_URL) {}

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1)
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  async raw(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    if (this.cookies.size) headers.set('cookie', this.cookieHeader)
    const send = () => fetch(this.baseUrl + path, { ...init, headers, redirect: 'manual' })
    let res: Response
    try {
      res = await send()
    } catch (err) {
      // A kept-alive connection the server closed while the test was busy (e.g. running a CLI for
      // seconds) fails the next request before it is sent; a read is safe to send again.
      const method = (init.method ?? 'GET').toUpperCase()
      if ((method !== 'GET' && method !== 'HEAD') || !isClosedIdleSocket(err)) throw err
      res = await send()
    }
    this.remember(res)
    return res
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const init: RequestInit = { method, headers: { ...headers } }
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body)
      ;(init.headers as Record<string, string>)['content-type'] ??= 'application/json'
    }
    const res = await this.raw(path, init)
    const text = await res.text()
    let parsed: unknown = text
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text)
    return { status: res.status, body: parsed as T, headers: res.headers }
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path)
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body)
  }
  patch<T = any>(path: string, body?: unknown) {
    return this.request<T>('PATCH', path, body)
  }
  put<T = any>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body)
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path)
  }

  /** Sign in with email and password; returns whether Auth.js accepted them. */
  async signIn(email: string, password = DEMO_PASSWORD): Promise<boolean> {
    const csrf = await this.raw('/api/auth/csrf')
    const { csrfToken } = (await csrf.json()) as { csrfToken: string }
    const res = await this.raw('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, email, password }).toString(),
    })
    const location = res.headers.get('location') ?? ''
    return res.status === 302 && !location.includes('error=') && [...this.cookies.keys()].some((k) => k.endsWith('authjs.session-token'))
  }

  static async as(email: string, password = DEMO_PASSWORD, baseUrl?: string): Promise<ApiClient> {
    const client = new ApiClient(baseUrl)
    if (!(await client.signIn(email, password))) throw new Error(`Could not sign in as ${email}`)
    return client
  }
}

/** A client that authenticates every request with an API token instead of a session cookie. */
export class BearerClient extends ApiClient {
  constructor(
    readonly token: string,
    baseUrl?: string,
  ) {
    super(baseUrl)
  }

  override raw(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    headers.set('authorization', `Bearer ${this.token}`)
    return super.raw(path, { ...init, headers })
  }
}

/** A unique suffix for test data, so tests never collide with each other or earlier runs. */
export function unique(label = 'x'): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}
