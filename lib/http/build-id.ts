import fs from 'node:fs'
import path from 'node:path'

let cached: string | undefined

/**
 * The id of the running production build (`.next/BUILD_ID`), so validators of rendered pages
 * change with a deployment: a page cached before an upgrade names scripts the new build no longer
 * serves. "unbuilt" when there is none (scripts, tests run from sources).
 */
export function buildId(): string {
  if (cached === undefined) {
    try {
      cached = fs.readFileSync(path.join(process.cwd(), '.next', 'BUILD_ID'), 'utf8').trim()
    } catch {
      cached = 'unbuilt'
    }
  }
  return cached
}
