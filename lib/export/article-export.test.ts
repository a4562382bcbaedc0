import fs from 'node:fs'
import path from 'node:path'
import { HtmlRenderer, Parser, type Node } from 'commonmark'
import { describe, expect, it } from 'vitest'
import { contentDisposition, correctedArticle, escapeMarkdown, exportContextFrom, exportFileName, renderExport, scriptSafeJson, type ExportAnnotation, type ExportInput } from './article-export'

const body = 'Vincent Pain, senior vice head of state, spoke.\n\nPain said <b>hi</b> & left. The UNITED STATE objected.'
const span = (needle: string, from = 0) => {
  const start = body.indexOf(needle, from)
  return { start, end: start + needle.length, exact: needle }
}
const ann = (over: Partial<ExportAnnotation> & { start: number; end: number; exact: string }): ExportAnnotation => {
  const a: ExportAnnotation = { id: Math.random().toString(36), kind: 'error', correction: null, category: 'other', status: 'approved', ...over }
  // An approval records the words and correction it was for, as reviewFix does.
  if (a.status === 'approved' && !('approvedExact' in over)) Object.assign(a, { approvedExact: a.exact, approvedCorrection: a.correction ?? '' })
  return a
}

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
  it('applies an approved fix only while its words and correction are exactly the ones approved', () => {
    const changed = {
      ...input,
      annotations: [
        ann({ ...span('Pain'), correction: 'Pang', category: 'name', approvedExact: 'Pai', approvedCorrection: 'Pang' }),
        ann({ ...span('vice head of state'), correction: 'vice chair', category: 'fact', approvedExact: 'vice head of state', approvedCorrection: 'vice president' }),
        ann({ ...span('UNITED STATE'), correction: 'U.S.', category: 'spelling', approvedExact: null, approvedCorrection: null }),
      ],
    }
    expect(correctedArticle(changed)).toEqual({ text: body, note: [] })
  })

  it('a published fix re-anchored onto other words still tells readers the correction that was published', () => {
    // "5 percent" → "6 percent" was published; a later wire update says "6.4 percent" there.
    const later = 'Sales grew 6.4 percent in the third quarter.'
    const out = correctedArticle({
      article: { ...input.article, body: later },
      annotations: [ann({ start: 11, end: 22, exact: '6.4 percent', correction: '6 percent', originalExact: '5 percent', category: 'fact', status: 'applied' })],
      reviews: [],
    })
    expect(out.note).toEqual(['An earlier version of this article incorrectly said “5 percent”; it should have said “6 percent”.'])
    const w3c = renderExport('w3c', { article: { ...input.article, body: later }, annotations: [ann({ start: 11, end: 22, exact: '6.4 percent', correction: '6 percent', originalExact: '5 percent', category: 'fact', status: 'applied' })], reviews: [] }, CONTEXT)
    expect(JSON.parse(w3c.body).first.items[0].body[0]).toMatchObject({ purpose: 'editing', value: '6 percent' })
  })

  it('keeps a published fix in the corrections note after a later revision rewrote its words', () => {
    const later = 'Vincent Pang resigned on Friday.'
    const out = correctedArticle({
      article: { ...input.article, body: later },
      annotations: [
        ann({ start: 40, end: 44, exact: 'Pang', correction: 'Pang', originalExact: 'Pain', category: 'name', status: 'applied', orphaned: true }),
        ann({ start: 50, end: 64, exact: 'vice president', correction: 'vice president', originalExact: 'vice head of state', category: 'fact', status: 'applied', orphaned: true }),
      ],
      reviews: [],
    })
    expect(out).toEqual({
      text: later,
      note: ['An earlier version of this article misspelled the name of Pang.', 'An earlier version of this article incorrectly said “vice head of state”; it should have said “vice president”.'],
    })
  })

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
    const request = { url: 'http://127.0.0.1:3000/api/articles/a1/export?format=w3c', headers: new Headers() }
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

/**
 * The Markdown export read back by commonmark.js, the CommonMark reference implementation: the
 * reader must see exactly the article's words, and no markup but the structure Galley writes.
 */
