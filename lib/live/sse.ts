import 'server-only'
import { AppError } from '@/lib/errors'
import { isEventId } from '@/lib/validation/numbers'
import { presentedCredential, type SessionUser } from '@/lib/auth/session'
import { hub, type Scope } from './hub'

/**
 * Where a stream resumes: the `Last-Event-ID` header a browser's EventSource sends on reconnect,
 * or `?lastEventId=` (a page opening its first stream passes the log position it was rendered
 * at, so nothing committed in between is missed). Absent: from now.
 */
export function resumePosition(req: Request): bigint | null {
  const raw = req.headers.get('last-event-id') ?? new URL(req.url).searchParams.get('lastEventId')
  if (raw === null || raw === '') return null
  if (!isEventId(raw.trim())) {
    throw new AppError('validation_failed', 'Last-Event-ID must be an event id this server sent (a whole number).')
  }
  return BigInt(raw.trim())
}

const HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  // no-transform: compression (Next's own, or a proxy's) leaves the stream alone and never buffers it.
  'Cache-Control': 'no-cache, no-transform',
  // nginx: do not buffer this response.
  'X-Accel-Buffering': 'no',
  Connection: 'keep-alive',
}

/** An SSE response for the signed-in `user`, fed by this process's hub until the client goes. */
export async function eventStream(req: Request, user: SessionUser, scope: Scope): Promise<Response> {
  const lastEventId = resumePosition(req)
  // Taken before anything is awaited, so parallel requests cannot all slip under the cap.
  const release = hub().reserve(user.id)
  let credential: Awaited<ReturnType<typeof presentedCredential>>
  try {
    credential = await presentedCredential()
  } catch (err) {
    release()
    throw err
  }
  if (!credential || credential.kind === 'invalid') {
    release()
    throw new AppError('unauthorized', 'Sign in to use Galley.')
  }
  const presented = credential
  const encoder = new TextEncoder()
  let detach: (() => void) | null = null
  let closed = false
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const sink = {
        write(chunk: string | Uint8Array) {
          if (closed) return false
          // A reader 1 MB behind is not reading: drop it (it reconnects and replays).
          if ((controller.desiredSize ?? 0) < -(1 << 20)) return false
          try {
            controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk)
            return true
          } catch {
            return false
          }
        },
        end() {
          if (closed) return
          closed = true
          try {
            controller.close()
          } catch {
            // already closed
          }
        },
      }
      try {
        detach = await hub().attach({ user, credential: presented, scope, lastEventId, sink, signal: req.signal, release })
      } catch (err) {
        release()
        console.error('[live] could not open a stream:', (err as Error).message)
        sink.write(`event: error\ndata: ${JSON.stringify({ code: 'unavailable', message: 'Live updates are unavailable; retrying.' })}\n\n`)
        sink.end()
        return
      }
      if (closed || req.signal.aborted) detach()
    },
    cancel() {
      closed = true
      detach?.()
    },
  }, new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }))
  // Next aborts the request's signal when the client goes away; cancel() alone is not always called.
  req.signal.addEventListener('abort', () => {
    closed = true
    detach?.()
  }, { once: true })
  return new Response(stream, { headers: HEADERS })
}
