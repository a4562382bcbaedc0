import { describe, expect, it } from 'vitest'
import { demoSignInEnabled } from './demo'

describe('demoSignInEnabled', () => {
  it('is on with the embedded demo database, off with DATABASE_URL unless GALLEY_DEMO=1', () => {
    expect(demoSignInEnabled({ GALLEY_EMBEDDED_DB: '1' })).toBe(true)
    expect(demoSignInEnabled({ DATABASE_URL: 'postgresql://db/galley' })).toBe(false)
    expect(demoSignInEnabled({ DATABASE_URL: 'postgresql://db/galley', GALLEY_DEMO: '1' })).toBe(true)
    expect(demoSignInEnabled({ GALLEY_EMBEDDED_DB: '1', GALLEY_DEMO: '0' })).toBe(false)
    expect(demoSignInEnabled({})).toBe(false)
  })
})
