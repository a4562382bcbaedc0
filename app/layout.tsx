import type { Metadata } from 'next'
import { GeistSans } from 'geist/font/sans'
import { Header } from '@/components/header'
import { getSessionUser } from '@/lib/auth/session'
import { countReviewQueue } from '@/lib/db/reviews'
import './globals.css'

export const metadata: Metadata = {
  title: { default: 'Galley', template: '%s · Galley' },
  description: 'Fact-check and corrections desk',
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The header's review count: open fixes this user may decide on (it then follows live events).
  // Not awaited here: the header streams it in, so it never delays the page's first byte.
  const user = await getSessionUser().catch(() => null)
  const waiting = user ? countReviewQueue({ actor: user }).catch(() => 0) : Promise.resolve(0)
  return (
    <html lang="en" className={GeistSans.variable}>
      <body className="min-h-screen font-sans">
        <Header waiting={waiting} />
        <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
      </body>
    </html>
  )
}
