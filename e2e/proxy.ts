import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/**
 * A reverse proxy on localhost in front of an app instance, for specs that need the network to
 * fail: `drop()` cuts every open connection and refuses new ones (a proxy restarting) until
 * `restore()`. Responses are streamed through as they come (Server-Sent Events included).
 */
export async function startProxy(target: string): Promise<{ url: string; drop: () => void; restore: () => void; close: () => Promise<void> }> {
  const to = new URL(target)
  let down = false
  const sockets = new Set<Socket>()
  const server = http.createServer((req, res) => {
    const upstream = http.request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers)
      up.pipe(res)
    })
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  server.on('connection', (socket) => {
    if (down) return socket.destroy()
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    drop: () => {
      down = true
      for (const s of sockets) s.destroy()
    },
    restore: () => {
      down = false
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}
