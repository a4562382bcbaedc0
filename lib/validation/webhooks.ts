import { z } from 'zod'
import { WEBHOOK_EVENTS } from '@/lib/types/webhooks'
import { httpUrl } from './articles'
import { isStandardSecret, SECRET_PREFIX } from '@/lib/webhooks/signature'

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
    /**
     * Optional: a key of your own; otherwise one is generated and shown once. Either a Standard
     * Webhooks secret (`whsec_` + base64 of 24–64 bytes, what the reference libraries decode) or
     * 16–200 printable ASCII characters (their `format: "raw"`: the characters are the key).
     */
    secret: z
      .string()
      .min(16, 'must be at least 16 characters')
      .max(200, 'is too long')
      .refine((s) => (s.startsWith(SECRET_PREFIX) ? isStandardSecret(s) : /^[\x21-\x7e]+$/.test(s)), {
        message: `must be ${SECRET_PREFIX} followed by the base64 of 24 to 64 bytes, or 16 to 200 printable ASCII characters without spaces`,
      })
      .optional(),
  })
  .strict()
