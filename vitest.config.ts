import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['test/helpers/global-setup.ts'],
    // A failed assertion shows what it got (up to 500 characters), so a CI log's summary names the results.
    chaiConfig: { truncateThreshold: 500 },
  },
})
