import { describe, expect, it } from 'vitest'
import { AppError } from '@/lib/errors'
import { illFormedPath, parseJsonText } from './json'

describe('parseJsonText', () => {
  it('names the first string or key holding a lone surrogate (422), and passes pairs and escaped backslashes', () => {
    expect(() => parseJsonText('{"a": [1, {"b": "x\\ud800"}]}')).toThrow(AppError)
    try {
      parseJsonText('{"a": [1, {"b": "x\\ud800"}]}')
    } catch (err) {
      expect((err as AppError).details).toEqual({ fields: [{ path: 'a.1.b', message: expect.stringContaining('lone surrogate') }] })
    }
    expect(illFormedPath(JSON.parse('{"ok": 1, "\\udfff": 2}'))).toEqual(['\ufffd'])
    expect(parseJsonText('{"rocket": "\\ud83d\\ude80", "text": "\\\\ud800 is how it is written"}')).toEqual({ rocket: '🚀', text: '\\ud800 is how it is written' })
    expect(() => parseJsonText('{"a": ')).toThrow(/not valid JSON/)
  })

  it('walks a value nested 100,000 deep by its size, without a stack overflow', () => {
    const deep = '['.repeat(100_000) + '"\\ud800"' + ']'.repeat(100_000)
    let err: unknown
    try {
      parseJsonText(deep)
    } catch (e) {
      err = e
    }
    // Either JSON.parse refuses the depth (400) or the walk finds the surrogate at the bottom (422): never a crash.
    expect(err).toBeInstanceOf(AppError)
    expect([400, 422]).toContain((err as AppError).status)
    expect(illFormedPath(Array.from({ length: 3 }, () => JSON.parse('['.repeat(5_000) + '1' + ']'.repeat(5_000))))).toBeNull()
  })
})
