import Link from 'next/link'
import { getSessionUser } from '@/lib/auth/session'
import { SignOutButton } from '@/components/sign-out-button'
import { Suspense } from 'react'
import { ReviewCount } from '@/components/live/review-count'
import { SearchBox, EARLY_SLASH_SCRIPT } from '@/components/search/search-box'
import { headers } from 'next/headers'
import { HeaderMenu } from '@/components/header-menu'

const navLink = 'py-1 hover:text-stone-900 lg:py-0'

/** Top bar: product name, desk links, and who is signed in with which role. */
/**
 * `waiting`: open fixes the signed-in user may review (the layout starts the count; it streams in
 * behind the page, the link showing no number until then).
 * Below `lg` the links, search and account fold into a Menu (components/header-menu.tsx).
 */
export async function Header({ waiting }: { waiting: Promise<number> }) {
  const user = await getSessionUser().catch(() => null)
  // The page's CSP nonce (proxy.ts puts the policy on the request): the one inline script needs it.
  const nonce = user ? /'nonce-([^']+)'/.exec((await headers()).get('content-security-policy') ?? '')?.[1] : undefined
  return (
    <header className="border-b border-stone-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3 lg:flex-nowrap">
        <Link href="/articles" className="text-lg font-semibold tracking-tight">
          Galley
        </Link>
        {user ? (
          <HeaderMenu>
            <nav aria-label="Desk" className="flex flex-col gap-1 text-sm text-stone-600 lg:flex-row lg:gap-4">
              <Link href="/articles" className={navLink}>
                Articles
              </Link>
              <Suspense fallback={<ReviewCount initial={null} className={navLink} />}>
                <WaitingCount waiting={waiting} className={navLink} />
              </Suspense>
              <Link href="/report" className={navLink}>
                Report
              </Link>
              {user.role === 'admin' && (
                <>
                  <Link href="/admin/users" className={navLink}>
                    Users
                  </Link>
                  <Link href="/admin/webhooks" className={navLink}>
                    Webhooks
                  </Link>
                </>
              )}
              <Link href="/account" className={navLink}>
                Account
              </Link>
            </nav>
            <Suspense fallback={null}>
              <SearchBox />
            </Suspense>
            <div className="flex flex-wrap items-center gap-3 text-sm lg:ml-auto lg:flex-nowrap">
              <span data-testid="current-user" className="min-w-0 break-words lg:whitespace-nowrap">
                {user.name} <span className="text-stone-500 lg:max-xl:hidden">({user.email})</span>
              </span>
              <span data-testid="current-role" className="rounded bg-stone-100 px-2 py-0.5 text-xs font-medium uppercase tracking-wide text-stone-700">
                {user.role}
              </span>
              <SignOutButton />
            </div>
          </HeaderMenu>
        ) : (
          <div className="ml-auto flex items-center gap-3 text-sm">
            <Link href="/signin" className="hover:underline">
              Sign in
            </Link>
          </div>
        )}
        {/* "/" pressed while the page's scripts are still loading still reaches the search box. */}
        {user && <script nonce={nonce} data-testid="early-slash" dangerouslySetInnerHTML={{ __html: EARLY_SLASH_SCRIPT }} />}
      </div>
    </header>
  )
}

async function WaitingCount({ waiting, className }: { waiting: Promise<number>; className: string }) {
  return <ReviewCount initial={await waiting} className={className} />
}
