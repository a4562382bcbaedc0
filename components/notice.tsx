/** A message after an action: green when it worked, red with the server's words when it did not. */
export type Notice = { tone: 'ok' | 'error'; text: string }

/**
 * `focusable`: the message can take the focus (tabindex -1), for an action whose button is gone
 * or disabled afterwards (a fix approved and leaving the queue, fixes published): the caller moves
 * the focus here, so it is never lost and the next Tab goes on from the message.
 */
export function NoticeBanner({ notice, testId, className = '', children, focusable = false }: { notice: Notice | null | undefined; testId?: string; className?: string; children?: React.ReactNode; focusable?: boolean }) {
  if (!notice) return null
  const colours = notice.tone === 'error' ? 'bg-red-50 text-red-800' : 'bg-emerald-50 text-emerald-800'
  return (
    <p data-testid={testId} role={notice.tone === 'error' ? 'alert' : 'status'} tabIndex={focusable ? -1 : undefined} data-notice={focusable ? '' : undefined} className={`rounded px-3 py-2 text-sm ${colours} ${className}`}>
      {notice.text}
      {children}
    </p>
  )
}
