/**
 * A corrections note as readers read it: one paragraph per sentence (the standards editor's own
 * words last), as text. The public corrections page and the publish dialog's preview both render
 * it, from sentences made by lib/corrections/note.ts `readerNote`, so the preview is the page.
 */
export function CorrectionsNote({ sentences, className = '' }: { sentences: string[]; className?: string }) {
  return (
    <>
      {sentences.map((s, i) => (
        <p key={i} className={`font-serif leading-7 break-words ${className}`}>
          {s}
        </p>
      ))}
    </>
  )
}
