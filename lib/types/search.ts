/** What GET /api/search and the claim-matching routes return. Client-safe. */
import type { AnnotationDto } from './desk'

export type SearchResult = {
  type: 'article' | 'annotation' | 'comment'
  id: string
  articleId: string
  /** The article's title. */
  title: string
  /** The matching words in context (plain text). */
  snippet: string
  /** Where the snippet matched: [start, end) in Unicode code points of `snippet`. */
  highlights: Array<[number, number]>
  score: number
  /** Found through a word close to one typed ("Pang" → "Pain"), not the word itself. */
  near: boolean
  /** For annotations and comments: the annotation (open the article at it). */
  annotationId?: string
  kind?: string | null
  status?: string | null
  verdict?: string | null
}

export type ClaimMatchDto = {
  annotation: AnnotationDto
  article: { id: string; title: string }
  score: number
  reason: string
}
