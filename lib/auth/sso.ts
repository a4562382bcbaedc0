import { isRole, ROLES, type Role } from './permissions'

/**
 * Single sign-on settings from the environment: a generic OpenID Connect provider through
 * Auth.js (GALLEY_OIDC_ISSUER, GALLEY_OIDC_CLIENT_ID, GALLEY_OIDC_CLIENT_SECRET, GALLEY_OIDC_NAME),
 * who may come in and with which role (GALLEY_OIDC_ALLOWED_DOMAINS, GALLEY_OIDC_DEFAULT_ROLE, the
 * group → role map below), and whether password sign-in is on (GALLEY_PASSWORD_SIGNIN=off turns it
 * off; the user CLI still works).
 */
export type OidcSettings = { issuer: string; clientId: string; clientSecret: string; name: string }

export const OIDC_PROVIDER_ID = 'oidc'

type Env = Record<string, string | undefined>

export function oidcSettings(env: Env = process.env): OidcSettings | null {
  const issuer = env.GALLEY_OIDC_ISSUER?.trim()
  const clientId = env.GALLEY_OIDC_CLIENT_ID?.trim()
  const clientSecret = env.GALLEY_OIDC_CLIENT_SECRET?.trim()
  if (!issuer || !clientId || !clientSecret) return null
  return { issuer, clientId, clientSecret, name: env.GALLEY_OIDC_NAME?.trim() || 'Single sign-on' }
}

export function passwordSignInEnabled(env: Env = process.env): boolean {
  return (env.GALLEY_PASSWORD_SIGNIN ?? '').trim().toLowerCase() !== 'off'
}

/**
 * Which of the provider's groups give which Galley role: named explicitly, one variable per role
 * (GALLEY_OIDC_ADMIN_GROUPS, GALLEY_OIDC_REVIEWER_GROUPS, GALLEY_OIDC_EDITOR_GROUPS, each
 * comma-separated), read from the claim GALLEY_OIDC_ROLE_CLAIM (default `groups`). A group name
 * means nothing unless it is listed: an `admin` group in some other system is just a name.
 */
export type GroupRoles = { claim: string; groups: Record<Role, string[]> }

export const GROUP_VARIABLES: Record<Role, string> = {
  editor: 'GALLEY_OIDC_EDITOR_GROUPS',
  reviewer: 'GALLEY_OIDC_REVIEWER_GROUPS',
  admin: 'GALLEY_OIDC_ADMIN_GROUPS',
}

/** The role of a person in none of the configured groups when GALLEY_OIDC_DEFAULT_ROLE is unset: the least one. */
export const LEAST_ROLE: Role = ROLES[0]

export type SsoConfig = {
  allowedDomains: string[]
  /** Newcomers are created with this role (unset: refused); with group roles, also the role of anyone in no configured group. */
  defaultRole: Role | null
  /** Null: no group is configured, so sign-in never changes a role. */
  groupRoles: GroupRoles | null
}

const list = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean)

export function ssoConfig(env: Env = process.env): SsoConfig {
  const role = env.GALLEY_OIDC_DEFAULT_ROLE?.trim().toLowerCase()
  const groups = Object.fromEntries(ROLES.map((r) => [r, list(env[GROUP_VARIABLES[r]])])) as Record<Role, string[]>
  const anyGroup = ROLES.some((r) => groups[r].length > 0)
  return {
    allowedDomains: list(env.GALLEY_OIDC_ALLOWED_DOMAINS).map((d) => d.toLowerCase().replace(/^@/, '')),
    defaultRole: role && isRole(role) ? role : null,
    groupRoles: anyGroup ? { claim: env.GALLEY_OIDC_ROLE_CLAIM?.trim() || 'groups', groups } : null,
  }
}

/**
 * What the provider's claim says about a person's role. The claim's values are matched exactly
 * (case and spaces count) against the configured names; the highest role wins. `role` is null when
 * none matched: the claim is missing, empty, not a list of names, or names only other groups.
 */
export type GroupMatch = { role: Role | null; matched: string[]; claim: 'present' | 'missing' }

export function roleFromGroups(settings: GroupRoles, claims: Record<string, unknown>): GroupMatch {
  const value = claims[settings.claim]
  // Some providers send a single group as a string; a list is the usual form.
  const names = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : []
  const matched = [...new Set(names.filter((n) => ROLES.some((r) => settings.groups[r].includes(n))))]
  let role: Role | null = null
  for (const r of ROLES) if (matched.some((n) => settings.groups[r].includes(n))) role = r // ROLES go up: the last match is the highest
  return { role, matched, claim: value === undefined || value === null ? 'missing' : 'present' }
}

/**
 * The role a sign-in gives when group roles are configured: the highest configured group in the
 * claim; in none of them (a missing claim included), GALLEY_OIDC_DEFAULT_ROLE, else the least role.
 */
export function roleAtSignIn(config: SsoConfig, match: GroupMatch): Role {
  return match.role ?? config.defaultRole ?? LEAST_ROLE
}

/** Settings that look meant but do nothing, said once when the server starts. */
export function ssoSettingWarnings(env: Env = process.env): string[] {
  const out: string[] = []
  const role = env.GALLEY_OIDC_DEFAULT_ROLE?.trim()
  if (role && !isRole(role.toLowerCase())) out.push(`GALLEY_OIDC_DEFAULT_ROLE=${role} is not a role (${ROLES.join(', ')}): it is ignored.`)
  if (env.GALLEY_OIDC_ROLE_CLAIM?.trim() && !ssoConfig(env).groupRoles) {
    out.push(
      `GALLEY_OIDC_ROLE_CLAIM is set but no group is named in ${ROLES.map((r) => GROUP_VARIABLES[r]).join(', ')}: single sign-on changes nobody's role. Name the groups that give each role.`,
    )
  }
  return out
}
