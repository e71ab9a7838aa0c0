// The deployed definition's Retry and Catch, run by the local runner with stub handlers that fail as
// AWS would make them fail: each transient error is retried and the request ends right; any other
// error ends where the definition says, and an operational failure fails the execution (it pages). A
// business outcome is no error at all: apply returns it as data.
// Retries wait 0 ms here (the runner's retryDelayMs); the backoff itself is definition.test.ts's.
import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { loadDefinition } from '../../infra/local/workflow-definition';
import { createLocalWorkflow, type LocalWorkflow } from '../../infra/local/workflow-runner';
import type { CloseEvent } from '../../shared/workflow/events';

type Task = 'askConfirmer' | 'apply' | 'close' | 'receipt';

const named = (name: string) => Object.assign(new Error(`injected ${name}`), { name });
const TRANSIENT = [
  'TransientFailure',
  'Lambda.ServiceException',
  'Lambda.TooManyRequestsException',
  'Lambda.Unknown',
  'Sandbox.Timedout',
];

interface Failing {
  error: () => Error;
  /** How many first calls throw; Infinity for all. */
  times: number;
}

/**
 * One request through a runner whose handlers throw as `failing` says; a confirmer who is asked
 * accepts, handing the receipt to the workflow when `receipt` says so.
 */
async function run(failing: Partial<Record<Task, Failing>>, { receipt = false } = {}) {
  const calls: { task: Task; event: Record<string, unknown> }[] = [];
  const failures: unknown[] = [];
  const thrown = new Map<Task, number>();
  // Every event holds requestId; the ask's also its taskToken.
  const handler = (task: Task) => async (received: { requestId: string }) => {
    const event = received as unknown as Record<string, unknown>;
    calls.push({ task, event });
    const fails = failing[task];
    if (fails && (thrown.get(task) ?? 0) < fails.times) {
      thrown.set(task, (thrown.get(task) ?? 0) + 1);
      throw fails.error();
    }
    if (task === 'askConfirmer')
      await workflow.sendTaskSuccess(String(event.taskToken), receipt ? { nic: event.nic, receipt } : {});
  };
  const workflow: LocalWorkflow = createLocalWorkflow({
    ...loadDefinition(),
    retryDelayMs: 0,
    onError: (e) => failures.push(e),
    handlers: {
      askConfirmer: handler('askConfirmer'),
      apply: handler('apply'),
      close: handler('close'),
      receipt: handler('receipt'),
    },
  });
  const requestId = randomUUID();
  await workflow.start(requestId, { requestId, confirmers: ['aa111111-ovh'], timeoutSeconds: 600 });
  await vi.waitFor(() => expect(workflow.running()).toBe(0), { timeout: 5_000 });
  // The engine wraps a failed execution's error; its cause is the error of the Fail state.
  const failure = failures[0] as { cause?: { name?: string } } | undefined;
  return {
    count: (task: Task) => calls.filter((c) => c.task === task).length,
    closes: calls.filter((c) => c.task === 'close').map((c) => c.event as unknown as CloseEvent),
    failed: failures.length > 0,
    failure: failure?.cause,
  };
}

const always = (error: () => Error): Failing => ({ error, times: Infinity });

describe('a transient error is retried, and the request ends as if it had not happened', () => {
  it.each(TRANSIENT)('%s in apply: applied at the third try', async (name) => {
    const r = await run({ apply: { error: () => named(name), times: 2 } });
    expect(r.count('apply')).toBe(3);
    expect(r.closes).toEqual([]);
    expect(r.failed).toBe(false);
  });

  it('a hung apply (States.Timeout of its task): retried, applied', async () => {
    const r = await run({ apply: { error: () => named('States.Timeout'), times: 1 } });
    expect(r.count('apply')).toBe(2);
    expect(r.failed).toBe(false);
  });

  it.each(TRANSIENT)('%s in the ask: asked again, then applied', async (name) => {
    const r = await run({ askConfirmer: { error: () => named(name), times: 1 } });
    expect(r.count('askConfirmer')).toBe(2);
    expect(r.count('apply')).toBe(1);
    expect(r.failed).toBe(false);
  });

  it("TransientFailure in a refusal's close: retried, closed as refused, and the execution succeeds", async () => {
    const r = await run({
      askConfirmer: always(() => named('Refused')),
      close: { error: () => named('TransientFailure'), times: 3 },
    });
    expect(r.closes).toMatchObject(Array(4).fill({ cause: 'refused' }));
    expect(r.failed).toBe(false);
  });

  it.each(TRANSIENT)('%s in the receipt: sent at the third try, then applied', async (name) => {
    const r = await run({ receipt: { error: () => named(name), times: 2 } }, { receipt: true });
    expect(r.count('receipt')).toBe(3);
    expect(r.count('apply')).toBe(1);
    expect(r.failed).toBe(false);
  });

  it('no receipt handed over: no receipt step', async () => {
    const r = await run({});
    expect(r.count('receipt')).toBe(0);
    expect(r.count('apply')).toBe(1);
  });
});

describe('an error that outlasts the retries, or is not transient, ends where the definition says', () => {
  it('apply failing on every try: 1 + 6 tries, never closed as failed, and the execution fails (ApplyFailed)', async () => {
    const r = await run({ apply: always(() => named('TransientFailure')) });
    expect(r.count('apply')).toBe(7);
    expect(r.closes).toEqual([]);
    expect(r.failed).toBe(true);
    expect(r.failure?.name).toBe('ApplyFailed');
  });

  it("apply's own bug: not retried, left applying, the execution fails", async () => {
    const r = await run({ apply: always(() => new Error('a bug')) });
    expect(r.count('apply')).toBe(1);
    expect(r.closes).toEqual([]);
    expect(r.failed).toBe(true);
  });

  it('an ask that cannot be made: closed as failed, so people are told, and the execution fails', async () => {
    const r = await run({ askConfirmer: always(() => new Error('no such account')) });
    expect(r.count('apply')).toBe(0);
    expect(r.closes).toMatchObject([{ cause: 'failed', error: { Error: 'Error' } }]);
    expect(r.failed).toBe(true);
  });

  it('the end of the window in the ask is never retried: closed as expired, no page', async () => {
    const r = await run({ askConfirmer: always(() => named('States.Timeout')) });
    expect(r.count('askConfirmer')).toBe(1);
    expect(r.closes).toMatchObject([{ cause: 'expired', error: { Error: 'States.Timeout' } }]);
    expect(r.failed).toBe(false);
  });

  it.each([
    ['failing on every try (1 + 6 tries)', always(() => named('TransientFailure')), 7],
    ['with its own bug (not retried)', always(() => new Error('a bug')), 1],
  ])('a receipt %s is lost, never the request: applied, nothing closed, no page', async (_, fails, tries) => {
    const r = await run({ receipt: fails }, { receipt: true });
    expect(r.count('receipt')).toBe(tries);
    expect(r.count('apply')).toBe(1);
    expect(r.closes).toEqual([]);
    expect(r.failed).toBe(false);
  });

  it('a refusal whose close fails on every try: the execution fails (CloseFailed) with the error it kept getting', async () => {
    const r = await run({
      askConfirmer: always(() => named('Refused')),
      close: always(() => named('TransientFailure')),
    });
    expect(r.closes).toMatchObject(Array(7).fill({ cause: 'refused' }));
    expect(r.failed).toBe(true);
    expect(r.failure?.name).toBe('TransientFailure');
  });
});
