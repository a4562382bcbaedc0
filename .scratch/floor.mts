import http from 'node:http'
import { startTestEnvironment } from '@/lib/server/test-env'
import { ApiClient } from '@/lib/testing/api-client'
process.env.GALLEY_LIVE_MAX_STREAMS_PER_USER = '5000'
process.env.GALLEY_EXPOSE_MEMORY = '1'
process.env.NODE_OPTIONS = '--expose-gc'
const env = await startTestEnvironment({ label: 'floor', port: 3300, log: () => {} })
try {
  const A = env.baseUrl
  const ed = await ApiClient.as('editor@galley.test', undefined, A)
  const id = (await ed.post('/api/articles', { title: 'f', body: 'Hello there world.' })).body.id
  const heap = async () => { const m = (await (await fetch(`${A}/api/health`)).json()).memory; return m.heapUsed + m.external + m.arrayBuffers }
  const sink = (path: string) => new Promise<() => void>((resolve, reject) => {
    const req = http.get(`${A}${path}`, { headers: { cookie: ed.cookieHeader } }, (res) => { if (res.statusCode !== 200) reject(new Error(String(res.statusCode))); res.once('data', () => resolve(() => req.destroy())); res.on('data', () => {}) })
    req.on('error', () => {})
  })
  for (const path of ['/api/health/stream-floor', `/api/articles/${id}/events`, '/api/health/stream-floor', `/api/articles/${id}/events`]) {
    const open: Array<() => void> = []
    for (let i = 0; i < 20; i++) open.push(await sink(path))
    await new Promise((r) => setTimeout(r, 1000))
    const h0 = await heap()
    for (let i = 0; i < 10; i++) open.push(...(await Promise.all(Array.from({ length: 100 }, () => sink(path)))))
    await new Promise((r) => setTimeout(r, 2000))
    const h1 = await heap()
    console.log(path, ((h1 - h0) / 1000 / 1024).toFixed(1), 'KB per stream')
    for (const c of open) c()
    await new Promise((r) => setTimeout(r, 2000))
  }
} finally { await env.stop() }
