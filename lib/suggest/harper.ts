/**
 * The one harper.js linter of this process (Apache-2.0, WASM shipped in the npm package, no
 * downloads). Building it and letting V8 compile its WASM costs seconds, so that is paid once per
 * process, on first use (the page never waits: suggestions are fetched after it), never per request.
 */
import type { LocalLinter } from 'harper.js'

const holder = globalThis as unknown as { galleyHarper?: Promise<LocalLinter> }

/** Harper's rules that are precise on news copy; everything else is off (style rules flag good prose). */
export const HARPER_RULES = ['SpellCheck', 'AnA', 'ModalOf'] as const

async function build(): Promise<LocalLinter> {
  const harper = await import('harper.js')
  const { binary } = await import('harper.js/binary')
  const linter = new harper.LocalLinter({ binary, dialect: harper.Dialect.American })
  const config = await linter.getLintConfig()
  for (const rule of Object.keys(config)) config[rule] = (HARPER_RULES as readonly string[]).includes(rule)
  await linter.setLintConfig(config)
  // The first lints run in V8's baseline WASM tier; a few thousand words get the optimised one.
  const warm = 'The council said it would build a new road. An editor checks every name and figure before the story runs. '
  await linter.lint(warm.repeat(200), { language: 'plaintext' })
  return linter
}

export function harperLinter(): Promise<LocalLinter> {
  holder.galleyHarper ??= build().catch((err) => {
    holder.galleyHarper = undefined
    throw err
  })
  return holder.galleyHarper
}
