import { describe, expect, it } from 'vitest'
import { exportContextFrom, exportFileName, renderExport, type ExportAnnotation } from './article-export'

const body = 'Vincent Pain, senior vice head of state, spoke.\n\nPain said <b>hi</b> & left. The UNITED STATE objected.'
const span = (needle: string, from = 0) => {
  const start = body.indexOf(needle, from)
  return { start, end: start + needle.length, exact: needle }
}
const ann = (over: Partial<ExportAnnotation> & { start: number; end: number; exact: string }): ExportAnnotation => ({
  id: Math.random().toString(36),
  kind: 'error',
  correction: null,
  category: 'other',
  status: 'approved',
  ...over,
})

const input = {
  article: { id: 'a1', title: 'Huawei in early talks with U.S. firms on 5G licensing', body, sourceUrl: 'https://example.com/x?a=1&b=2' },
  annotations: [
    ann({ ...span('Pain'), correction: 'Pang', category: 'name' }),
    ann({ ...span('Pain', 20), correction: 'Pang', category: 'name' }),
    ann({ ...span('vice head of state'), correction: 'vice president', category: 'fact' }),
    ann({ ...span('UNITED STATE'), correction: 'U.S.', category: 'spelling' }),
    ann({ ...span('spoke'), correction: 'spoken', category: 'fact', status: 'rejected' }),
    ann({ ...span('left'), correction: 'went', category: 'fact', status: 'open' }),
    ann({ ...span('objected'), kind: 'claim', correction: null, category: null }),
  ],
  reviews: [],
}
const CONTEXT = { origin: 'https://galley.example', publisher: { name: 'Example Desk' } }

describe('exports', () => {
  it('applies only approved fixes to the text', () => {
    const { body: text } = renderExport('text', input, CONTEXT)
    expect(text).toBe('Vincent Pang, senior vice president, spoke.\n\nPang said <b>hi</b> & left. The U.S. objected.')
  })

  it('ends Markdown with a corrections note for name and fact fixes only', () => {
    const { body: md, contentType } = renderExport('markdown', input, CONTEXT)
    expect(contentType).toBe('text/markdown; charset=utf-8')
    expect(md).toContain('# Huawei in early talks with U.S. firms on 5G licensing')
    expect(md).toContain('An earlier version of this article misspelled the name of Vincent Pang.')
    expect(md).toContain('An earlier version of this article incorrectly said “vice head of state”; it should have said “vice president”.')
    expect(md).not.toMatch(/UNITED STATE|spoken|went/)
    expect(md.match(/misspelled the name/g)).toHaveLength(1) // the same sentence is not repeated
    expect(md).toContain('\\<b\\>hi\\</b\\>') // markup in the text stays text
  })

  it('escapes HTML, keeps paragraphs and adds the note', () => {
    const { body: html, contentType } = renderExport('html', input, CONTEXT)
    expect(contentType).toBe('text/html; charset=utf-8')
    expect(html).toContain('<p>Vincent Pang, senior vice president, spoke.</p>')
    expect(html).toContain('<p>Pang said &lt;b&gt;hi&lt;/b&gt; &amp; left. The U.S. objected.</p>')
    expect(html).not.toContain('<b>hi</b>')
    expect(html).toContain('href="https://example.com/x?a=1&amp;b=2"')
    expect(html).toMatch(/<aside class="corrections">[\s\S]*misspelled the name of Vincent Pang\.[\s\S]*<\/aside>/)
  })

  it('gives JSON with the article, annotations, reviews and the corrected text', () => {
    const parsed = JSON.parse(renderExport('json', input, CONTEXT).body)
    expect(parsed.article.body).toBe(body)
    expect(parsed.annotations).toHaveLength(7)
    expect(parsed.correctedText).toContain('Vincent Pang')
  })

  it('has no note when nothing noteworthy was approved', () => {
    const quiet = { ...input, annotations: input.annotations.filter((a) => a.category === 'spelling') }
    expect(renderExport('markdown', quiet, CONTEXT).body).not.toContain('Corrections')
    expect(renderExport('html', quiet, CONTEXT).body).not.toContain('<aside')
  })

  it('names downloads after the title', () => {
    expect(exportFileName('Huawei in early talks with U.S. firms on 5G licensing', 'md')).toBe('huawei-in-early-talks-with-u-s-firms-on-5g-licensing.md')
    expect(exportFileName('Café «Ünïcode» ???', 'txt')).toBe('cafe-unicode.txt')
    expect(exportFileName('!!!', 'html')).toBe('article.html')
  })
})

describe('export configuration', () => {
  it('links to GALLEY_PUBLIC_URL when set, else to the origin the request came to, and names GALLEY_PUBLISHER', () => {
    const request = 'http://127.0.0.1:3000/api/articles/a1/export?format=w3c'
    expect(exportContextFrom({}, request)).toEqual({ origin: 'http://127.0.0.1:3000', publisher: { name: 'Galley' } })
    expect(exportContextFrom({ GALLEY_PUBLIC_URL: 'https://desk.paper.example/', GALLEY_PUBLISHER: 'The Paper' }, request)).toEqual({
      origin: 'https://desk.paper.example',
      publisher: { name: 'The Paper' },
    })
    expect(exportContextFrom({ GALLEY_PUBLIC_URL: '  ', GALLEY_PUBLISHER: '' }, request)).toEqual({ origin: 'http://127.0.0.1:3000', publisher: { name: 'Galley' } })
    const w3c = JSON.parse(renderExport('w3c', { ...input, article: { ...input.article, revision: 1 } }, exportContextFrom({ GALLEY_PUBLIC_URL: 'https://desk.paper.example' }, request)).body)
    expect(w3c.id).toBe('https://desk.paper.example/api/articles/a1/export?format=w3c')
  })
})
