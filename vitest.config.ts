import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll's default second is shorter than a page's refetch on a loaded 2-core machine (browser tests
    // failed at load 12 while the UI was merely late); a poll still fails when the state never comes.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    globalSetup: ['test/global-setup.ts'],
    // The local analyser is handed to the LLM call path as the entry points do (src/modules/providers.ts); tests
    // that use connectors without building the app import providers.ts themselves.
    setupFiles: ['src/modules/provide-local-analyser.ts'],
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        // Module tests share one module graph per worker: a fresh graph per file spent most of the suite's import
        // time loading the app again. Tests that change process.env or fake timers restore them in afterAll.
        test: {
          name: 'modules',
          include: ['src/**/*.test.ts'],
          isolate: false,
          setupFiles: ['src/modules/provide-local-analyser.ts', 'test/close-test-databases.ts'],
        },
      },
      {
        extends: true,
        // End-to-end tests start servers, workers, CLIs and browsers: a fresh process per file gives their memory
        // back (shared, the workers grew past 10 GB).
        test: { name: 'e2e', include: ['test/**/*.test.ts'], isolate: true },
      },
    ],
  },
})
