import 'server-only'
import { notFound, redirect } from 'next/navigation'
import { AppError } from '@/lib/errors'
import type { UserSummary } from '@/lib/db/users'
import { getSessionUser } from './session'

/** The signed-in user for a page, or a redirect to the sign-in page that comes back here. */
export async function pageUser(path: string): Promise<UserSummary> {
  const user = await getSessionUser()
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`)
  return user
}

/** The page's data, or Next's 404 page when the data layer says it does not exist. */
export async function orNotFound<T>(data: Promise<T>): Promise<T> {
  try {
    return await data
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') notFound()
    throw err
  }
}
