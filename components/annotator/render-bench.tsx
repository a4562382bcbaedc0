'use client'

import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { flushSync } from 'react-dom'
import type { AnnotationDto } from '@/lib/db/annotations'
import { ArticleText } from './article-text'

type Result = { renderMs: number; addMs: number; workMs: number; segments: number }
declare global {
  interface Window {
    __galleyBench?: Result
  }
}

/** Resolves after the browser has painted the current frame (rAF, then a task). */
function afterPaint(): Promise<number> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel()
      channel.port1.onmessage = () => resolve(performance.now())
      channel.port2.postMessage(null)
    })
  })
}

const noop = () => {}

/**
 * Benchmark harness: fetches an article and (optionally) its annotations through the API, then
 * measures the time from the data arriving to the highlighted article being painted, and the
 * time to paint one more annotation, as the annotator does after a save.
 */
export function RenderBench() {
  const [data, setData] = useState<{ body: string; annotations: AnnotationDto[] } | null>(null)
  const arrived = useRef(0)
  useEffect(() => {
    const params = new URLSearchParams(window.location.search)
    const id = params.get('article')
    const withAnnotations = params.get('annotations') !== '0'
    Promise.all([
      fetch(`/api/articles/${id}`).then((r) => r.json()),
      withAnnotations ? fetch(`/api/articles/${id}/annotations`).then((r) => r.json()) : Promise.resolve({ annotations: [] }),
    ]).then(([article, list]) => {
      arrived.current = performance.now()
      setData({ body: article.body, annotations: list.annotations })
    })
  }, [])
  useLayoutEffect(() => {
    if (!data || window.__galleyBench) return
    void (async () => {
      const painted = await afterPaint()
      const renderMs = painted - arrived.current
      // One more annotation, as after a save: only its paragraph re-renders. A save comes long after
      // the first paint, so let the browser finish that page's follow-up work first.
      await new Promise((r) => setTimeout(r, 500))
      const first = data.annotations[0] ?? { id: 'x', articleId: '', kind: 'claim', start: 0, end: 5, exact: '', prefix: '', suffix: '', correction: null, category: null, note: '', verdict: 'unverified', speaker: null, verified: null, sources: [], status: 'open', orphaned: false, version: 1, createdBy: '', createdByName: '', createdAt: '', updatedAt: '' }
      const added: AnnotationDto = { ...first, id: 'bench-new', kind: 'claim', start: 10, end: 30, version: 1 }
      // Median of several saves: one frame boundary more or less changes a single sample by 16 ms.
      // Also the main-thread work of a save (React render and commit, then style and layout), which
      // is what must fit in a frame; the paint itself waits for the next frame boundary.
      const samples: number[] = []
      const work: number[] = []
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now()
        flushSync(() => setData((d) => d && { ...d, annotations: [{ ...added, id: `bench-new-${i}`, start: 10 + i, end: 30 + i }, ...d.annotations] }))
        void document.body.offsetHeight
        work.push(performance.now() - t0)
        samples.push((await afterPaint()) - t0)
        await new Promise((r) => setTimeout(r, 50))
      }
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[2]
      window.__galleyBench = { renderMs, addMs: median(samples), workMs: median(work), segments: document.querySelectorAll('[data-s]').length }
    })()
  }, [data])
  if (!data) return <p>Loading…</p>
  return <ArticleText body={data.body} annotations={data.annotations} selectedId={null} onSegmentClick={noop} />
}
