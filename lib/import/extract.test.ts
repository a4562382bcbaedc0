import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { NoArticle, extractStory } from './extract'

const STORY = fs.readFileSync(path.join(__dirname, 'fixtures', 'story.html'), 'utf8')

describe('extractStory', () => {
  it('keeps the title, byline and paragraphs, and drops navigation, share bars, comment forms and footers', () => {
    const s = extractStory(STORY, 'https://news.example/huawei')
    expect(s.title).toBe('Huawei in early talks with U.S. firms on 5G licensing')
    expect(s.byline).toMatch(/Jane Doe and Sam Reporter/)
    const paragraphs = s.body.split('\n\n')
    expect(paragraphs[0]).toMatch(/^WASHINGTON – Blacklisted Chinese telecoms/)
    expect(paragraphs).toContain('Huawei has consistently denied the allegations that its equipment could be used for spying.')
    for (const junk of ['Share on Facebook', 'Please enter your comment', 'All rights reserved', 'Business']) expect(s.body).not.toContain(junk)
  })

  it('says so when a page has no article', () => {
    expect(() => extractStory('<html><head><title>Log in</title></head><body><form><input name="u"><button>Log in</button></form></body></html>')).toThrow(NoArticle)
  })
})
