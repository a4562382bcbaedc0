/** A message after an action: green when it worked, red with the server's words when it did not. */
export type Notice = { tone: 'ok' | 'error'; text: string }

export function NoticeBanner({ notice, testId, className = '', children }: { notice: Notice | null | undefined; testId?: string; className?: string; children?: React.ReactNode }) {
  if (!notice) return null
  const colours = notice.tone === 'error' ? 'bg-red-50 text-red-800' : 'bg-emerald-50 text-emerald-800'
  return (
    <p data-testid={testId} role={notice.tone === 'error' ? 'alert' : 'status'} className={`rounded px-3 py-2 text-sm ${colours} ${className}`}>
      {notice.text}
      {children}
    </p>
  )
}
