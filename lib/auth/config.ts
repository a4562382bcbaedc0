import 'server-only'
import NextAuth, { CredentialsSignin } from 'next-auth'
import Credentials from 'next-auth/providers/credentials'
import { z } from 'zod'
import { verifyCredentials } from '@/lib/db/users'
import { recordSignInFailure, signInLockoutMinutes } from '@/lib/db/sign-in'
import { isRole } from './permissions'

/** Too many failed sign-ins for this email: the sign-in page shows a clear message. */
export class SignInThrottled extends CredentialsSignin {
  code = 'throttled'
}

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
})

/**
 * Auth.js: email + password (argon2id hashes in PostgreSQL), JWT sessions that carry the user's
 * id and role. The role in the token is only a hint for the UI; every server entry point re-reads
 * the user (lib/auth/session.ts) so deactivation and role changes apply at once.
 */
export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 }, // a working day
  pages: { signIn: '/signin' },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw)
        if (!parsed.success) throw new CredentialsSignin()
        if ((await signInLockoutMinutes(parsed.data)) > 0) throw new SignInThrottled()
        const user = await verifyCredentials(parsed.data)
        if (!user) {
          await recordSignInFailure({ email: parsed.data.email })
          throw new CredentialsSignin()
        }
        return { id: user.id, email: user.email, name: user.name, role: user.role }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id
        token.role = (user as { role?: string }).role
      }
      return token
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub
      if (isRole(token.role)) session.user.role = token.role
      return session
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
