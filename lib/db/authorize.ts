import 'server-only'
import { AppError } from '@/lib/errors'
import { can, type Permission } from '@/lib/auth/permissions'
import type { Credential, UserSummary } from './users'

/**
 * The acting user: who is asking, checked inside every data-access function, and through which
 * credential (absent for scripts and the CLI, which act directly).
 */
export type Actor = Pick<UserSummary, 'id' | 'role' | 'name' | 'email'> & { via?: Credential }

export function assertCan(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) throw new AppError('forbidden', `Your role (${actor.role}) does not allow ${permission}.`)
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Ids are UUIDs; anything else cannot exist, so it is a 404 rather than a database error. */
export function assertId(id: string, what: string): void {
  if (!UUID.test(id)) throw new AppError('not_found', `No ${what} with the id ${JSON.stringify(id.slice(0, 80))}.`)
}

/**
 * Credentials and people are managed by a person, signed in: an API token may not mint tokens,
 * change a password, or create and change users (each would outlive the token's revocation).
 */
export function assertPerson(actor: Actor, what: string): void {
  if (actor.via?.kind === 'token') throw new AppError('forbidden', `An API token cannot ${what}; sign in to do it.`)
}
