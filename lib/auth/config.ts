import 'server-only'
import { cookies } from 'next/headers'
import NextAuth, { CredentialsSignin } from 'next-auth'
import Credentials from 'next-auth/providers/credentials'
import { z } from 'zod'
import { emailIsRegistered, verifyCredentials } from '@/lib/db/users'
import { DEVICE_COOKIE, beginSignIn, signInAborted, signInFailed, signInSucceeded, sourceAddress } from '@/lib/db/sign-in'
import { createSession, revokeSession, SESSION_HOURS } from '@/lib/db/sessions'
import { safeCallbackPath } from './callback'
import { isRole } from './permissions'
import { OIDC_PROVIDER_ID, oidcSettings, passwordSignInEnabled, ssoConfig } from './sso'
import { resolveOidcUser } from '@/lib/db/sso'
import { demoPasswordRefused } from './demo-access'

/** Password sign-in is turned off here (GALLEY_PASSWORD_SIGNIN=off): only single sign-on. */
export class PasswordSignInOff extends CredentialsSignin {
  code = 'password_off'
}

const oidc = oidcSettings()

/**
 * A demo account's published password from another machine while the demo is for this machine
 * only (lib/auth/demo.ts): refused before anything is checked or counted, whether or not the
 * account still has that password.
 */
export class DemoPasswordLocalOnly extends CredentialsSignin {
  code = 'demo_local'
}

/**
 * A password for an account linked to the identity provider while roles come from its groups: the
 * provider decides this person's role at every sign-in, so a password must not keep a role the
 * provider has taken away.
 */
export class PasswordForSsoAccount extends CredentialsSignin {
  code = 'sso_account'
}

/** Too many failed sign-ins for this account (from here): the sign-in page shows a clear message. */
export class SignInThrottled extends CredentialsSignin {
  code = 'throttled'
}

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
})

/**
 * Auth.js: email + password (argon2id hashes in PostgreSQL), JWT session cookies that carry the
 * user's id, role and a session id. The role in the token is only a hint for the UI; every server
 * entry point re-reads the user and checks the session is still live (lib/auth/session.ts), so
 * sign-out, a password change, deactivation and role changes apply at once.
 */
export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: 'jwt', maxAge: SESSION_HOURS * 60 * 60 }, // a working day
  // Sign-in problems (a refused SSO account, a provider error) come back to the sign-in page.
  pages: { signIn: '/signin', error: '/signin' },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw, request) {
        if (!passwordSignInEnabled()) throw new PasswordSignInOff()
        const parsed = credentialsSchema.safeParse(raw)
        if (!parsed.success) throw new CredentialsSignin()
        if (demoPasswordRefused({ ...parsed.data, requestHeaders: request.headers })) throw new DemoPasswordLocalOnly()
        const who = { email: parsed.data.email, source: sourceAddress(request.headers), device: (await cookies()).get(DEVICE_COOKIE)?.value }
        // Counted before the password is checked, atomically: parallel guesses cannot overtake it.
        const attempt = await beginSignIn(who)
        if (!attempt.allowed) throw new SignInThrottled()
        let user: Awaited<ReturnType<typeof verifyCredentials>>
        try {
          user = await verifyCredentials(parsed.data)
        } catch (err) {
          await signInAborted(who) // not a failure of the person: give the place back
          throw err
        }
        if (!user) {
          await signInFailed(who, { accountExists: await emailIsRegistered(who.email) })
          throw new CredentialsSignin()
        }
        if (user.ssoLinked && oidc && ssoConfig().groupRoles) {
          await signInAborted(who) // the right password: not a failed guess
          throw new PasswordForSsoAccount()
        }
        await signInSucceeded(who)
        return { id: user.id, email: user.email, name: user.name, role: user.role, epoch: user.sessionEpoch }
      },
    }),
    ...(oidc
      ? [
          {
            id: OIDC_PROVIDER_ID,
            name: oidc.name,
            type: 'oidc' as const,
            issuer: oidc.issuer,
            clientId: oidc.clientId,
            clientSecret: oidc.clientSecret,
            checks: ['pkce' as const, 'state' as const, 'nonce' as const],
            authorization: { params: { scope: 'openid email profile' } },
            // The provider's person → a Galley user (lib/db/sso): by issuer + subject, then by
            // verified email; a refusal is carried to the signIn callback, which says why.
            async profile(p: Record<string, unknown>) {
              const outcome = await resolveOidcUser({
                issuer: oidc.issuer,
                subject: String(p.sub),
                email: typeof p.email === 'string' ? p.email : null,
                emailVerified: p.email_verified === true,
                name: typeof p.name === 'string' ? p.name : typeof p.preferred_username === 'string' ? p.preferred_username : null,
                claims: p,
              })
              if (!outcome.ok) return { id: `refused-${String(p.sub)}`, refusal: outcome.reason }
              const u = outcome.user
              return { id: u.id, email: u.email, name: u.name, role: u.role, epoch: u.sessionEpoch }
            },
          },
        ]
      : []),
  ],
  callbacks: {
    signIn({ user }) {
      const refusal = (user as { refusal?: string }).refusal
      return refusal ? `/signin?error=${encodeURIComponent(refusal)}` : true
    },
    async jwt({ token, user, account }) {
      if (user) {
        // Without a database adapter Auth.js gives an OAuth user a random id and keeps the
        // profile's (our user's) id as the account's providerAccountId.
        const userId = account?.provider === OIDC_PROVIDER_ID ? account.providerAccountId : user.id!
        token.sub = userId
        token.role = (user as { role?: string }).role
        // Each sign-in is a session row: sign-out and a password change revoke it.
        token.sid = (await createSession({ userId, epoch: Number((user as { epoch?: number }).epoch ?? 0) })).id
      }
      return token
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub
      if (isRole(token.role)) session.user.role = token.role
      return session
    },
    // Only paths on this site after sign-in or sign-out, however the callback URL is spelled.
    redirect({ url, baseUrl }) {
      const value = url.startsWith(baseUrl) ? url.slice(baseUrl.length) || '/' : url
      return `${baseUrl}${safeCallbackPath(value, baseUrl)}`
    },
  },
  events: {
    async signOut(message) {
      const sid = 'token' in message ? message.token?.sid : undefined
      if (typeof sid === 'string') await revokeSession({ id: sid })
    },
  },
  logger: {
    error(error) {
      // A wrong password is not a server error; production builds rename classes, so use instanceof.
      if (error instanceof CredentialsSignin) return
      if ((error as { cause?: { err?: unknown } }).cause?.err instanceof CredentialsSignin) return
      console.error('[auth]', error)
    },
  },
})
