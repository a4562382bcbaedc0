/**
 * Articles in other languages over HTTP: detected on import or given, returned everywhere,
 * changed by PATCH, and the checks that only know English stay off for other languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, unique } from '@/lib/testing/api-client'
import { disconnectDb } from '@/lib/db/client'

afterAll(disconnectDb)
let editor: ApiClient
beforeAll(async () => {
  editor = await ApiClient.as('editor@galley.test')
})

const ARABIC = 'قال نائب رئيس الشركة يوم الجمعة إن المحادثات مع الشركات الأمريكية لا تزال في مرحلة مبكرة. وأضاف أن الترخيص لم يتم بعد.'
// German, with words an English speller would flag on every line.
const GERMAN = 'Der Gemeinderat hat im Jahr 2024 insgesamt 42 neue Fußgängerüberwege gebaut, sagte der Bürgermeister am Freitag. Die Arbeiten sollen im nächsten Jahr weitergehen.'

describe('article language', () => {
  it('is detected on import, given explicitly in canonical form, or the default; every article answer carries it', async () => {
    const ar = await editor.post('/api/articles', { title: unique('Arabic'), body: ARABIC })
    expect(ar.status).toBe(201)
    expect(ar.body.language).toBe('ar')
    const de = await editor.post('/api/articles', { title: unique('German'), body: GERMAN })
    expect(de.body.language).toBe('de')
    const short = await editor.post('/api/articles', { title: unique('Short'), body: 'Talks go on.' })
    expect(short.body.language).toBe('en')
    const given = await editor.post('/api/articles', { title: unique('Given'), body: GERMAN, language: 'DE-at' })
    expect(given.body.language).toBe('de-AT')
    expect((await editor.get(`/api/articles/${ar.body.id}`)).body.language).toBe('ar')
    const listed = (await editor.get('/api/articles')).body.articles.find((a: any) => a.id === de.body.id)
    expect(listed.language).toBe('de')
    for (const language of ['english', 'x', '', 'de_DE', 42]) {
      const bad = await editor.post('/api/articles', { title: unique('Bad'), body: GERMAN, language })
      expect(bad.status, String(language)).toBe(422)
      expect(bad.body.error.code).toBe('validation_failed')
    }
  })

  it('is changed by PATCH (audited), and decides whether the English-only checks run', async () => {
    const de = (await editor.post('/api/articles', { title: unique('German checks'), body: GERMAN })).body
    const none = await editor.get(`/api/articles/${de.id}/suggestions`)
    expect(none.status).toBe(200)
    // No spelling or grammar guesses on German words.
    expect(none.body.suggestions.filter((s: any) => ['spelling', 'grammar', 'spinner', 'residue', 'name'].includes(s.check))).toEqual([])
    const patched = await editor.patch(`/api/articles/${de.id}`, { language: 'en' })
    expect(patched.status).toBe(200)
    expect(patched.body.language).toBe('en')
    // Said to be English, the same text gets the English speller's view at once.
    const english = await editor.get(`/api/articles/${de.id}/suggestions`)
    expect(english.body.suggestions.some((s: any) => s.check === 'spelling')).toBe(true)
    expect((await editor.patch(`/api/articles/${de.id}`, { language: 'klingon-tlh' })).status).toBe(422)
    const history = (await editor.get(`/api/articles/${de.id}/history`)).body.events
    expect(history.some((e: any) => e.action === 'article.update' && e.after?.language === 'en' && e.before?.language === 'de')).toBe(true)
  })
})
