/** Webhooks as the API and the admin page see them (client-safe: no zod here, it needs eval). */
export const WEBHOOK_EVENTS = ['article.published', 'article.corrected', 'annotation.reviewed'] as const
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number]

export type WebhookDto = { id: string; url: string; events: string[]; createdAt: string; createdBy: { id: string; name: string }; pending: number; failed: number }
/**
 * One attempt: the receiver's status code when it answered, and for a failure its category —
 * "refused", "timed out", "HTTP 500", "blocked address", "redirect not followed", "TLS error",
 * "DNS failure" … (lib/webhooks/outcome.ts), never a raw socket error.
 */
export type WebhookAttemptDto = { at: string; statusCode: number | null; durationMs: number; error: string | null }
export type WebhookDeliveryDto = {
  id: string
  webhookId: string
  event: string
  articleId: string | null
  status: 'pending' | 'delivered' | 'failed'
  attempts: WebhookAttemptDto[]
  nextAttemptAt: string | null
  deliveredAt: string | null
  createdAt: string
}
