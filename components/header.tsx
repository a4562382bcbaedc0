import Link from 'next/link'
import { getSessionUser } from '@/lib/auth/session'
import { signOutAction } from '@/app/(auth)/actions'
import { Suspense } from 'react'
import { ReviewCount } from '@/components/live/review-count'
import { SearchBox, EARLY_SLASH_SCRIPT } from '@/components/search/search-box'
import { headers } from 'next/headers'

/** Top bar: product name, desk links, and who is signed in with which role. */
/** `waiting`: open fixes the signed-in user may review (the layout reads it). */
export async function Header({ waiting = 0 }: { waiting?: number }) {
  const user = await getSessionUser().catch(() => null)
  // The page's CSP nonce (proxy.ts puts the policy on the request): the one inline script needs it.
  const nonce = user ? /'nonce-([^']+)'/.exec((await headers()).get('content-security-policy') ?? '')?.[1] : undefined
  return (
    <header className="border-b border-stone-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center gap-6 px-4 py-3">
        <Link href="/articles" className="text-lg font-semibold tracking-tight">
          Galley
        </Link>
        {user && (
          <nav className="flex gap-4 text-sm text-stone-600">
            <Link href="/articles" className="hover:text-stone-900">
              Articles
            </Link>
            <ReviewCount initial={waiting} />
            <Link href="/report" className="hover:text-stone-900">
              Report
            </Link>
            {user.role === 'admin' && (
              <>
                <Link href="/admin/users" className="hover:text-stone-900">
                  Users
                </Link>
                <Link href="/admin/webhooks" className="hover:text-stone-900">
                  Webhooks
                </Link>
              </>
            )}
            <Link href="/account" className="hover:text-stone-900">
              Account
            </Link>
          </nav>
        )}
        {user && (
          <Suspense fallback={null}>
            <SearchBox />
          </Suspense>
        )}
        {/* "/" pressed while the page's scripts are still loading still reaches the search box. */}
        {user && <script nonce={nonce} data-testid="early-slash" dangerouslySetInnerHTML={{ __html: EARLY_SLASH_SCRIPT }} />}
        <div className="ml-auto flex items-center gap-3 text-sm">
          {user ? (
            <>
              <span data-testid="current-user">
                {user.name} <span className="text-stone-500">({user.email})</span>
              </span>
              <span data-testid="current-role" className="rounded bg-stone-100 px-2 py-0.5 text-xs font-medium uppercase tracking-wide text-stone-700">
                {user.role}
              </span>
              <form action={signOutAction}>
                <button type="submit" className="rounded border border-stone-300 px-2 py-1 hover:bg-stone-100">
                  Sign out
                </button>
              </form>
            </>
          ) : (
            <Link href="/signin" className="hover:underline">
              Sign in
            </Link>
          )}
        </div>
      </div>
    </header>
  )
}
