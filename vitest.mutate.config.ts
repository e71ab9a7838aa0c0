import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant of shared/domain and shared/usecases (`npm run mutate`, docs/mutation.md):
 * the fast tests that need no synthesis or server, in one plain project, because Stryker's vitest
 * runner finds no test in a workspace of projects.
 */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/usecases/**/*.test.ts'],
    // Checks of files beside the code (generated API types, the lint layers): no mutant of the domain
    // can change their outcome, and Stryker's sandbox copy does not hold what they compare against.
    exclude: ['test/unit/api-client.test.ts', 'test/unit/layers.test.ts'],
    pool: 'threads',
    testTimeout: 60_000,
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' },
  },
});
