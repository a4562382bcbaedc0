/**
 * Who may do what, as a table rather than `if` chains. Every server entry point asks
 * `can(role, permission)` (through requirePermission); the UI only mirrors it.
 */
export const ROLES = ['editor', 'reviewer', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const PERMISSIONS = [
  'articles.read',
  'articles.write',
  'annotations.write',
  'comments.write',
  'fixes.review',
  'articles.publish',
  'users.manage',
  'tokens.manage',
  'articles.delete', // soft delete and restore (admin)
  'fixes.dismiss_approved', // dismiss someone else's approved or published fix that lost its place (admin)
] as const
export type Permission = (typeof PERMISSIONS)[number]

const EDITOR: readonly Permission[] = [
  'articles.read',
  'articles.write',
  'annotations.write',
  'comments.write',
  'articles.publish', // publishing applies only fixes a reviewer approved
  'tokens.manage',
]

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  editor: EDITOR,
  reviewer: [...EDITOR, 'fixes.review'],
  admin: PERMISSIONS,
}

/** Whether a role holds a permission. */
export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission)
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}
