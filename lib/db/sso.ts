import 'server-only'
import { isRole, ROLES, type Role } from '@/lib/auth/permissions'
import { generatePassword, hashPassword } from '@/lib/auth/password'
import { db } from './client'
import { recordAudit } from './audit'
import { normaliseEmail } from './users'

/**
 * Who an OpenID Connect sign-in is: matched by issuer + subject first (the only stable
 * identifier), then — once, at the first sign-in — by a **verified** email, when the link is
 * stored. An unknown person is refused unless a default role is configured; a deactivated user
 * stays out; GALLEY_OIDC_ALLOWED_DOMAINS limits whose email may come in at all. With a role claim
 * configured, the claim's roles apply at every sign-in (audited).
 */
export type OidcProfile = { issuer: string; subject: string; email: string | null; emailVerified: boolean; name: string | null; claims: Record<string, unknown> }
export type SsoConfig = { allowedDomains: string[]; defaultRole: Role | null; roleClaim: string | null }
export type SsoOutcome = { ok: true; user: { id: string; email: string; name: string; role: Role; sessionEpoch: number } } | { ok: false; reason: 'not_provisioned' | 'unverified_email' | 'domain' | 'deactivated' | 'no_email' }

export function ssoConfig(env: Record<string, string | undefined> = process.env): SsoConfig {
  const role = env.GALLEY_OIDC_DEFAULT_ROLE?.trim()
  return {
    allowedDomains: (env.GALLEY_OIDC_ALLOWED_DOMAINS ?? '').split(',').map((d) => d.trim().toLowerCase().replace(/^@/, '')).filter(Boolean),
    defaultRole: role && isRole(role) ? role : null,
    roleClaim: env.GALLEY_OIDC_ROLE_CLAIM?.trim() || null,
  }
}

/** The highest Galley role named by a groups claim ("admin", "galley-reviewer", "galley:editor" …). */
export function roleFromClaim(value: unknown): Role | null {
  const values = (Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : []).map((v) => String(v).toLowerCase().replace(/^galley[-:_/]/, ''))
  for (const role of [...ROLES].reverse()) if (values.includes(role)) return role
  return null
}

const SELECT = { id: true, email: true, name: true, role: true, active: true, sessionEpoch: true, ssoIssuer: true, ssoSubject: true } as const

export async function resolveOidcUser(p: OidcProfile, config: SsoConfig = ssoConfig()): Promise<SsoOutcome> {
  const email = p.email ? normaliseEmail(p.email) : null
  const domain = email?.split('@')[1] ?? null
  if (config.allowedDomains.length && (!domain || !config.allowedDomains.includes(domain))) return { ok: false, reason: 'domain' }
  const claimed = config.roleClaim ? roleFromClaim(p.claims[config.roleClaim]) : null
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
        const role = claimed ?? config.defaultRole
        if (!config.defaultRole) return { ok: false as const, reason: 'not_provisioned' as const }
        // A password nobody knows: this person signs in through the provider.
        const created = await tx.user.create({
          data: { email, name: (p.name ?? email).slice(0, 200), role: role!, passwordHash: await hashPassword(generatePassword()), ssoIssuer: p.issuer, ssoSubject: p.subject },
          select: SELECT,
        })
        await recordAudit(tx, { actorId: null, action: 'user.create', entityType: 'User', entityId: created.id, after: { id: created.id, email, name: created.name, role: created.role, via: 'sso', issuer: p.issuer } })
        user = created
      }
    }
    if (!user.active) return { ok: false as const, reason: 'deactivated' as const }
    if (claimed && claimed !== user.role) {
      const before = user
      user = await tx.user.update({ where: { id: user.id }, data: { role: claimed }, select: SELECT })
      await recordAudit(tx, { actorId: null, action: 'user.role', entityType: 'User', entityId: user.id, before: { role: before.role }, after: { role: claimed, via: `the ${config.roleClaim} claim` } })
    }
    return { ok: true as const, user: { id: user.id, email: user.email, name: user.name, role: user.role, sessionEpoch: user.sessionEpoch } }
  })
}

export const SSO_REFUSALS: Record<Exclude<SsoOutcome, { ok: true }>['reason'], string> = {
  not_provisioned: 'Your single sign-on account is not a Galley user yet: ask an admin to add you.',
  unverified_email: 'Your identity provider has not verified your email address, so Galley cannot match it to a user. Ask your IT team, or an admin.',
  domain: 'Your email domain is not allowed to sign in to this Galley.',
  deactivated: 'Your Galley account is deactivated: ask an admin.',
  no_email: 'Your identity provider sent no email address, so Galley cannot tell who you are: ask an admin to add you.',
}
