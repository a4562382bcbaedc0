import { describe, expect, it } from 'vitest'
import { runChecks } from './run-checks'
import { federalist, fixture } from './testing'

/**
 * Precision matters more than recall: on clean, professionally edited text the built-in checks
 * (harper.js included) raise at most one suggestion per 1,000 words.
 */
describe('built-in checks on clean text', () => {
  it.each([
    ['the Federalist Papers (2009 edition, 195k words)', federalist],
    ['a clean wire story', () => fixture('council-wire.txt')],
  ])('%s: at most one suggestion per 1,000 words', async (name, read) => {
    const text = read()
    const words = text.split(/\s+/).filter(Boolean).length
    const { findings } = await runChecks(text, [])
    const perThousand = (findings.length / words) * 1000
    console.log(`[precision] ${name}: ${findings.length} suggestions in ${words} words = ${perThousand.toFixed(2)} per 1,000`)
    expect(perThousand).toBeLessThanOrEqual(1)
  }, 120_000)
})
