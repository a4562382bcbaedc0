// One thread of the offload pool (lib/server/offload.ts): it runs one task at a time — suggestion
// checks, quote checks, placing imported annotations, reading a web page, re-anchoring, diffs — so
// the server's main thread keeps answering requests and delivering live events meanwhile. Plain
// JavaScript: it loads the TypeScript tasks through tsx, as `npm start` itself runs.
import os from 'node:os'
import { parentPort } from 'node:worker_threads'
import { tsImport } from 'tsx/esm/api'

// This thread runs at a lower priority than the server's own (on Linux a thread has a nice value of
// its own): when the machine is busy, answering requests and the database come first.
try {
  os.setPriority(Number(process.env.GALLEY_OFFLOAD_NICE ?? 10))
} catch {
  // not allowed here: the thread runs at the server's priority
}

const { runTask } = await tsImport('./offload-tasks.ts', import.meta.url)

parentPort.on('message', async ({ id, name, input, deadline }) => {
  try {
    parentPort.postMessage({ id, result: await runTask(name, input, { deadline }) })
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) })
  }
})
parentPort.postMessage({ ready: true })
