import 'server-only'
import type { Role } from '@/lib/auth/permissions'
import { generatePassword, hashPassword } from '@/lib/auth/password'
import { roleAtSignIn, roleFromGroups, ssoConfig, type GroupMatch, type SsoConfig } from '@/lib/auth/sso'
import { db } from './client'
import { recordAudit } from './audit'
import { normaliseEmail } from './users'

/**
 * Who an OpenID Connect sign-in is: matched by issuer + subject first (the only stable
 * identifier), then — once, at the first sign-in — by a **verified** email, when the link is
 * stored. An unknown person is refused unless a default role is configured; a deactivated user
 * stays out, whatever the provider says; GALLEY_OIDC_ALLOWED_DOMAINS limits whose email may come
 * in at all. With group roles configured (lib/auth/sso), the role follows the groups claim at every
 * sign-in, down as well as up, each change audited in the same transaction; the session and token
 * checks re-read the role on every request, so a change applies at once to everything the person
 * already holds.
 */
export type OidcProfile = { issuer: string; subject: string; email: string | null; emailVerified: boolean; name: string | null; claims: Record<string, unknown> }
export type SsoOutcome = { ok: true; user: { id: string; email: string; name: string; role: Role; sessionEpoch: number } } | { ok: false; reason: 'not_provisioned' | 'unverified_email' | 'domain' | 'deactivated' | 'no_email' }

const SELECT = { id: true, email: true, name: true, role: true, active: true, sessionEpoch: true, ssoIssuer: true, ssoSubject: true } as const

/** What the audit trail keeps about a role taken from the groups claim (only configured names, never the whole claim). */
function groupsNote(config: SsoConfig, match: GroupMatch) {
  return { claim: config.groupRoles!.claim, claimPresent: match.claim === 'present', groups: match.matched, ...(match.role ? {} : { fallback: config.defaultRole ? 'GALLEY_OIDC_DEFAULT_ROLE' : 'the least role' }) }
}

export async function resolveOidcUser(p: OidcProfile, config: SsoConfig = ssoConfig()): Promise<SsoOutcome> {
  const email = p.email ? normaliseEmail(p.email) : null
  const domain = email?.split('@')[1] ?? null
  if (config.allowedDomains.length && (!domain || !config.allowedDomains.includes(domain))) return { ok: false, reason: 'domain' }
  const match = config.groupRoles ? roleFromGroups(config.groupRoles, p.claims) : null
  // Null: no group is configured, and sign-in leaves roles to the admins.
  const fromGroups = match ? roleAtSignIn(config, match) : null
  return db().$transaction(async (tx) => {
    let user = await tx.user.findUnique({ where: { ssoIssuer_ssoSubject: { ssoIssuer: p.issuer, ssoSubject: p.subject } }, select: SELECT })
    if (!user) {
      if (!email) return { ok: false as const, reason: 'no_email' as const }
      // An email is only trusted to link accounts when the provider says it verified it.
      if (!p.emailVerified) return { ok: false as const, reason: 'unverified_email' as const }
      const byEmail = await tx.user.findUnique({ where: { email }, select: SELECT })
      if (byEmail) {
        if (!byEmail.active) return { ok: false as const, reason: 'deactivated' as const }
        // Already linked to another account at this provider: not this one.
        if (byEmail.ssoIssuer === p.issuer && byEmail.ssoSubject && byEmail.ssoSubject !== p.subject) return { ok: false as const, reason: 'not_provisioned' as const }
        user = await tx.user.update({ where: { id: byEmail.id }, data: { ssoIssuer: p.issuer, ssoSubject: p.subject }, select: SELECT })
        await recordAudit(tx, { actorId: user.id, action: 'user.sso_link', entityType: 'User', entityId: user.id, after: { issuer: p.issuer, subject: p.subject } })
      } else {
        if (!config.defaultRole) return { ok: false as const, reason: 'not_provisioned' as const }
        const role = fromGroups ?? config.defaultRole
        // A password nobody knows: this person signs in through the provider.
        const created = await tx.user.create({
          data: { email, name: (p.name ?? email).slice(0, 200), role, passwordHash: await hashPassword(generatePassword()), ssoIssuer: p.issuer, ssoSubject: p.subject },
          select: SELECT,
        })
        await recordAudit(tx, {
          actorId: null,
          action: 'user.create',
          entityType: 'User',
          entityId: created.id,
          after: { id: created.id, email, name: created.name, role: created.role, via: 'sso', issuer: p.issuer, ...(match ? groupsNote(config, match) : {}) },
        })
        return { ok: true as const, user: { id: created.id, email: created.email, name: created.name, role: created.role, sessionEpoch: created.sessionEpoch } }
      }
    }
    // Hold the row until this sign-in commits: an admin's deactivation or role change made
    // meanwhile is either seen here or made after this one, never overwritten by it.
    const [current] = await tx.$queryRaw<Array<{ role: Role; active: boolean; sessionEpoch: number }>>`SELECT role::text AS role, active, "sessionEpoch" FROM "User" WHERE id = ${user.id}::uuid FOR UPDATE`
    if (!current?.active) return { ok: false as const, reason: 'deactivated' as const }
    let role = current.role
    if (fromGroups && fromGroups !== role) {
      await tx.user.update({ where: { id: user.id }, data: { role: fromGroups } })
      // No person made this change: the identity provider did, through this person's sign-in.
      await recordAudit(tx, { actorId: null, action: 'user.sso_role', entityType: 'User', entityId: user.id, before: { role }, after: { role: fromGroups, via: 'sso', issuer: p.issuer, ...groupsNote(config, match!) } })
      role = fromGroups
    }
    return { ok: true as const, user: { id: user.id, email: user.email, name: user.name, role, sessionEpoch: current.sessionEpoch } }
  })
}

export const SSO_REFUSALS: Record<Exclude<SsoOutcome, { ok: true }>['reason'], string> = {
  not_provisioned: 'Your single sign-on account is not a Galley user yet: ask an admin to add you.',
  unverified_email: 'Your identity provider has not verified your email address, so Galley cannot match it to a user. Ask your IT team, or an admin.',
  domain: 'Your email domain is not allowed to sign in to this Galley.',
  deactivated: 'Your Galley account is deactivated: ask an admin.',
  no_email: 'Your identity provider sent no email address, so Galley cannot tell who you are: ask an admin to add you.',
}
