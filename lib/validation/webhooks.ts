import { z } from 'zod'
import { WEBHOOK_EVENTS } from '@/lib/types/webhooks'
import { httpUrl } from './articles'

export { WEBHOOK_EVENTS, type WebhookEvent } from '@/lib/types/webhooks'

// The articles' http(s) URL rule (normalised by the WHATWG parser), and no credentials in it:
// a webhook URL is shown to every admin and sent in the clear to logs.
const webhookUrl = httpUrl.refine((v) => {
  const u = new URL(v)
  return !u.username && !u.password
}, 'must not have a user name or password in it')

export const createWebhookSchema = z
  .object({
    url: webhookUrl,
    events: z.array(z.enum(WEBHOOK_EVENTS, { message: `must be one of ${WEBHOOK_EVENTS.join(', ')}` })).min(1, 'must name at least one event').max(WEBHOOK_EVENTS.length),
    /** Optional: a key of your own (16+ characters); otherwise one is generated and shown once. */
    secret: z.string().min(16, 'must be at least 16 characters').max(200, 'is too long').optional(),
  })
  .strict()
