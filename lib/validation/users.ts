import { z } from 'zod'
import { ROLES } from '@/lib/auth/permissions'

import { noNul, requiredText } from './text'
const role = z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` })
export const password = z.string().min(10, 'must be at least 10 characters').max(1024, 'is too long').refine(noNul, 'must not contain NUL bytes')

export const createUserSchema = z.object({
  email: z.string().trim().email('is not an email address').max(320),
  name: requiredText(200),
  role,
  password: password.optional(),
})

export const updateUserSchema = z
  .object({ role: role.optional(), active: z.boolean({ message: 'must be true or false' }).optional() })
  .refine((v) => v.role !== undefined || v.active !== undefined, { message: 'give role or active' })

export const changePasswordSchema = z.object({ currentPassword: z.string().min(1, 'is required'), newPassword: password })
