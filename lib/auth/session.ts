import 'server-only'
import { cache } from 'react'
import { cookies, headers } from 'next/headers'
import { decode } from 'next-auth/jwt'
import { AppError } from '@/lib/errors'
import type { Credential, UserSummary } from '@/lib/db/users'
import { userForToken } from '@/lib/db/tokens'
import { getSessionOwner } from '@/lib/db/sessions'
import { TOKEN_PREFIX, type PresentedCredential } from '@/lib/db/credentials'
import { can, type Permission } from './permissions'

const SESSION_COOKIES = ['__Secure-authjs.session-token', 'authjs.session-token']
/**
 * Decoding an Auth.js session (an encrypted JWT) costs more CPU than the rest of a small request.
 * Remember which user and session a cookie decoded to for a minute; the session and the user row
 * are still read every time, so sign-out, deactivation and role changes keep applying at once.
 */
const DECODE_CACHE_MS = 60_000
const DECODE_CACHE_MAX = 10_000
const decoded = new Map<string, { userId: string; sessionId: string; until: number }>()

async function sessionCookie(): Promise<{ userId: string; sessionId: string } | null> {
  const jar = await cookies()
  const name = SESSION_COOKIES.find((n) => jar.get(n)?.value)
  const raw = name && jar.get(name)!.value
  if (!name || !raw) return null
  const hit = decoded.get(raw)
  if (hit && hit.until > Date.now()) return hit
  const token = await decode({ token: raw, secret: process.env.AUTH_SECRET ?? '', salt: name }).catch(() => null)
  // A cookie from before sessions were recorded (no sid) no longer counts: sign in again.
  if (!token?.sub || typeof token.sid !== 'string' || typeof token.exp !== 'number' || token.exp * 1000 <= Date.now()) return null
  if (decoded.size >= DECODE_CACHE_MAX) decoded.clear()
  const entry = { userId: token.sub, sessionId: token.sid, until: Math.min(Date.now() + DECODE_CACHE_MS, token.exp * 1000) }
  decoded.set(raw, entry)
  return entry
}

export type SessionUser = UserSummary & { via: Credential }

/**
 * What the request presents, checked without the database: an `Authorization: Bearer` token
 * (a malformed Authorization header presents nothing usable), or the session named in a session
 * cookie that decodes (signed with AUTH_SECRET, not expired). Whether it is still good — the
 * session live, the token unrevoked, the user active — is the database's to say
 * (lib/db/credentials). Null when there is nothing.
 */
export async function presentedCredential(): Promise<PresentedCredential | { kind: 'invalid' } | null> {
  const authorization = (await headers()).get('authorization')
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization)
    // A bad token is never silently replaced by a cookie.
    return match && match[1].startsWith(TOKEN_PREFIX) ? { kind: 'token', token: match[1] } : { kind: 'invalid' }
  }
  const session = await sessionCookie()
  return session && { kind: 'session', sessionId: session.sessionId, userId: session.userId }
}

/**
 * The caller: the owner of an `Authorization: Bearer` API token when one is sent, else the
 * signed-in, still active user of a live session, or null. Both are re-read on every request so
 * sign-out, password changes, deactivation and role changes apply at once. Memoised per request
 * (React `cache`): the header and the page of one render share a single lookup.
 */
export const getSessionUser = cache(async function getSessionUser(): Promise<SessionUser | null> {
  const presented = await presentedCredential()
  if (!presented || presented.kind === 'invalid') return null
  if (presented.kind === 'token') return userForToken(presented.token)
  const user = await getSessionOwner(presented)
  return user && { ...user, via: { kind: 'session', id: presented.sessionId } }
})

/** The signed-in user, or a 401 AppError. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser()
  if (!user) throw new AppError('unauthorized', 'Sign in to use Galley.')
  return user
}

/** The signed-in user holding `permission`, or a 401/403 AppError. */
export async function requirePermission(permission: Permission): Promise<SessionUser> {
  const user = await requireUser()
  if (!can(user.role, permission)) {
    throw new AppError('forbidden', `Your role (${user.role}) does not allow ${permission}.`)
  }
  return user
}
