import { z } from 'zod'
import { WEBHOOK_EVENTS } from '@/lib/types/webhooks'

export { WEBHOOK_EVENTS, type WebhookEvent } from '@/lib/types/webhooks'

const httpUrl = z
  .string()
  .trim()
  .max(2000, 'is too long')
  .refine((v) => {
    try {
      const u = new URL(v)
      return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password
    } catch {
      return false
    }
  }, 'must be an http(s) URL without a user name or password in it')

export const createWebhookSchema = z
  .object({
    url: httpUrl,
    events: z.array(z.enum(WEBHOOK_EVENTS, { message: `must be one of ${WEBHOOK_EVENTS.join(', ')}` })).min(1, 'must name at least one event').max(WEBHOOK_EVENTS.length),
    /** Optional: a key of your own (16+ characters); otherwise one is generated and shown once. */
    secret: z.string().min(16, 'must be at least 16 characters').max(200, 'is too long').optional(),
  })
  .strict()
