import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import { rawSentenceSegments, sentenceAt, splitSentences } from './sentences'

const texts = (text: string) => splitSentences(text).map((s) => text.slice(s.start, s.end))

describe('sentence boundaries for news prose', () => {
  it('does not end a sentence at "U.S." or "Mr." before a name', () => {
    expect(texts('Huawei talks with U.S. telecommunications firms. Mr. Pang said so.')).toEqual([
      'Huawei talks with U.S. telecommunications firms.',
      'Mr. Pang said so.',
    ])
    expect(texts('The U.S. Government objected. It was firm.')).toEqual(['The U.S. Government objected.', 'It was firm.'])
  })

  it('keeps initials and decimals inside the sentence', () => {
    expect(texts('J. R. Smith paid $5.5 million. Then he left.')).toEqual(['J. R. Smith paid $5.5 million.', 'Then he left.'])
  })

  it('ends a sentence at a dotted abbreviation when a new sentence clearly starts', () => {
    expect(texts('He moved to the U.S. The next day he left.')).toEqual(['He moved to the U.S.', 'The next day he left.'])
  })

  it('ends a sentence inside closing quotes and at paragraph breaks', () => {
    expect(texts('“They have shown interest,” he added. “It takes time.”\n\nNew paragraph')).toEqual([
      '“They have shown interest,” he added.',
      '“It takes time.”',
      'New paragraph',
    ])
  })

  it('finds the sentence under an index', () => {
    const text = 'First one. Mr. Pang spoke. Last.'
    const s = sentenceAt(text, text.indexOf('Pang'))!
    expect(text.slice(s.start, s.end)).toBe('Mr. Pang spoke.')
  })

  it('splits the demo article so that "Vincent Pain" sits in one whole sentence', () => {
    const body = fs.readFileSync(path.join(__dirname, '../../prisma/seed/demo-article.txt'), 'utf8')
    const s = sentenceAt(body, body.indexOf('Vincent Pain'))!
    expect(body.slice(s.start, s.end)).toMatch(/^Vincent Pain, senior vice head of state .* firms\.$/)
    const first = sentenceAt(body, 10)!
    expect(body.slice(first.start, first.end)).toContain('U.S. telecommunications business')
  })
})

describe('segmenting long texts a window at a time', () => {
  // The Federalist Papers (CRLF, wrapped lines, long paragraphs) and the demo article.
  const federalist = fs.readFileSync(path.join(__dirname, '..', '..', 'bench', 'fixtures', 'federalist-1998.txt'), 'utf8').slice(0, 60_000)
  const demo = fs.readFileSync(path.join(__dirname, '..', '..', 'prisma', 'seed', 'demo-article.txt'), 'utf8')

  it('finds exactly the boundaries of segmenting the whole text at once', () => {
    for (const text of [federalist, demo]) {
      const whole = rawSentenceSegments(text, Infinity)
      expect(rawSentenceSegments(text)).toEqual(whole)
      expect(rawSentenceSegments(text, 300)).toEqual(whole) // many seams
    }
  })

  it('widens a window that holds a single long sentence', () => {
    const long = `${'word '.repeat(400)}end. Next one.`
    expect(rawSentenceSegments(long, 100)).toEqual(rawSentenceSegments(long, Infinity))
  })
})
