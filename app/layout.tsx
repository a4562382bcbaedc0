import type { Metadata } from 'next'
import { GeistSans } from 'geist/font/sans'
import { Header } from '@/components/header'
import { getSessionUser } from '@/lib/auth/session'
import { listReviewQueue } from '@/lib/db/reviews'
import './globals.css'

export const metadata: Metadata = {
  title: { default: 'Galley', template: '%s · Galley' },
  description: 'Fact-check and corrections desk',
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The header's review count: open fixes this user may decide on (it then follows live events).
  const user = await getSessionUser().catch(() => null)
  const waiting = user ? await listReviewQueue({ actor: user, limit: 1 }).then((p) => p.total, () => 0) : 0
  return (
    <html lang="en" className={GeistSans.variable}>
      <body className="min-h-screen font-sans">
        <Header waiting={waiting} />
        <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
      </body>
    </html>
  )
}
