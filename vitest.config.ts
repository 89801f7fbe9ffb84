import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/global-setup.ts'],
    // The local analyser is handed to the LLM call path as the entry points do (src/modules/providers.ts); tests
    // that use connectors without building the app import providers.ts themselves.
    setupFiles: ['src/modules/provide-local-analyser.ts'],
    pool: 'forks',
    isolate: false,
    maxWorkers: 2,
  },
})
