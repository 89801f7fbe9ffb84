import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/global-setup.ts'],
    // Every test file runs with the providers the entry points hand over (the local analyser to the LLM path).
    setupFiles: ['src/modules/providers.ts'],
    pool: 'forks',
    maxWorkers: 2,
  },
})
