import { describe, expect, it } from 'vitest'
import { AppError, ERROR_STATUS, errorBody } from './errors'

describe('AppError', () => {
  it('maps each code to one HTTP status', () => {
    expect(new AppError('not_found', 'x').status).toBe(404)
    expect(new AppError('validation_failed', 'x').status).toBe(422)
    expect(new AppError('payload_too_large', 'x').status).toBe(413)
    expect(new Set(Object.values(ERROR_STATUS)).size).toBe(Object.keys(ERROR_STATUS).length)
  })

  it('serialises to the error contract', () => {
    expect(errorBody(new AppError('conflict', 'Stale version.'))).toEqual({ error: { code: 'conflict', message: 'Stale version.' } })
  })
})
