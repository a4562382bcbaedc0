/**
 * One colour per state, shared by the overview strip and the progress line (never the only cue:
 * both say the state in text too). Chosen to stay apart for the common colour-vision deficiencies
 * (blue / orange / grey / teal / purple / dark red) and with at least 3:1 against white.
 */
export const STATE_COLOURS = {
  open: '#c2410c', // orange-700
  approved: '#1d4ed8', // blue-700
  rejected: '#78716c', // stone-500
  applied: '#0f766e', // teal-700
  orphaned: '#9f1239', // rose-800
  suggestion: '#7c3aed', // violet-600
} as const

export type OverviewState = keyof typeof STATE_COLOURS
