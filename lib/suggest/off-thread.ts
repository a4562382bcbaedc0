import 'server-only'
import path from 'node:path'
import fs from 'node:fs'
import { Worker } from 'node:worker_threads'
import { runChecks } from './run-checks'
import type { SourceText } from './types'

type Result = Awaited<ReturnType<typeof runChecks>>
type Pending = { resolve: (r: Result) => void; reject: (e: Error) => void }

/**
 * runChecks on a worker thread of its own (one per process, started on first use), so harper.js's
 * start-up and each article's checks never block the server's main thread. If the worker cannot
 * run here (no sources next to the build, say), the checks run in-process as before.
 */
const state = globalThis as unknown as { galleyChecks?: { worker: Worker; pending: Map<number, Pending>; next: number } | null }
// Found at run time beside the sources (never bundled: it loads the TypeScript checks through tsx).
const ENTRY = [process.cwd(), 'lib', 'suggest', ['checks-worker', 'mjs'].join('.')].join(path.sep)

function worker() {
  if (state.galleyChecks !== undefined) return state.galleyChecks
  if (!fs.existsSync(ENTRY)) return (state.galleyChecks = null)
  const pending = new Map<number, Pending>()
  const w = new Worker(/* turbopackIgnore: true */ /* webpackIgnore: true */ String(ENTRY))
  w.unref()
  const fail = (err: Error) => {
    for (const p of pending.values()) p.reject(err)
    pending.clear()
    state.galleyChecks = undefined // the next call starts a new one
  }
  w.on('message', (m: { id?: number; result?: Result; error?: string }) => {
    if (m.id === undefined) return
    const p = pending.get(m.id)
    pending.delete(m.id)
    if (!p) return
    if (m.error !== undefined) p.reject(new Error(m.error))
    else p.resolve(m.result!)
  })
  w.on('error', fail)
  w.on('exit', (code) => fail(new Error(`The checks' worker stopped (exit code ${code}).`)))
  return (state.galleyChecks = { worker: w, pending, next: 1 })
}

export function runChecksOffThread(body: string, sources: SourceText[], options: { english?: boolean } = {}): Promise<Result> {
  const w = worker()
  if (!w) return runChecks(body, sources, options)
  const id = w.next++
  return new Promise<Result>((resolve, reject) => {
    w.pending.set(id, { resolve, reject })
    w.worker.postMessage({ id, body, sources, options })
  })
}

/** Where the checks run in this process: on their worker thread, in-process (fallback), or not yet. */
export function checksThread(): 'worker' | 'in-process' | 'not started' {
  if (state.galleyChecks === undefined) return 'not started'
  return state.galleyChecks ? 'worker' : 'in-process'
}
