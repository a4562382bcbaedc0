'use client'

import { useState } from 'react'
import { WEBHOOK_EVENTS, type WebhookDeliveryDto, type WebhookDto } from '@/lib/types/webhooks'
import { NoticeBanner, type Notice } from '@/components/notice'
import { When } from '@/components/when'
import { callApi } from '@/components/call-api'
import { useConfirm } from '@/components/confirm-dialog'
import { TableScroll } from '@/components/table-scroll'

/** Register webhooks, see every delivery with its attempts, redeliver. The secret is shown once. */
export function WebhookAdmin({ initial }: { initial: WebhookDto[] }) {
  const [hooks, setHooks] = useState(initial)
  const [confirm, dialog] = useConfirm()
  const [message, setMessage] = useState<Notice | null>(null)
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null)
  const [open, setOpen] = useState<string | null>(null)
  const [deliveries, setDeliveries] = useState<WebhookDeliveryDto[]>([])
  const run = async (f: () => Promise<void>) => {
    try {
      await f()
    } catch (err) {
      setMessage({ tone: 'error', text: (err as Error).message })
    }
  }
  const show = (id: string) =>
    run(async () => {
      setOpen(id)
      setDeliveries((await callApi<{ deliveries: WebhookDeliveryDto[] }>('GET', `/api/webhooks/${id}/deliveries`)).deliveries)
    })
  return (
    <div className="space-y-4">
      <NoticeBanner notice={message} testId="webhook-message" />
      {dialog}
      {secret && (
        <p role="status" data-testid="webhook-secret" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Signing secret for {secret.url} (shown only now; the receiver checks the <code>webhook-signature</code> header with it, as Standard Webhooks libraries do): <code className="break-all font-mono">{secret.secret}</code>
        </p>
      )}
      <form
        className="flex flex-wrap items-end gap-3 rounded-lg border border-stone-200 bg-white p-3 text-sm"
        onSubmit={(e) => {
          e.preventDefault()
          const f = new FormData(e.currentTarget)
          const form = e.currentTarget
          void run(async () => {
            const made = await callApi<WebhookDto & { secret: string }>('POST', '/api/webhooks', { url: f.get('url'), events: f.getAll('events'), ...(f.get('secret') ? { secret: f.get('secret') } : {}) })
            setHooks((list) => [...list, made])
            setSecret({ url: made.url, secret: made.secret })
            setMessage({ tone: 'ok', text: `Webhook added: ${made.url}` })
            form.reset()
          })
        }}
      >
        <label className="flex min-w-64 flex-1 flex-col gap-1">
          URL
          <input name="url" type="url" required placeholder="https://cms.example/hooks/galley" className="rounded border border-stone-300 px-2 py-1" />
        </label>
        <fieldset className="flex flex-wrap gap-x-3 gap-y-1">
          <legend className="mb-1">Events</legend>
          {WEBHOOK_EVENTS.map((ev) => (
            <label key={ev} className="inline-flex items-center gap-1">
              <input type="checkbox" name="events" value={ev} defaultChecked={ev !== 'annotation.reviewed'} /> {ev}
            </label>
          ))}
        </fieldset>
        <label className="flex flex-col gap-1">
          Secret (optional)
          <input name="secret" minLength={16} placeholder="generated if empty" className="rounded border border-stone-300 px-2 py-1" />
        </label>
        <button type="submit" className="rounded bg-stone-900 px-3 py-1.5 font-medium text-white hover:bg-stone-700">
          Add webhook
        </button>
      </form>
      {hooks.length === 0 ? (
        <p className="text-stone-600">No webhooks yet.</p>
      ) : (
        <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white text-sm" data-testid="webhook-list">
          {hooks.map((h) => (
            <li key={h.id} className="px-3 py-2" data-testid="webhook" data-id={h.id}>
              <div className="flex flex-wrap items-center gap-3">
                <span className="break-all font-mono">{h.url}</span>
                <span className="text-stone-500">{h.events.join(', ')}</span>
                {h.pending > 0 && <span className="text-amber-800">{h.pending} pending</span>}
                {h.failed > 0 && <span className="text-red-700">{h.failed} failed</span>}
                <button type="button" onClick={() => (open === h.id ? setOpen(null) : show(h.id))} className="ml-auto rounded border border-stone-300 px-2 py-0.5 hover:bg-stone-100">
                  {open === h.id ? 'Hide deliveries' : 'Deliveries'}
                </button>
                <button
                  type="button"
                  onClick={async () => {
                    if (!(await confirm({ message: `Stop sending to ${h.url}?`, confirm: 'Delete webhook', danger: true }))) return
                    void run(async () => {
                      await callApi('DELETE', `/api/webhooks/${h.id}`)
                      setHooks((list) => list.filter((x) => x.id !== h.id))
                    })
                  }}
                  className="rounded border border-red-300 px-2 py-0.5 text-red-700 hover:bg-red-50"
                >
                  Delete
                </button>
              </div>
              {open === h.id && (
                // On a phone the table scrolls inside its box rather than widening the page.
                <TableScroll label={`Deliveries to ${h.url}`} className="mt-2">
                  <table className="w-full text-xs" data-testid="deliveries">
                    <thead className="text-left text-stone-500">
                      <tr>
                        <th className="py-1">Event</th>
                        <th>Delivery</th>
                        <th>Status</th>
                        <th>Attempts (status, time)</th>
                        <th>
                          <span className="sr-only">Redeliver</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {deliveries.map((d) => (
                        <tr key={d.id} className="border-t border-stone-100 align-top" data-testid="delivery">
                          <td className="py-1">{d.event}</td>
                          <td className="font-mono">{d.id.slice(0, 8)}</td>
                          <td>{d.status}{d.nextAttemptAt ? <>, next <When at={d.nextAttemptAt} time /></> : ''}</td>
                          <td>
                            {d.attempts.map((a, i) => (
                              <div key={i}>
                                {/* A failure is its category ("refused", "timed out", "HTTP 500"), never the socket's words. */}
                                <When at={a.at} time />: {a.error ?? a.statusCode ?? '—'} in {a.durationMs} ms
                              </div>
                            ))}
                          </td>
                          <td>
                            <button type="button" onClick={() => run(async () => { await callApi('POST', `/api/webhook-deliveries/${d.id}/redeliver`); await show(h.id) })} className="rounded border border-stone-300 px-2 py-0.5 hover:bg-stone-100">
                              Redeliver
                            </button>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
