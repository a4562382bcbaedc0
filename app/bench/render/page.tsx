import { redirect } from 'next/navigation'
import { getSessionUser } from '@/lib/auth/session'
import { RenderBench } from '@/components/annotator/render-bench'

// /bench/render?article=<id>&annotations=0|1 — the harness `npm run bench` drives in Chromium.
export default async function RenderBenchPage() {
  if (!(await getSessionUser())) redirect('/signin?callbackUrl=/bench/render')
  return <RenderBench />
}
