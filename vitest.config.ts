import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Tests that run on the local stack or DynamoDB Local: real servers, real I/O. */
const STACK = ['integration', 'workflow', 'acceptance', 'e2e', 'concurrency', 'faults', 'permissions'];
/** Tests that need no server: the domain, the use cases on in-memory ports, the CDK stack. */
const FAST = ['unit', 'usecases', 'infra'];

const folders = (names: string[]) => names.map((name) => `test/${name}/**/*.test.ts`);
/** Bundles every function with esbuild, a child process that a worker thread cannot give its stdio. */
const NEEDS_A_PROCESS = ['test/infra/bundle.test.ts'];

/**
 * The files that take longest, longest first (measured in issue 20, a full run's JSON report). On
 * two workers a long file started last runs alone at the end: the restart test, with its two JVM
 * starts, began 85 s before the end of a loaded run, the other worker idle for all of them. Started
 * first, the short ones fill the other worker around it. A fresh clone has no timings of its own
 * for vitest's default order to go by.
 */
const SLOWEST = [
  // Issue 20 again, by CPU-seconds of the file alone, after the browser tests stopped loading each
  // document once per width and DynamoDB Local's JIT was made cheaper: properties ~49, panel-batch
  // ~24, panel-a11y ~13, confirm-page ~12, emails ~11 (each beyond vitest's and Java's ~9.5 s start).
  'test/acceptance/properties.test.ts',
  'test/e2e/panel-batch.test.ts',
  'test/e2e/confirm-page.visual.test.ts',
  'test/e2e/emails.visual.test.ts',
  'test/e2e/panel-a11y.test.ts',
  'test/workflow/restart.test.ts',
  'test/e2e/panel-actions.test.ts',
  'test/e2e/panel-errors.test.ts',
  'test/integration/dynamodb-local-loopback.test.ts',
  'test/e2e/panel-people.test.ts',
  'test/e2e/panel-story.test.ts',
  'test/infra/pipeline-role.test.ts',
  'test/acceptance/batch-emails.test.ts',
  'test/e2e/panel-keyboard.test.ts',
  'test/e2e/walkthrough.test.ts',
  'test/acceptance/rate-limits.test.ts',
  'test/concurrency/http-races.test.ts',
];

class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = SLOWEST.findIndex((path) => file.moduleId.endsWith(path));
      return index === -1 ? SLOWEST.length : index;
    };
    // Array.prototype.sort is stable: the rest keep vitest's order (its timings, else larger first).
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

/**
 * Room for a slow start (DynamoDB Local, a synthesis, a bundle) and a slow answer on a machine busy
 * with other work: these bound how long a test may wait, never what it asserts. Set in each project,
 * which does not take them from the root. `expect.poll` (the browser tests wait for the panel with
 * it) would otherwise give up after one second.
 */
const SLOW_MACHINE = {
  testTimeout: 60_000,
  hookTimeout: 180_000,
  expect: { poll: { timeout: 30_000 } },
};

export default defineConfig({
  test: {
    sequence: { sequencer: SlowestFirst },
    // The machine's cores: the stack tests wait on I/O much of the time, the fast ones fill the gaps.
    // Three workers were tried (issue 20): on a machine at a load average of 20 to 30, the property
    // tests' local server then reset connections (ECONNRESET) and four routes ran out of their 300 s.
    maxWorkers: 2,
    // Handlers log through Powertools; tests read answers, not logs. Set before any logger exists,
    // because the logging middleware resets the level to the initial one on every call.
    // Locally nothing collects metrics (EMF on stdout) or traces; the use-case tests count metrics themselves.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          include: folders(FAST),
          exclude: NEEDS_A_PROCESS,
          pool: 'threads',
          ...SLOW_MACHINE,
          // The default stack synthesised once for the run, its template shared (test/infra/synth.ts).
          globalSetup: ['test/support/global-synth.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'stack',
          include: [...folders(STACK), ...NEEDS_A_PROCESS],
          // One process per file: each file's local stack sets the process's runtime (shared/runtime.ts).
          pool: 'forks',
          ...SLOW_MACHINE,
          // The panel built once when stale; one DynamoDB Local for the run (each file in its own tables).
          globalSetup: ['test/support/build-panel.ts', 'test/support/global-setup.ts'],
          setupFiles: ['test/support/stack-setup.ts'],
        },
      },
    ],
  },
});
