import 'server-only'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { AppError } from '@/lib/errors'
import { runTask, type TaskInput, type TaskName, type TaskOutput } from './offload-tasks'

/**
 * The offload pool: CPU-heavy work (lib/server/offload-tasks.ts) runs on worker threads, never on
 * the thread that answers requests, and never for longer than its budget.
 *
 * - A task has a hard budget: past it its thread is stopped (terminate(): nothing it computed is
 *   kept) and the call fails with OverBudget, which the caller turns into a 413 saying what was
 *   too big. A task that can stop part-way also gets a soft deadline and returns what it has.
 * - Threads: GALLEY_OFFLOAD_THREADS, by default 2 (up to 4 on larger machines); each runs one task
 *   at a time, so stopping one stops only that task, and at nice 10 (GALLEY_OFFLOAD_NICE), so on a
 *   busy machine the thread answering requests and the database get the processors first. A
 *   stopped thread is replaced on demand.
 * - Waiting: tasks start in turn between people (`key`), and one person runs on at most all threads
 *   but one. At most MAX_QUEUE tasks wait, none longer than MAX_WAIT_MS, and one person has at most
 *   MAX_PER_KEY tasks waiting or running; beyond any of these, 429 (try again), so one account
 *   sending the heaviest requests in a loop holds at most that many threads' worth of the queue.
 * - Identical work asked for at once (`dedupe`: several people opening one article) runs once.
 */

export class OverBudget extends Error {
  constructor(
    readonly task: TaskName,
    readonly budgetMs: number,
  ) {
    super(`The ${task} task took longer than ${budgetMs} ms and was stopped.`)
    this.name = 'OverBudget'
  }
}

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name])
  return Number.isFinite(v) && v > 0 ? v : fallback
}
export const THREADS = Math.floor(num('GALLEY_OFFLOAD_THREADS', Math.min(4, Math.max(2, os.availableParallelism() - 1))))
export const MAX_QUEUE = 64
export const MAX_PER_KEY = 6
/** Threads one person's tasks may run on at once: all but one (at least one). */
const PER_KEY_RUNNING = Math.max(1, THREADS - 1)
const MAX_WAIT_MS = num('GALLEY_OFFLOAD_MAX_WAIT_MS', 30_000)

// Found at run time beside the sources (never bundled: it loads the TypeScript tasks through tsx).
const ENTRY = [process.cwd(), 'lib', 'server', ['offload-worker', 'mjs'].join('.')].join(path.sep)

type Job = {
  id: number
  name: TaskName
  input: unknown
  budgetMs: number
  softMs: number
  key: string | null
  resolve: (value: unknown) => void
  reject: (err: Error) => void
  timer: NodeJS.Timeout | null
}
type Slot = { worker: Worker; ready: boolean; job: Job | null }
type State = { slots: Set<Slot>; queue: Job[]; perKey: Map<string, number>; inFlight: Map<string, Promise<unknown>>; next: number; stopped: number; inProcess: boolean }

const holder = globalThis as unknown as { galleyOffload?: State }
function state(): State {
  return (holder.galleyOffload ??= { slots: new Set(), queue: [], perKey: new Map(), inFlight: new Map(), next: 1, stopped: 0, inProcess: !fs.existsSync(ENTRY) })
}

function release(job: Job) {
  if (job.timer) clearTimeout(job.timer)
  job.timer = null
  if (!job.key) return
  const s = state()
  const n = (s.perKey.get(job.key) ?? 1) - 1
  if (n > 0) s.perKey.set(job.key, n)
  else s.perKey.delete(job.key)
}

function spawn(): Slot {
  const s = state()
  const worker = new Worker(/* turbopackIgnore: true */ /* webpackIgnore: true */ String(ENTRY))
  worker.unref()
  const slot: Slot = { worker, ready: false, job: null }
  s.slots.add(slot)
  worker.on('message', (m: { ready?: boolean; id?: number; result?: unknown; error?: string }) => {
    if (m.ready) {
      slot.ready = true
      return dispatch()
    }
    const job = slot.job
    if (!job || m.id !== job.id) return
    slot.job = null
    release(job)
    if (m.error !== undefined) job.reject(new Error(m.error))
    else job.resolve(m.result)
    dispatch()
  })
  const gone = (err: Error) => {
    if (!s.slots.delete(slot)) return
    const job = slot.job
    slot.job = null
    if (job) {
      release(job)
      job.reject(err)
    } else if (!slot.ready) {
      // It never started (its sources are missing, say): fail what waits rather than retry forever.
      for (const waiting of s.queue.splice(0)) {
        release(waiting)
        waiting.reject(err)
      }
    }
    dispatch()
  }
  worker.on('error', gone)
  worker.on('exit', (code) => gone(new Error(`An offload thread stopped (exit code ${code}).`)))
  return slot
}

