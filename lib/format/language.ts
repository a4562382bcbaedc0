/**
 * "de" → "German (de)", as the runtime names it in English. Called on the server: the browser's
 * first Intl.DisplayNames loads its language data, which cost the annotate page ~30 ms before paint.
 */
export function languageName(tag: string): string {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(tag)
    return name && name !== tag ? `${name} (${tag})` : tag
  } catch {
    return tag
  }
}
