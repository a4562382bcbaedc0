// /api/auth/* — Auth.js: sign-in, sign-out, session, CSRF token.
import { handlers } from '@/lib/auth/config'

export const runtime = 'nodejs'
export const { GET, POST } = handlers
