import path from 'node:path'
import { defineConfig } from 'vitest/config'

// `server-only` throws outside React Server Components; tests and scripts run lib/ code directly.
const serverOnly = path.resolve(import.meta.dirname, 'node_modules/server-only/empty.js')

export default defineConfig({
  resolve: { tsconfigPaths: true, alias: { 'server-only': serverOnly } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['lib/**/*.test.ts', 'components/**/*.test.ts'], exclude: ['**/*.int.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: ['node_modules/**', '.next/**', '.data/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // The suites share one server and database; files run in parallel on two cores.
          maxWorkers: 2,
        },
      },
    ],
  },
})
