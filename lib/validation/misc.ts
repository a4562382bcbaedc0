import { z } from 'zod'
import { requiredText } from './text'

export const createTokenSchema = z.object({ name: requiredText(100) })

export const createCommentSchema = z.object({ body: requiredText(10_000), parentId: z.string().nullable().optional() })
