import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { changeOwnPassword, createUser, deactivateUser, setUserRole, verifyCredentials, getActiveUser } from './users'
import { db, disconnectDb } from './client'
import { AppError } from '@/lib/errors'
import { unique } from '@/lib/testing/api-client'

describe('users (real PostgreSQL)', () => {
  let email: string
  beforeAll(() => {
    email = `${unique('desk')}@Example.test`
  })
  afterAll(disconnectDb)

  it('creates a user with a generated password and records the audit event in the same transaction', async () => {
    const { user, password } = await createUser({ email, name: 'Night Desk', role: 'editor' })
    expect(user.email).toBe(email.toLowerCase())
    expect(password.length).toBeGreaterThanOrEqual(20)
    const events = await db().auditEvent.findMany({ where: { entityId: user.id, action: 'user.create' } })
    expect(events).toHaveLength(1)
    expect(JSON.stringify(events[0].after)).not.toContain('passwordHash')
    expect(await verifyCredentials({ email: email.toUpperCase(), password })).toMatchObject({ id: user.id, role: 'editor' })
    expect(await verifyCredentials({ email, password: password + 'x' })).toBeNull()
  })

  it('refuses a duplicate email, whatever its case, and keeps the first user', async () => {
    await expect(createUser({ email: email.toUpperCase(), name: 'Copy', role: 'admin' })).rejects.toMatchObject({ code: 'conflict' })
    const rows = await db().user.findMany({ where: { email: email.toLowerCase() } })
    expect(rows).toHaveLength(1)
    expect(rows[0].name).toBe('Night Desk')
  })

  it('changes roles and deactivates; a deactivated user cannot sign in and is no longer active', async () => {
    const { user, password } = await createUser({ email: `${unique('r')}@example.test`, name: 'R', role: 'editor', password: 'correct horse' })
    expect((await setUserRole({ email: user.email, role: 'reviewer' })).role).toBe('reviewer')
    await deactivateUser({ email: user.email })
    expect(await verifyCredentials({ email: user.email, password })).toBeNull()
    expect(await getActiveUser({ id: user.id })).toBeNull()
    const actions = (await db().auditEvent.findMany({ where: { entityId: user.id }, orderBy: { id: 'asc' } })).map((e) => e.action)
    expect(actions).toEqual(['user.create', 'user.role', 'user.deactivate'])
  })

  it('of two password changes racing with the same current password, exactly one wins', async () => {
    const { user } = await createUser({ email: `${unique('race')}@example.test`, name: 'Race', role: 'editor', password: 'the-old-password' })
    const results = await Promise.allSettled(
      ['first-new-password', 'second-new-password'].map((newPassword) => changeOwnPassword({ actor: user, currentPassword: 'the-old-password', newPassword })),
    )
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    // The loser is told why: its current password stopped being current (409), or, if it read the
    // winner's hash, that it is wrong (422). Either way nothing it sent was stored.
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(['conflict', 'validation_failed']).toContain(lost.reason.code)
    const winner = results[0].status === 'fulfilled' ? 'first-new-password' : 'second-new-password'
    const loser = winner === 'first-new-password' ? 'second-new-password' : 'first-new-password'
    expect(await verifyCredentials({ email: user.email, password: winner })).toMatchObject({ id: user.id, sessionEpoch: 1 })
    expect(await verifyCredentials({ email: user.email, password: loser })).toBeNull()
    expect(await db().auditEvent.count({ where: { action: 'user.password', entityId: user.id } })).toBe(1)
  })

  it('says which email is unknown', async () => {
    const err = await setUserRole({ email: 'nobody@example.test', role: 'admin' }).catch((e) => e)
    expect(err).toBeInstanceOf(AppError)
    expect(err.message).toContain('nobody@example.test')
  })

  it('answers an unknown email no faster than a known one with a wrong password (the same argon2 work either way)', async () => {
    const known = await createUser({ email: `${unique('timing')}@example.test`, name: 'T', role: 'editor', password: 'timing-password-1' })
    const time = async (fn: () => Promise<unknown>) => {
      const t0 = performance.now()
      await fn()
      return performance.now() - t0
    }
    await verifyCredentials({ email: known.user.email, password: 'warm-up' })
    await verifyCredentials({ email: 'warm-up@nowhere.test', password: 'warm-up' })
    // Interleaved pairs, so a busy moment on the machine slows both sides alike.
    const ratios: number[] = []
    for (let i = 0; i < 15; i++) {
      const unknown = await time(() => verifyCredentials({ email: `${unique('ghost')}@nowhere.test`, password: 'guess-password' }))
      const wrong = await time(() => verifyCredentials({ email: known.user.email, password: 'guess-password' }))
      ratios.push(unknown / wrong)
    }
    ratios.sort((a, b) => a - b)
    const median = ratios[Math.floor(ratios.length / 2)]
    // Without the dummy verification an unknown email took well under half the time (no hash at all).
    expect(median).toBeGreaterThan(0.7)
  })
})
