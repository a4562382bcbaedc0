/**
 * A page too big to read in its budget is refused with a clear 413 (the e2e and integration tests
 * read a real 4.9 MB page, which a fast machine may read in time; here the budget is certain to pass).
 */
import { describe, expect, it } from 'vitest'
import { AppError } from '@/lib/errors'
import { readStory } from './read-story'

const paragraph = '<div class="story-block"><p>The council said the new bridge would open next spring, after years of delays and a budget that doubled.</p></div>\n'
const html = `<html><head><title>Very long page</title></head><body><article>${paragraph.repeat(20_000)}</article></body></html>`

describe('readStory', () => {
  it('answers 413 saying why, and imports nothing, when the page takes longer than its budget to read', async () => {
    const err = await readStory(html, null, { id: 'someone' }, 50).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect(err).toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/^This page \(2\.\d million characters of HTML\) takes longer than 50 ms to read; nothing was imported\./) })
  })

  it('reads the same kind of page within the budget when it is small', async () => {
    const story = await readStory(html.replace(paragraph.repeat(20_000), paragraph.repeat(5)), 'https://news.example/bridge', { id: 'someone' })
    expect(story.title).toBe('Very long page')
  })
})