describe('Markdown export through a CommonMark renderer', () => {
  type Block = { type: string; level?: number; text: string; links: string[]; strong: boolean }
  const ALLOWED = new Set(['document', 'heading', 'paragraph', 'text', 'softbreak', 'linebreak', 'thematic_break', 'strong', 'link'])

  /** Every node type in the tree, and each top-level block's text (hard breaks as "\n"). */
  function read(md: string): { types: Set<string>; blocks: Block[] } {
    const doc = new Parser().parse(md)
    const types = new Set<string>()
    const walker = doc.walker()
    for (let e = walker.next(); e; e = walker.next()) if (e.entering) types.add(e.node.type)
    const blocks: Block[] = []
    for (let b: Node | null = doc.firstChild; b; b = b.next) {
      const block: Block = { type: b.type, level: b.type === 'heading' ? b.level : undefined, text: '', links: [], strong: false }
      const inner = b.walker()
      for (let e = inner.next(); e; e = inner.next()) {
        if (!e.entering) continue
        const n = e.node
        if (n.type === 'text') block.text += n.literal
        if (n.type === 'linebreak') block.text += '\n'
        if (n.type === 'softbreak') block.text += '<softbreak>' // a line break must stay one
        if (n.type === 'link') block.links.push(n.destination ?? '')
        if (n.type === 'strong') block.strong = true
      }
      blocks.push(block)
    }
    return { types, blocks }
  }

  const HOSTILE = [
    '1. Huawei said it would license its 5G technology.',
    '2) The second point, as a list would number it.',
    'Vincent Pang spoke to Reuters\n===',
    'Talks continue\n---\nsaid Pang, and then\n-\nnothing more.',
    'HTML writes &lt;b&gt; for <b>, &amp; for &, and &#169; or &#xA9; for ©; AT&T and Q&A stay as typed; &copy without a semicolon too.',
    '*emphasis* and **strong** and _under_ and __double__ and snake_case_name and 2*3*4 = 24.',
    'Use `code` or ``double ticks`` here.',
    '~~~\nfenced with tildes\n~~~',
    '```js\nalert(1)\n```',
    '# Not a heading\n## nor this\n###### nor this\n#hashtag stays.',
    '+ plus bullet\n- minus bullet\n* star bullet\n- [ ] task box',
    '> a quote\n>> nested\n> > spaced',
    '| a | b |\n|---|---|\n| 1 | 2 |\nleft | right\n--|--',
    '[link](https://evil.test) and [ref][1] and [1] and [^1] footnote\n[1]: https://evil.test "title"',
    '![image](https://evil.test/x.png) and ![ref][1] and !important and Wow!',
    'ends with a backslash \\\nC:\\path\\to\\file and \\*already escaped\\* and \\\\ double',
    '<script>alert(1)</script> and <img src=x onerror=alert(1)> and </p>',
    '<http://autolink.test/path> and <mailto:a@b.test> and <a@b.test> and https://bare.test',
    '<!-- comment --> and <?php echo 1; ?> and <![CDATA[x]]> and <!DOCTYPE html>',
    '<div>\nblock html\n</div>',
    'Lead line\n    four spaces of indent\n\ta tab-indented line\n  two spaces',
    'Trailing two spaces  \nTrailing tab\t\nnext line',
    '~strike~ and ~~strike~~ and x~y and ~ alone.',
    '***\n___\n* * *\n- - -',
    '---',
    '===',
    '123456789. nine digits\n1234567890) ten digits\n3.5 million\n7.',
    'Pain said: “yes” — and left! <3 & >_< {curly} $math$ ^super^ :emoji:',
    'A line\n\u00a0led by a no-break space\n\f\nform feed alone above',
    'CRLF line one\r\nline two\rline three',
    'Tabs\tinside\tstay, and  double  spaces  inside  too.',
    'Title\n  ===  \nafter an indented underline',
  ]
  /** What a reader sees of a paragraph: its text, CR and CRLF read as line ends. */
  const seen = (p: string) => p.replace(/\r\n?/g, '\n')

  const hostileInput = (title: string, sourceUrl: string | null): ExportInput => {
    const text = ['Vincent Pain, senior vice head of state, spoke.', ...HOSTILE].join('\n\n')
    const at = (needle: string) => {
      const start = [...text.slice(0, text.indexOf(needle))].length
      return { start, end: start + [...needle].length, exact: needle }
    }
    return {
      article: { id: 'a1', title, body: text, sourceUrl },
      annotations: [
        ann({ ...at('Pain'), correction: 'Pang', category: 'name' }),
        ann({ ...at('vice head of state'), correction: 'vice *president* <img src=x onerror=alert(1)>', category: 'fact' }),
        ann({ ...at('spoke'), correction: 'said `1. yes` &amp; [left](javascript:alert(1))', category: 'quote' }),
      ],
      reviews: [],
    }
  }

  /** A linked source shows `href`; its destination is `href` too, unless commonmark.js percent-encodes more (a backtick). */
  type Source = { href: string; destination?: string } | { text: string }

  function expectOnlyText(md: string, title: string, paragraphs: string[], source: Source | null, note: string[]) {
    const { types, blocks } = read(md)
    expect([...types].filter((t) => !ALLOWED.has(t))).toEqual([])
    const expected: Array<Partial<Block>> = [{ type: 'heading', level: 1, text: title, links: [], strong: false }]
    if (source && 'href' in source) expected.push({ type: 'paragraph', text: `Source: ${source.href}`, links: [source.destination ?? source.href], strong: false })
    if (source && 'text' in source) expected.push({ type: 'paragraph', text: `Source: ${source.text}`, links: [], strong: false })
    for (const p of paragraphs) expected.push({ type: 'paragraph', text: p, links: [], strong: false })
    if (note.length) {
      expected.push({ type: 'thematic_break', text: '', links: [], strong: false })
      expected.push({ type: 'paragraph', text: 'Corrections', links: [], strong: true })
      for (const s of note) expected.push({ type: 'paragraph', text: s, links: [], strong: false })
    }
    expect(blocks.map(({ level, ...b }) => (level === undefined ? b : { ...b, level }))).toEqual(expected)
  }

  it('shows hostile paragraphs, title, source and note exactly as text', () => {
    const title = '#1 <img src=x onerror=alert(1)> *Huawei* [talks](javascript:x) & co. ##'
    const input = hostileInput(title, 'https://x.test/"><img src=x onerror=alert(1)>')
    const { body: md } = renderExport('markdown', input, CONTEXT)
    const { text, note } = correctedArticle(input)
    expect(note).toHaveLength(3)
    const paragraphs = text.split('\n\n').map(seen)
    expect(paragraphs).toHaveLength(HOSTILE.length + 1)
    expectOnlyText(md, title, paragraphs, { href: 'https://x.test/%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E' }, note)
  })

  it('renders to HTML without a live tag from the text or the source', () => {
    for (const sourceUrl of ['https://x.test/"><img src=x onerror=alert(1)>', 'https://x.test/<script>alert(1)</script>', 'javascript:alert("<script>")']) {
      const html = new HtmlRenderer().render(new Parser().parse(renderExport('markdown', hostileInput('<script>alert(1)</script>', sourceUrl), CONTEXT).body))
      expect(html).not.toMatch(/<img|<script|<div|<!--|<\?/i)
      expect(html).not.toMatch(/<[a-z][^>]*\sonerror\s*=/i) // as an attribute; as text it is just words
      expect(html).not.toMatch(/href="(?!https?:)/) // the only link is the http(s) source
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;') // still there, as text
    }
  })

  it('heads with the title as text, whatever its hashes, numbers or breaks', () => {
    for (const title of ['#', '# #', 'Foo ##', 'Learning C#', '1. Title', '- Title', '=', 'A #tag and a # sign', '\\#', 'Two\nlines']) {
      const input = { ...hostileInput(title, null), annotations: [] }
      const { blocks, types } = read(renderExport('markdown', input, CONTEXT).body)
      expect([...types].filter((t) => !ALLOWED.has(t)), title).toEqual([])
      expect(blocks[0], title).toMatchObject({ type: 'heading', level: 1, text: title.replace(/\n/g, ' ') })
    }
  })

  it('links a normalised http(s) source and prints any other source as text', () => {
    const cases: Array<[string, Source]> = [
      ['https://x.test/<script>alert(1)</script>', { href: 'https://x.test/%3Cscript%3Ealert(1)%3C/script%3E' }],
      ['https://x.test/a b?q=<x>&r="y"#<frag>', { href: 'https://x.test/a%20b?q=%3Cx%3E&r=%22y%22#%3Cfrag%3E' }],
      ['https://x.test/?a=1&amp;b=2&c=`tick`', { href: 'https://x.test/?a=1&amp;b=2&c=`tick`', destination: 'https://x.test/?a=1&amp;b=2&c=%60tick%60' }],
      ['HTTPS://Example.COM:443/Path', { href: 'https://example.com/Path' }],
      ['javascript:alert(1)', { text: 'javascript:alert(1)' }],
      ['not a url <script>alert(1)</script> *x*', { text: 'not a url <script>alert(1)</script> *x*' }],
      ['ftp://files.test/x', { text: 'ftp://files.test/x' }],
    ]
    for (const [sourceUrl, source] of cases) {
      const input = { ...hostileInput('Huawei', sourceUrl), annotations: [] }
      const md = renderExport('markdown', input, CONTEXT).body
      expectOnlyText(md, 'Huawei', correctedArticle(input).text.split('\n\n').map(seen), source, [])
    }
  })

  it('shows the demo article exactly, and stays readable', () => {
    const demo = fs.readFileSync(path.join(__dirname, '..', '..', 'prisma', 'seed', 'demo-article.txt'), 'utf8')
    const paragraphs = demo.split(/\n[ \t]*\n+/).map((p) => p.trim()).filter(Boolean)
    const input = { article: { id: 'd1', title: 'Huawei in early talks with U.S. firms on 5G licensing', body: demo, sourceUrl: 'https://www.reuters.com/article/us-usa-huawei-tech-5g-idUSKBN1X91NI' }, annotations: [], reviews: [] }
    const md = renderExport('markdown', input, CONTEXT).body
    expectOnlyText(md, input.article.title, paragraphs, { href: input.article.sourceUrl }, [])
    expect(md).toContain('European competitors Ericsson (ERICb.ST) and also Nokia (NOKIA.HE)') // no needless escapes
    expect(md).not.toMatch(/\\[.,:;!?'"()-]/) // only markup characters are escaped
  })

  it('escapes a list number as CommonMark reads it, and entities as text', () => {
    expect(escapeMarkdown('1. Huawei')).toBe('1\\. Huawei')
    expect(escapeMarkdown('10) Nokia')).toBe('10\\) Nokia')
    expect(escapeMarkdown('3.5 million')).toBe('3.5 million')
    expect(escapeMarkdown('&lt; and AT&T')).toBe('\\&lt; and AT&T')
    expect(escapeMarkdown('Pang\n===')).toBe('Pang\n\\===')
  })
})

describe('JSON for a <script> element', () => {
  const hostile = {
    note: '</script><script>alert(1)</script>',
    comment: '<!-- x --> & AT&T > 2 \u2028line\u2029para',
    nested: [{ '</script>': 'key too', n: 1.5, ok: true, none: null }],
  }

  it('writes <, >, &, U+2028 and U+2029 as \\u escapes and parses back to the same value', () => {
    for (const space of [undefined, 2]) {
      const out = scriptSafeJson(hostile, space)
      expect(out).not.toMatch(/[<>&\u2028\u2029]/)
      expect(out).toContain('\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e')
      expect(out).toContain('\\u2028line\\u2029para')
      expect(JSON.parse(out)).toEqual(hostile)
    }
    expect(scriptSafeJson('a"b\\c')).toBe(JSON.stringify('a"b\\c')) // everything else as JSON.stringify writes it
  })

  it('keeps a </script> in a note or quote as data in the W3C, ClaimReview and JSON exports', () => {
    const note = '</script><script>alert(1)</script>'
    const claim: ExportAnnotation = { ...ann({ start: 0, end: 7, exact: 'Vincent' }), kind: 'claim', status: 'open', verdict: 'false', note, createdAt: '2026-11-26T10:00:00.000Z', updatedAt: '2026-11-26T10:00:00.000Z', createdBy: 'u1', createdByName: 'Ed <i>' }
    const data = { ...input, article: { ...input.article, title: 'Talks </script> & more', revision: 1 }, annotations: [claim] }
    for (const format of ['w3c', 'claimreview', 'json'] as const) {
      const out = renderExport(format, data, CONTEXT).body
      expect(out, format).not.toMatch(/[<>&\u2028\u2029]/)
      expect(JSON.stringify(JSON.parse(out)), format).toContain(JSON.stringify(note).slice(1, -1))
    }
    expect(JSON.parse(renderExport('claimreview', data, CONTEXT).body)[0].reviewRating.ratingExplanation).toBe(note)
  })
})

describe('export links', () => {
  const url = 'http://localhost:3000/api/articles/a1/export?format=w3c' // what Next.js hands a route handler
  const request = (headers: Record<string, string>) => ({ url, headers: new Headers(headers) })
  const originFor = (env: Record<string, string>, headers: Record<string, string>) => exportContextFrom(env, request(headers)).origin

  it('prefers GALLEY_PUBLIC_URL, without its trailing slash', () => {
    expect(originFor({ GALLEY_PUBLIC_URL: 'https://desk.paper.example/' }, { host: 'other.example', 'x-forwarded-host': 'proxy.example' })).toBe('https://desk.paper.example')
    expect(originFor({ GALLEY_PUBLIC_URL: 'https://desk.paper.example//', AUTH_TRUST_HOST: '1' }, { 'x-forwarded-host': 'proxy.example' })).toBe('https://desk.paper.example')
  })

  it('uses the Host header with the request protocol, not the listen address', () => {
    expect(originFor({}, { host: 'galley.paper.example' })).toBe('http://galley.paper.example')
    expect(originFor({}, { host: 'galley.paper.example:8080' })).toBe('http://galley.paper.example:8080')
    expect(originFor({}, { host: '192.168.1.20:3000' })).toBe('http://192.168.1.20:3000')
    expect(originFor({}, { host: '[::1]:3000' })).toBe('http://[::1]:3000')
    expect(originFor({}, { host: 'Desk.Paper.Example:80' })).toBe('http://desk.paper.example')
    expect(exportContextFrom({}, { url: 'https://127.0.0.1:3443/x', headers: new Headers({ host: 'galley.example' }) }).origin).toBe('https://galley.example')
    expect(originFor({}, {})).toBe('http://localhost:3000')
  })

  it('ignores X-Forwarded-* unless AUTH_TRUST_HOST says a proxy sets them', () => {
    const headers = { host: 'galley.internal:3000', 'x-forwarded-host': 'desk.paper.example', 'x-forwarded-proto': 'https' }
    expect(originFor({}, headers)).toBe('http://galley.internal:3000')
    expect(originFor({ AUTH_TRUST_HOST: 'false' }, headers)).toBe('http://galley.internal:3000')
    expect(originFor({ AUTH_TRUST_HOST: '0' }, headers)).toBe('http://galley.internal:3000')
    for (const yes of ['1', 'true', 'TRUE', 'yes', ' Yes ']) expect(originFor({ AUTH_TRUST_HOST: yes }, headers), yes).toBe('https://desk.paper.example')
  })

  it('takes the first of several forwarded values, and only http or https', () => {
    const trusted = { AUTH_TRUST_HOST: 'true' }
    expect(originFor(trusted, { host: 'galley.internal', 'x-forwarded-host': 'desk.paper.example, proxy.internal', 'x-forwarded-proto': 'https,http' })).toBe('https://desk.paper.example')
    expect(originFor(trusted, { host: 'galley.internal', 'x-forwarded-proto': 'https' })).toBe('https://galley.internal')
    expect(originFor(trusted, { host: 'galley.internal', 'x-forwarded-host': 'desk.paper.example', 'x-forwarded-proto': 'javascript' })).toBe('http://desk.paper.example')
  })

  it('falls back to the request URL for a host that is not host[:port]', () => {
    for (const host of ['evil.test/x"><script>', 'evil.test/path', 'user@evil.test', 'evil test', 'evil.test:99999', "evil.test'", 'evil.test<', '-evil.test', 'evil.test:80:80', '[::1', '']) {
      expect(originFor({}, { host }), host).toBe('http://localhost:3000')
      expect(originFor({ AUTH_TRUST_HOST: '1' }, { host: 'galley.example', 'x-forwarded-host': host || ' ' }), host).toBe(host ? 'http://localhost:3000' : 'http://galley.example')
    }
    const w3c = renderExport('w3c', { ...input, article: { ...input.article, revision: 1 } }, exportContextFrom({}, request({ host: 'evil.test/x"><script>' }))).body
    expect(JSON.parse(w3c).id).toBe('http://localhost:3000/api/articles/a1/export?format=w3c')
  })
})

describe('download names', () => {
  const header = (title: string, extension = 'md', disposition: 'inline' | 'attachment' = 'attachment') => contentDisposition(title, extension, disposition)
  /** What a browser makes of the header: filename* if present, decoded, else filename. */
  const utf8Name = (h: string) => {
    const star = /filename\*=UTF-8''([^;\s]+)/.exec(h)
    return star ? decodeURIComponent(star[1]) : /filename="([^"]*)"/.exec(h)![1]
  }

  it('keeps an ASCII title as today', () => {
    expect(header('Huawei in early talks with U.S. firms on 5G licensing')).toBe('attachment; filename="huawei-in-early-talks-with-u-s-firms-on-5g-licensing.md"')
    expect(header('Huawei in early talks', 'html', 'inline')).toBe('inline; filename="huawei-in-early-talks.html"')
  })

  it('names a Cyrillic, Chinese or accented title in its own script, with an ASCII fallback', () => {
    expect(header('Новости дня', 'html')).toBe(`attachment; filename="article.html"; filename*=UTF-8''%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8-%D0%B4%D0%BD%D1%8F.html`)
    expect(utf8Name(header('Новости дня', 'html'))).toBe('новости-дня.html')
    expect(utf8Name(header('华为与美国公司进行早期谈判', 'txt'))).toBe('华为与美国公司进行早期谈判.txt')
    expect(header('华为 5G 谈判', 'txt')).toMatch(/^attachment; filename="5g\.txt"; filename\*=UTF-8''/)
    expect(utf8Name(header('Café «Ünïcode» ???', 'txt'))).toBe('café-ünïcode.txt')
    expect(header('Café «Ünïcode» ???', 'txt')).toContain('filename="cafe-unicode.txt"')
    expect(utf8Name(header('हिन्दी समाचार', 'md'))).toBe('हिन्दी-समाचार.md') // vowel signs stay with their letters
  })

  it('drops emoji and punctuation, and falls back to "article"', () => {
    expect(utf8Name(header('🚀 Launch 🔥 day'))).toBe('launch-day.md')
    expect(header('🚀🔥', 'json')).toBe('attachment; filename="article.json"')
  })

  it('cannot be broken by quotes, semicolons or RFC 5987 specials in the title', () => {
    const h = header(`He said "no"; filename="evil.exe"; it's (not) *that* \\ bad`, 'claimreview.jsonld')
    expect(h).toBe('attachment; filename="he-said-no-filename-evil-exe-it-s-not-that-bad.claimreview.jsonld"')
    const mixed = header(`Путин: "нет"; 'да' (может) *`, 'txt')
    expect(mixed.match(/;/g)).toHaveLength(2) // only the header's own separators
    expect(mixed.split(`filename*=UTF-8''`)[1]).toMatch(/^[A-Za-z0-9%\-._~!]+$/) // attr-chars and %XX only
    expect(utf8Name(mixed)).toBe('путин-нет-да-может.txt')
  })

  it('cuts a long name at 80 characters without splitting one', () => {
    const long = utf8Name(header('Новости '.repeat(20), 'md'))
    expect([...long.replace(/\.md$/, '')].length).toBeLessThanOrEqual(80)
    expect(long).toMatch(/^(новости-)*новости\.md$/)
    const accents = utf8Name(header('e\u0301'.repeat(50), 'md')) // NFD é: NFC makes it one code point
    expect(accents).toBe(`${'é'.repeat(50)}.md`)
    // कि is क + the vowel sign ि: two code points, one character; a plain cut at 80 would orphan the 80th क.
    const devanagari = utf8Name(header(`क${'कि'.repeat(50)}`, 'md'))
    expect(devanagari).toBe(`क${'कि'.repeat(39)}.md`)
  })
})
