import { describe, expect, it } from 'vitest'
import { roleAtSignIn, roleFromGroups, ssoConfig, ssoSettingWarnings } from './sso'

const env = { GALLEY_OIDC_ADMIN_GROUPS: 'Desk Admins, it-galley-owners', GALLEY_OIDC_REVIEWER_GROUPS: 'standards', GALLEY_OIDC_EDITOR_GROUPS: 'newsroom' }

describe('ssoConfig', () => {
  it('reads the groups of each role, comma-separated, from the claim GALLEY_OIDC_ROLE_CLAIM (default groups)', () => {
    const config = ssoConfig(env)
    expect(config.groupRoles).toEqual({ claim: 'groups', groups: { admin: ['Desk Admins', 'it-galley-owners'], reviewer: ['standards'], editor: ['newsroom'] } })
    expect(ssoConfig({ ...env, GALLEY_OIDC_ROLE_CLAIM: 'roles' }).groupRoles?.claim).toBe('roles')
  })

  it('without a configured group, sign-in sets no role, whatever the role claim', () => {
    expect(ssoConfig({}).groupRoles).toBeNull()
    expect(ssoConfig({ GALLEY_OIDC_ROLE_CLAIM: 'groups' }).groupRoles).toBeNull()
    expect(ssoConfig({ GALLEY_OIDC_ADMIN_GROUPS: ' , ' }).groupRoles).toBeNull()
  })

  it('reads the default role in any case, and ignores a value that is no role', () => {
    expect(ssoConfig({ GALLEY_OIDC_DEFAULT_ROLE: 'Reviewer' }).defaultRole).toBe('reviewer')
    expect(ssoConfig({ GALLEY_OIDC_DEFAULT_ROLE: 'viewer' }).defaultRole).toBeNull()
  })
})

describe('roleFromGroups', () => {
  const settings = ssoConfig(env).groupRoles!
  it('gives the highest role among the configured groups the claim names', () => {
    expect(roleFromGroups(settings, { groups: ['newsroom', 'standards', 'staff'] })).toEqual({ role: 'reviewer', matched: ['newsroom', 'standards'], claim: 'present' })
    expect(roleFromGroups(settings, { groups: ['newsroom', 'Desk Admins'] }).role).toBe('admin')
    expect(roleFromGroups(settings, { groups: 'it-galley-owners' }).role).toBe('admin')
  })

  it('gives nothing for names that are only like the roles or the configured groups', () => {
    for (const groups of [['admin', 'reviewer', 'editor'], ['galley-admin', 'galley:reviewer'], ['desk admins', 'Desk Admins ', 'DESK ADMINS']]) {
      expect(roleFromGroups(settings, { groups }), JSON.stringify(groups)).toEqual({ role: null, matched: [], claim: 'present' })
    }
  })

  it('tells an empty claim from a missing one, and ignores values that are not names', () => {
    expect(roleFromGroups(settings, { groups: [] })).toEqual({ role: null, matched: [], claim: 'present' })
    expect(roleFromGroups(settings, {})).toEqual({ role: null, matched: [], claim: 'missing' })
    expect(roleFromGroups(settings, { groups: null })).toEqual({ role: null, matched: [], claim: 'missing' })
    expect(roleFromGroups(settings, { groups: [{ name: 'Desk Admins' }, 7] }).role).toBeNull()
  })
})

describe('roleAtSignIn', () => {
  it('falls back to the default role, else the least role, when the person is in no configured group', () => {
    const none = { role: null, matched: [], claim: 'missing' as const }
    expect(roleAtSignIn(ssoConfig({ ...env, GALLEY_OIDC_DEFAULT_ROLE: 'reviewer' }), none)).toBe('reviewer')
    expect(roleAtSignIn(ssoConfig(env), none)).toBe('editor')
    expect(roleAtSignIn(ssoConfig(env), { role: 'admin', matched: ['Desk Admins'], claim: 'present' })).toBe('admin')
  })
})

describe('ssoSettingWarnings', () => {
  it('says when a role claim is set but no group is named, and when the default role is no role', () => {
    expect(ssoSettingWarnings({ GALLEY_OIDC_ROLE_CLAIM: 'groups' })[0]).toMatch(/changes nobody's role/)
    expect(ssoSettingWarnings({ GALLEY_OIDC_DEFAULT_ROLE: 'viewer' })[0]).toMatch(/not a role/)
    expect(ssoSettingWarnings({ ...env, GALLEY_OIDC_ROLE_CLAIM: 'groups', GALLEY_OIDC_DEFAULT_ROLE: 'editor' })).toEqual([])
  })
})
