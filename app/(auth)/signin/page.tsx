import type { Metadata } from 'next'
import { safeCallbackPath } from '@/lib/auth/callback'
import { SignInForm } from './sign-in-form'

export const metadata: Metadata = { title: 'Sign in' }

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams
  return (
    <div className="mx-auto mt-12 max-w-sm rounded-lg border border-stone-200 bg-white p-6 shadow-sm">
      <h1 className="mb-1 text-xl font-semibold">Sign in to Galley</h1>
      <p className="mb-6 text-sm text-stone-600">The fact-check and corrections desk.</p>
      <SignInForm callbackUrl={safeCallbackPath(callbackUrl)} />
    </div>
  )
}
