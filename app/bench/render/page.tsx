import { pageUser } from '@/lib/auth/page'
import { RenderBench } from '@/components/annotator/render-bench'

// /bench/render?article=<id>&annotations=0|1 — the harness `npm run bench` drives in Chromium.
export default async function RenderBenchPage() {
  await pageUser('/bench/render')
  return <RenderBench />
}
