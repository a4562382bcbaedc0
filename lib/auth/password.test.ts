import { describe, expect, it } from 'vitest'
import { generatePassword, hashPassword, verifyPassword } from './password'

describe('password hashing', () => {
  it('stores argon2id hashes that verify only the right password', async () => {
    const hash = await hashPassword('galley-demo')
    expect(hash).toMatch(/^\$argon2id\$/)
    expect(hash).not.toContain('galley-demo')
    expect(await verifyPassword(hash, 'galley-demo')).toBe(true)
    expect(await verifyPassword(hash, 'galley-demO')).toBe(false)
  })

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'))
  })

  it('treats a corrupt stored hash as a mismatch instead of throwing', async () => {
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false)
  })

  it('generates distinct, long passwords', () => {
    const a = generatePassword()
    expect(a.length).toBeGreaterThanOrEqual(20)
    expect(a).not.toBe(generatePassword())
  })
})
