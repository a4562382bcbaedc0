import { describe, expect, it } from 'vitest'
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES, can, isRole } from './permissions'

describe('role → permission table', () => {
  it('lets editors annotate and publish approved fixes but not review or manage users', () => {
    expect(can('editor', 'annotations.write')).toBe(true)
    expect(can('editor', 'fixes.review')).toBe(false)
    expect(can('editor', 'articles.publish')).toBe(true)
    expect(can('editor', 'users.manage')).toBe(false)
  })

  it('gives reviewers everything an editor has plus review and publish', () => {
    for (const p of ROLE_PERMISSIONS.editor) expect(can('reviewer', p)).toBe(true)
    expect(can('reviewer', 'fixes.review')).toBe(true)
    expect(can('reviewer', 'articles.publish')).toBe(true)
    expect(can('reviewer', 'users.manage')).toBe(false)
  })

  it('gives admins every permission', () => {
    for (const p of PERMISSIONS) expect(can('admin', p)).toBe(true)
  })

  it('recognises only the three roles', () => {
    expect(ROLES).toEqual(['editor', 'reviewer', 'admin'])
    expect(isRole('reviewer')).toBe(true)
    expect(isRole('superuser')).toBe(false)
    expect(isRole(undefined)).toBe(false)
  })
})
