// The checks' own thread (lib/suggest/off-thread.ts): harper.js's start-up (seconds) and each
// article's checks (0.4 s for 20,000 words) run here, so the server's main thread keeps answering
// requests and delivering live events meanwhile. Plain JavaScript: it loads the TypeScript checks
// through tsx, as `npm start` itself runs.
import { parentPort } from 'node:worker_threads'
import { tsImport } from 'tsx/esm/api'

const { runChecks } = await tsImport('./run-checks.ts', import.meta.url)

parentPort.on('message', async ({ id, body, sources, options }) => {
  try {
    parentPort.postMessage({ id, result: await runChecks(body, sources, options ?? {}) })
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.stack ?? err.message : String(err) })
  }
})
parentPort.postMessage({ ready: true })
