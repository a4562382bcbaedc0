/**
 * The CPU-heavy work a request may cause, as plain functions of plain data: they run on the
 * offload pool's worker threads (lib/server/offload.ts), so the server's main thread keeps
 * answering while they work. Each takes its input and a deadline (epoch ms) after which a task
 * that can stop part-way returns what it has; the pool also stops any task at its hard budget.
 * Inputs and outputs cross threads by structured clone: no classes, no functions.
 */
import { runChecks } from '@/lib/suggest/run-checks'
import { quoteChecksFor, type QuoteAnnotationSpan } from '@/lib/suggest/quote-check'
import type { QuoteCheckDto } from '@/lib/types/suggestions'
import type { SourceText } from '@/lib/suggest/types'
import { prepareImport } from '@/lib/import/web-annotations'
import { NoArticle, extractStory, type ExtractedStory } from '@/lib/import/extract'
import { reanchor, type Anchorable, type Reanchored, type ReanchorCounts } from '@/lib/anchoring/reanchor'
import { diffTexts, type Diff } from '@/lib/anchoring/text-diff'
import { OffsetMap } from '@/lib/text/offsets'

type Ctx = { deadline: number }

export const TASKS = {
  /** The suggestion checks of one article against its sources. */
  checks: (input: { body: string; sources: SourceText[]; options: { english?: boolean } }) => runChecks(input.body, input.sources, input.options),

  /** An article's quote checks, one quote after another until the deadline (`complete: false` if it came first). */
  quoteChecks: (input: { body: string; annotations: QuoteAnnotationSpan[]; sources: SourceText[]; done: QuoteCheckDto[] }, ctx: Ctx) =>
    quoteChecksFor(input.body, input.annotations, input.sources, { deadline: ctx.deadline, done: input.done }),

  /**
   * An annotation import from its JSON text: parsed, read, held to the field rules and placed on
   * the article's text, until the deadline (`complete: false` if it came first) — all of it here,
   * as parsing and checking 10,000 annotations is itself heavy work.
   */
  prepareImport: (input: { json: string; text: string | { length: number }; origin?: string }, ctx: Ctx) => prepareImport(input.json, input.text, { deadline: ctx.deadline, origin: input.origin }),

  /** The story in a web page (Readability over a server-side DOM). */
  extractStory: (input: { html: string; url?: string }): { story: ExtractedStory } | { noArticle: string } => {
    try {
      return { story: extractStory(input.html, input.url) }
    } catch (err) {
      if (err instanceof NoArticle) return { noArticle: err.message }
      throw err
    }
  },

  /** Annotations carried from one text onto the next (a revision), and lost ones tried again from older texts. */
  reanchor: (input: { oldText: string; newText: string; annotations: Anchorable[]; older: Array<{ body: string; annotations: Anchorable[] }> }): { results: Reanchored[]; counts: ReanchorCounts; restored: Reanchored[] } => {
    const { results, counts } = reanchor(input.oldText, input.newText, input.annotations)
    const restored: Reanchored[] = []
    for (const group of input.older) for (const r of reanchor(group.body, input.newText, group.annotations).results) if (r.status !== 'orphaned') restored.push(r)
    return { results, counts, restored }
  },

  /** The diff between two revisions. */
  diff: (input: { before: string; after: string }): { diff: Diff[] } => ({ diff: diffTexts(input.before, input.after) }),
}

export type TaskName = keyof typeof TASKS
export type TaskInput<N extends TaskName> = Parameters<(typeof TASKS)[N]>[0]
export type TaskOutput<N extends TaskName> = Awaited<ReturnType<(typeof TASKS)[N]>>

/** Run a task here, on this thread (the worker's side of the pool, and its fallback). */
export function runTask<N extends TaskName>(name: N, input: TaskInput<N>, ctx: Ctx): Promise<TaskOutput<N>> {
  const task = TASKS[name] as (input: TaskInput<N>, ctx: Ctx) => TaskOutput<N> | Promise<TaskOutput<N>>
  return Promise.resolve().then(() => task(input, ctx))
}
