import { hash, verify } from '@node-rs/argon2'

// `Algorithm` is a const enum, which isolatedModules cannot read: 2 is Algorithm.Argon2id.
const ARGON2ID = 2

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

/** Hash a password with argon2id; the PHC string carries its own parameters and salt. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS)
}

/** Check a password against a stored hash; a malformed hash counts as a mismatch. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

/** A random password for new users, ~120 bits, easy to copy. */
export function generatePassword(): string {
  const bytes = new Uint8Array(15)
  crypto.getRandomValues(bytes)
  return Buffer.from(bytes).toString('base64url')
}