function start(slot: Slot, job: Job) {
  slot.job = job
  if (job.timer) clearTimeout(job.timer)
  job.timer = setTimeout(() => {
    if (slot.job !== job) return
    // Over budget: stop the thread (the only way to stop synchronous work) and replace it later.
    const s = state()
    s.slots.delete(slot)
    s.stopped += 1
    slot.job = null
    release(job)
    job.reject(new OverBudget(job.name, job.budgetMs))
    void slot.worker.terminate()
    dispatch()
  }, job.budgetMs)
  slot.worker.postMessage({ id: job.id, name: job.name, input: job.input, deadline: Date.now() + job.softMs })
}

/**
 * The next task to start: taken in turn between people, not in arrival order — the first waiting
 * task of someone with nothing running, else of someone with the fewest running — and nobody runs
 * on more than THREADS − 1 threads, so one person's heavy requests always leave a thread for others.
 */
function nextJob(s: State): Job | null {
  const running = new Map<string, number>()
  for (const slot of s.slots) if (slot.job?.key) running.set(slot.job.key, (running.get(slot.job.key) ?? 0) + 1)
  let best: { at: number; load: number } | null = null
  for (let i = 0; i < s.queue.length; i++) {
    const key = s.queue[i].key
    const load = key ? (running.get(key) ?? 0) : 0
    if (key && load >= PER_KEY_RUNNING) continue
    if (!best || load < best.load) best = { at: i, load }
    if (load === 0) break
  }
  return best ? s.queue.splice(best.at, 1)[0] : null
}

function dispatch() {
  const s = state()
  for (const slot of s.slots) {
    if (!s.queue.length) break
    if (!slot.ready || slot.job) continue
    const job = nextJob(s)
    if (!job) break
    start(slot, job)
  }
  const starting = [...s.slots].filter((slot) => !slot.ready).length
  const wanted = Math.min(THREADS - s.slots.size, s.queue.length - starting)
  for (let i = 0; i < wanted; i++) spawn()
}

/** Heavy work that cannot be taken now: 429 with when to try again (the error contract's details). */
const busy = (message: string) => new AppError('rate_limited', message, { retryAfterSeconds: 5 })

export type OffloadOptions = {
  /** Hard limit on the task's running time (not counting its wait in the queue). */
  budgetMs: number
  /** When a task that can stop part-way should stop (ms after it starts; default: 3/4 of the budget). */
  softMs?: number
  /** Who asked (a user id): their share of the queue is limited. */
  key?: string
  /** Identical work asked for while it runs shares the first call's result. */
  dedupe?: string
}

/** Run a task on the pool: its result, or OverBudget, or an AppError (429/503) when the pool is full. */
export function offload<N extends TaskName>(name: N, input: TaskInput<N>, options: OffloadOptions): Promise<TaskOutput<N>> {
  const s = state()
  if (options.dedupe) {
    const key = `${name}:${options.dedupe}`
    const running = s.inFlight.get(key)
    if (running) return running as Promise<TaskOutput<N>>
    const p = enqueue(name, input, options).finally(() => s.inFlight.delete(key))
    s.inFlight.set(key, p)
    return p
  }
  return enqueue(name, input, options)
}

function enqueue<N extends TaskName>(name: N, input: TaskInput<N>, { budgetMs, softMs, key }: OffloadOptions): Promise<TaskOutput<N>> {
  const s = state()
  const soft = softMs ?? Math.floor((budgetMs * 3) / 4)
  // No worker file beside the sources (an unusual deployment): run here, still with the soft deadline.
  if (s.inProcess) return runTask(name, input, { deadline: Date.now() + soft })
  if (key && (s.perKey.get(key) ?? 0) >= MAX_PER_KEY) {
    return Promise.reject(busy(`You already have ${MAX_PER_KEY} heavy requests (imports, checks, comparisons) being worked on; wait for them to finish.`))
  }
  if (s.queue.length >= MAX_QUEUE) return Promise.reject(busy('The server is busy with other heavy requests (imports, checks, comparisons); try again in a moment.'))
  return new Promise<TaskOutput<N>>((resolve, reject) => {
    const job: Job = { id: s.next++, name, input, budgetMs, softMs: soft, key: key ?? null, resolve: resolve as (v: unknown) => void, reject, timer: null }
    if (key) s.perKey.set(key, (s.perKey.get(key) ?? 0) + 1)
    job.timer = setTimeout(() => {
      const at = s.queue.indexOf(job)
      if (at < 0) return
      s.queue.splice(at, 1)
      release(job)
      reject(busy(`The server has been busy with other heavy requests for ${Math.round(MAX_WAIT_MS / 1000)} s; try again in a moment.`))
    }, MAX_WAIT_MS)
    s.queue.push(job)
    dispatch()
  })
}

/** For /api/health/live and tests: where tasks run, threads alive, waiting tasks, threads stopped over budget. */
export function offloadStats(): { mode: 'worker' | 'in-process'; threads: number; busy: number; queued: number; stopped: number } {
  const s = state()
  return { mode: s.inProcess ? 'in-process' : 'worker', threads: s.slots.size, busy: [...s.slots].filter((x) => x.job).length, queued: s.queue.length, stopped: s.stopped }
}
