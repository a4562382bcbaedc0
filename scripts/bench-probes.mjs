// The hostile bench's probes, in a process of their own so that the attackers' traffic (large
// bodies, event streams) never delays the probes' own event loop and inflates what they measure.
// Env: BASE, COOKIE, ARTICLE, START (code point of "Vincent Pain"), SECONDS, WRITE (1: also write claims).
// Prints one JSON line: {health: [ms…], list: [ms…], failed, acknowledged: [ids…]}.
import http from 'node:http'

const { BASE, COOKIE, ARTICLE } = process.env
const deadline = Date.now() + Number(process.env.SECONDS) * 1000
const start = Number(process.env.START)

function send(agent, method, path, body) {
  const t = performance.now()
  return new Promise((resolve) => {
    const headers = { cookie: COOKIE }
    if (body) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
    const req = http.request(new URL(path, BASE), { method, agent, headers }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t }))
    })
    req.on('error', (err) => resolve({ status: 0, body: String(err), ms: performance.now() - t }))
    req.end(body)
  })
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

async function probes() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 })
  const health = []
  const list = []
  let failed = 0
  while (Date.now() < deadline) {
    const h = await send(agent, 'GET', '/api/health')
    const l = await send(agent, 'GET', `/api/articles/${ARTICLE}/annotations`)
    if (h.status !== 200 || l.status !== 200) failed += 1
    health.push(h.ms)
    list.push(l.ms)
    await sleep(50)
  }
  agent.destroy()
  return { health, list, failed }
}

async function writer() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const acknowledged = []
  const body = JSON.stringify({ kind: 'claim', start, end: start + 'Vincent Pain'.length, exact: 'Vincent Pain', note: 'hostile bench' })
  while (process.env.WRITE === '1' && Date.now() < deadline) {
    const res = await send(agent, 'POST', `/api/articles/${ARTICLE}/annotations`, body)
    if (res.status === 201) acknowledged.push(JSON.parse(res.body).id)
    await sleep(100)
  }
  agent.destroy()
  return acknowledged
}

const [p, acknowledged] = await Promise.all([probes(), writer()])
console.log(JSON.stringify({ ...p, acknowledged }))
