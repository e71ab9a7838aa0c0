import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // DynamoDB Local and the local mailbox are started once per worker; give slow starts room.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/support/build-panel.ts'],
    // Handlers log through Powertools; tests read answers, not logs. Set before any logger exists,
    // because the logging middleware resets the level to the initial one on every call.
    // Locally nothing collects metrics (EMF on stdout) or traces; the use-case tests count metrics themselves.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' },
  },
});
