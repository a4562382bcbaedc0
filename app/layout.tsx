import type { Metadata } from 'next'
import { GeistSans } from 'geist/font/sans'
import { Header } from '@/components/header'
import './globals.css'

export const metadata: Metadata = {
  title: { default: 'Galley', template: '%s · Galley' },
  description: 'Fact-check and corrections desk',
}

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className={GeistSans.variable}>
      <body className="min-h-screen font-sans">
        <Header />
        <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
      </body>
    </html>
  )
}
