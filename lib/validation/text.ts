import { z } from 'zod'

/** PostgreSQL text cannot hold NUL; everything else in Unicode is fine. */
export const noNul = (s: string) => !s.includes('\u0000')

/** Any text up to `max` characters (may be empty), without NUL bytes. */
export const text = (max: number) => z.string().max(max, `must be at most ${max} characters`).refine(noNul, 'must not contain NUL bytes')

/** Trimmed text of 1 to `max` characters, without NUL bytes. */
export const requiredText = (max: number) =>
  z.string({ message: 'is required' }).trim().min(1, 'is required').max(max, `must be at most ${max} characters`).refine(noNul, 'must not contain NUL bytes')
