import { describe, expect, it } from 'vitest'
import { XMLParser } from 'fast-xml-parser'
import { correctionsAtom, entryAnchor, formatCursor, parseCursor, type PublicEntry } from './public-corrections'

const entry = (revision: number, backfilled = false): PublicEntry => ({
  articleId: '6f1c9a52-6f4c-4f39-9a43-1f1e2b3c4d5e',
  revision,
  backfilled,
  title: 'Huawei <b>talks</b>',
  sourceUrl: 'javascript:alert(1)',
  correctedAt: '2026-12-02T10:00:00.000Z',
  note: ['An earlier version of this article misspelled the name of Vincent Pang.'],
})

describe('the public corrections feed and cursor', () => {
  it('writes and reads a cursor, and reads nothing else', () => {
    const c = { publishedAt: new Date('2026-12-02T10:00:00.123Z'), id: 42n }
    expect(formatCursor(c)).toBe('1796205600123-42')
    expect(parseCursor(formatCursor(c))).toEqual(c)
    for (const bad of ['', '1', '1-', '-1', '1-2-3', "1-2' OR 1=1", '1796205600123-99999999999999999999', '1 -2', '１-2']) expect(parseCursor(bad), bad).toBeNull()
  })

  it('gives each publication its own anchor; an entry from the upgrade keeps the article’s old one', () => {
    expect(entryAnchor(entry(3))).toBe('correction-6f1c9a52-6f4c-4f39-9a43-1f1e2b3c4d5e-r3')
    expect(entryAnchor(entry(2, true))).toBe('correction-6f1c9a52-6f4c-4f39-9a43-1f1e2b3c4d5e')
  })

  it('links the next page, and on a later page itself and the first (RFC 5005)', () => {
    const parse = (xml: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml, true).feed
    const first = parse(correctionsAtom({ entries: [entry(3), entry(2, true)], next: '5-6', before: null, updated: '2026-12-02T11:00:00.000Z' }, 'https://desk.example', { name: 'Daily' }))
    const links = (f: any) => Object.fromEntries([f.link].flat().map((l: any) => [l.rel, l.href]))
    expect(links(first)).toEqual({ self: 'https://desk.example/corrections.atom', alternate: 'https://desk.example/corrections', next: 'https://desk.example/corrections.atom?before=5-6' })
    expect(first.updated).toBe('2026-12-02T11:00:00.000Z')
    expect(first.entry.map((e: any) => e.id)).toEqual([`https://desk.example/corrections#${entryAnchor(entry(3))}`, `https://desk.example/corrections#${entryAnchor(entry(2, true))}`])
    // A javascript: source never becomes a link: the entry links to its place on the page.
    expect(first.entry[0].link.href).toBe(`https://desk.example/corrections#${entryAnchor(entry(3))}`)
    const later = parse(correctionsAtom({ entries: [entry(1)], next: null, before: '5-6', updated: '2026-12-02T11:00:00.000Z' }, 'https://desk.example', { name: 'Daily' }))
    expect(links(later)).toEqual({ self: 'https://desk.example/corrections.atom?before=5-6', alternate: 'https://desk.example/corrections', first: 'https://desk.example/corrections.atom' })
  })
})
