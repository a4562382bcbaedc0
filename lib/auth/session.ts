import 'server-only'
import { cache } from 'react'
import { cookies, headers } from 'next/headers'
import { AppError } from '@/lib/errors'
import { getActiveUser, type UserSummary } from '@/lib/db/users'
import { userForToken } from '@/lib/db/tokens'
import { auth } from './config'
import { can, type Permission } from './permissions'

const SESSION_COOKIES = ['__Secure-authjs.session-token', 'authjs.session-token']
/**
 * Decoding an Auth.js session (an encrypted JWT) costs more CPU than the rest of a small request.
 * Remember which user a cookie decoded to for a minute; the user row is still read every time,
 * so deactivation and role changes keep applying at once.
 */
const DECODE_CACHE_MS = 60_000
const DECODE_CACHE_MAX = 10_000
const decoded = new Map<string, { userId: string; until: number }>()

async function sessionUserId(): Promise<string | null> {
  const jar = await cookies()
  const raw = SESSION_COOKIES.map((name) => jar.get(name)?.value).find(Boolean)
  if (!raw) return null
  const hit = decoded.get(raw)
  if (hit && hit.until > Date.now()) return hit.userId
  const session = await auth()
  const id = session?.user?.id
  if (!id) return null
  if (decoded.size >= DECODE_CACHE_MAX) decoded.clear()
  decoded.set(raw, { userId: id, until: Math.min(Date.now() + DECODE_CACHE_MS, Date.parse(session.expires)) })
  return id
}

/**
 * The caller: the owner of an `Authorization: Bearer` API token when one is sent (a bad token is
 * never silently replaced by a cookie), else the signed-in, still active user, or null. The user
 * is re-read on every request so deactivation and role changes apply at once. Memoised per
 * request (React `cache`): the header and the page of one render share a single lookup.
 */
export const getSessionUser = cache(async function getSessionUser(): Promise<UserSummary | null> {
  const authorization = (await headers()).get('authorization')
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization)
    return match ? userForToken(match[1]) : null
  }
  const id = await sessionUserId()
  if (!id) return null
  return getActiveUser({ id })
})

/** The signed-in user, or a 401 AppError. */
export async function requireUser(): Promise<UserSummary> {
  const user = await getSessionUser()
  if (!user) throw new AppError('unauthorized', 'Sign in to use Galley.')
  return user
}

/** The signed-in user holding `permission`, or a 401/403 AppError. */
export async function requirePermission(permission: Permission): Promise<UserSummary> {
  const user = await requireUser()
  if (!can(user.role, permission)) {
    throw new AppError('forbidden', `Your role (${user.role}) does not allow ${permission}.`)
  }
  return user
}
