import { defineConfig } from 'vitest/config'

// Files whose whole-lab audits must see the fixed lab's latency (monitor.latency, p95 under 300 ms) pass, or compare
// a run against a baseline in which it passed. On 2 cores a second worker's audit stalls the lab by hundreds of
// milliseconds, so these run last, one at a time, with nothing beside them; every other file runs two at a time.
const ALONE = [
  'test/ci/gate.test.ts',
  'test/cli/against.test.ts',
  'test/cli/demo-against.test.ts',
  'test/cli/demo.test.ts',
  'test/cli/regressions.test.ts',
  'test/cli/workflow.test.ts',
  'test/e2e/wizard.test.ts',
  'test/lab/demo-lab.test.ts',
  'test/monitoring/checks-lab.test.ts',
  'test/monitoring/sampler-lab.test.ts',
  'test/report/latency-figure.test.ts',
  'test/report/monitoring-map.test.ts',
]

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['test/helpers/global-setup.ts'],
    // A failed assertion shows what it got (up to 500 characters), so a CI log's summary names the results.
    chaiConfig: { truncateThreshold: 500 },
    projects: [
      {
        extends: true,
        test: {
          name: 'parallel',
          include: ['test/**/*.test.ts'],
          exclude: ALONE,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'alone', include: ALONE, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
})
