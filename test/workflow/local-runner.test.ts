// The synthesised contact-change definition, run by the local runner with stub handlers that record
// what the workflow asked of them. Each test starts its own request id, so tests share one runner.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadDefinition } from '../../infra/local/workflow-definition';
import { createLocalWorkflow, type LocalWorkflow } from '../../infra/local/workflow-runner';
import type { AskConfirmerEvent, CloseEvent, ReceiptEvent } from '../../shared/workflow/events';

interface Call {
  fn: 'askConfirmer' | 'apply' | 'close' | 'receipt';
  event: { requestId: string } & Record<string, unknown>;
}

const calls: Call[] = [];
const errors: unknown[] = [];
/** What a test wants a handler to do for its request, besides being recorded. */
const behaviour = new Map<
  string,
  {
    ask?: (e: AskConfirmerEvent) => Promise<void>;
    close?: (e: CloseEvent) => Promise<void>;
    receipt?: (e: ReceiptEvent) => Promise<void>;
  }
>();
let workflow: LocalWorkflow;

const callsOf = (requestId: string, fn?: Call['fn']) =>
  calls.filter((c) => c.event.requestId === requestId && (!fn || c.fn === fn));
const tokenOf = (requestId: string, nic: string) =>
  callsOf(requestId, 'askConfirmer').find((c) => c.event.nic === nic)?.event.taskToken as string;

beforeAll(() => {
  const { definition, functionArns } = loadDefinition();
  workflow = createLocalWorkflow({
    definition,
    functionArns,
    onError: (error) => errors.push(error),
    handlers: {
      askConfirmer: async (event) => {
        calls.push({ fn: 'askConfirmer', event: { ...event } });
        await behaviour.get(event.requestId)?.ask?.(event);
      },
      apply: async (event) => {
        calls.push({ fn: 'apply', event: { ...event } });
      },
      close: async (event) => {
        calls.push({ fn: 'close', event: { ...event } });
        await behaviour.get(event.requestId)?.close?.(event);
      },
      receipt: async (event) => {
        calls.push({ fn: 'receipt', event: { ...event } });
        await behaviour.get(event.requestId)?.receipt?.(event);
      },
    },
  });
});

afterAll(async () => {
  await workflow.stopAll();
  expect(errors).toEqual([]);
});

/** Starts a request for aa111111-ovh and bb222222-ovh and waits until both were asked. */
async function startAsked(timeoutSeconds = 600) {
  const requestId = randomUUID();
  await workflow.start(requestId, {
    requestId,
    confirmers: ['aa111111-ovh', 'bb222222-ovh'],
    timeoutSeconds,
  });
  await vi.waitFor(() => expect(callsOf(requestId, 'askConfirmer')).toHaveLength(2));
  return { requestId, a: tokenOf(requestId, 'aa111111-ovh'), b: tokenOf(requestId, 'bb222222-ovh') };
}

const ended = (requestId: string) =>
  vi.waitFor(() => expect(callsOf(requestId).at(-1)?.fn).toMatch(/apply|close/), { timeout: 5_000 });

describe('the contact-change workflow, run locally', () => {
  it('asks every confirmer with its own token, then applies once both accepted', async () => {
    const { requestId, a, b } = await startAsked();
    expect(callsOf(requestId, 'askConfirmer').map((c) => c.event)).toEqual([
      { requestId, nic: 'aa111111-ovh', taskToken: a },
      { requestId, nic: 'bb222222-ovh', taskToken: b },
    ]);
    expect(a).not.toEqual(b);

    expect(await workflow.sendTaskSuccess(a, { nic: 'aa111111-ovh' })).toBe(true);
    expect(callsOf(requestId, 'apply')).toEqual([]);
    expect(await workflow.sendTaskSuccess(b, { nic: 'bb222222-ovh' })).toBe(true);

    await ended(requestId);
    expect(callsOf(requestId).map((c) => c.fn)).toEqual(['askConfirmer', 'askConfirmer', 'apply']);
    expect(callsOf(requestId, 'apply')[0]?.event).toEqual({ requestId });
    expect(await workflow.sendTaskSuccess(a, {})).toBe(false);
  });

  it('while answers are held, says whether each waited, and the execution hears them only at release', async () => {
    const { requestId, a, b } = await startAsked();
    workflow.hold();
    try {
      expect(await workflow.sendTaskSuccess(a, { nic: 'aa111111-ovh' })).toBe(true);
      expect(await workflow.sendTaskSuccess(b, { nic: 'bb222222-ovh' })).toBe(true);
      expect(await workflow.sendTaskSuccess(a, {})).toBe(false); // taken already, held or not
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(callsOf(requestId, 'apply')).toEqual([]);
    } finally {
      workflow.release();
    }
    await ended(requestId);
    expect(callsOf(requestId).map((c) => c.fn)).toEqual(['askConfirmer', 'askConfirmer', 'apply']);
  });

  it('sends the receipt only in the iteration whose wait was answered with `receipt`, then applies', async () => {
    const { requestId, a, b } = await startAsked();
    expect(await workflow.sendTaskSuccess(a, { nic: 'aa111111-ovh', receipt: true })).toBe(true);
    await vi.waitFor(() => expect(callsOf(requestId, 'receipt')).toHaveLength(1));
    expect(callsOf(requestId, 'receipt')[0]?.event).toEqual({ requestId, nic: 'aa111111-ovh' });
    expect(callsOf(requestId, 'apply')).toEqual([]);
    // Answered without it (the last acceptance, an ask ending its own wait), or with no output at all.
    expect(await workflow.sendTaskSuccess(b, null)).toBe(true);
    await ended(requestId);
    expect(callsOf(requestId).map((c) => c.fn)).toEqual(['askConfirmer', 'askConfirmer', 'receipt', 'apply']);
  });

  it('a receipt step that fails does not fail the Map: the change is still applied, nothing is closed', async () => {
    const { requestId, a, b } = await startAsked();
    behaviour.set(requestId, {
      receipt: async () => {
        throw new Error('SES and the table are gone');
      },
    });
    expect(await workflow.sendTaskSuccess(a, { nic: 'aa111111-ovh', receipt: true })).toBe(true);
    await vi.waitFor(() => expect(callsOf(requestId, 'receipt')).toHaveLength(1));
    expect(await workflow.sendTaskSuccess(b, { nic: 'bb222222-ovh' })).toBe(true);
    await ended(requestId);
    expect(callsOf(requestId).map((c) => c.fn)).toEqual(['askConfirmer', 'askConfirmer', 'receipt', 'apply']);
    expect(errors).toEqual([]);
  });

  it('takes an answer given from inside the ask (a confirmer who had already accepted)', async () => {
    const requestId = randomUUID();
    behaviour.set(requestId, {
      ask: async (e) => void (await workflow.sendTaskSuccess(e.taskToken, { nic: e.nic })),
    });
    await workflow.start(requestId, { requestId, confirmers: ['aa111111-ovh'], timeoutSeconds: 600 });
    await ended(requestId);
    expect(callsOf(requestId).map((c) => c.fn)).toEqual(['askConfirmer', 'apply']);
  });

  it('closes as refused when one confirmer refuses, and abandons the other wait', async () => {
    const { requestId, a, b } = await startAsked();
    let otherAnswered: boolean | undefined;
    behaviour.set(requestId, {
      close: async () => void (otherAnswered = await workflow.sendTaskSuccess(b, {})),
    });

    expect(await workflow.sendTaskFailure(a, 'Refused', 'aa111111-ovh refused')).toBe(true);
    await ended(requestId);
    expect(callsOf(requestId, 'close').map((c) => c.event)).toEqual([
      { requestId, cause: 'refused', error: { Error: 'Refused', Cause: 'aa111111-ovh refused' } },
    ]);
    expect(otherAnswered).toBe(false);
    expect(callsOf(requestId, 'apply')).toEqual([]);
  });

  it('closes as cancelled when the asker withdraws', async () => {
    const { requestId, b } = await startAsked();
    expect(await workflow.sendTaskFailure(b, 'Cancelled', 'the asker withdrew it')).toBe(true);
    await ended(requestId);
    expect(callsOf(requestId, 'close')[0]?.event).toMatchObject({
      cause: 'cancelled',
      error: { Error: 'Cancelled' },
    });
  });

  it('closes as expired when a confirmer does not answer within timeoutSeconds', async () => {
    const { requestId, a, b } = await startAsked(2);
    expect(await workflow.sendTaskSuccess(a, {})).toBe(true);
    await vi.waitFor(() => expect(callsOf(requestId, 'close')).toHaveLength(1), { timeout: 4_000 });
    expect(callsOf(requestId, 'close')[0]?.event).toMatchObject({
      cause: 'expired',
      error: { Error: 'States.Timeout' },
    });
    expect(await workflow.sendTaskSuccess(b, {})).toBe(false);
    expect(callsOf(requestId, 'apply')).toEqual([]);
  });

  it('answers false for a token it never issued', async () => {
    expect(await workflow.sendTaskSuccess('no-such-token', {})).toBe(false);
    expect(await workflow.sendTaskFailure('no-such-token', 'Refused', 'nobody')).toBe(false);
  });

  it('stops a waiting execution: nothing more runs and its tokens are dead', async () => {
    const { requestId, a } = await startAsked();
    const before = workflow.running();
    await workflow.stop(requestId, 'swept');
    expect(workflow.running()).toBe(before - 1);
    expect(await workflow.sendTaskSuccess(a, {})).toBe(false);
    await workflow.stop(requestId, 'again');
    expect(callsOf(requestId).map((c) => c.fn)).toEqual(['askConfirmer', 'askConfirmer']);
  });

  it('hands a failed execution to onError, never to an unhandled rejection', async () => {
    const failures: { error: unknown; requestId: string }[] = [];
    const { definition, functionArns } = loadDefinition();
    const failing = createLocalWorkflow({
      definition,
      functionArns,
      onError: (error, requestId) => failures.push({ error, requestId }),
      handlers: {
        askConfirmer: async (e) =>
          void (await failing.sendTaskFailure(e.taskToken, 'Cancelled', 'withdrawn')),
        apply: async () => {},
        close: async () => {
          throw new Error('the table is gone');
        },
        receipt: async () => {},
      },
    });
    const requestId = randomUUID();
    await failing.start(requestId, { requestId, confirmers: ['aa111111-ovh'], timeoutSeconds: 600 });
    await vi.waitFor(() => expect(failures).toHaveLength(1));
    expect(failures[0]?.requestId).toBe(requestId);
    expect(String((failures[0]?.error as Error).cause)).toContain('the table is gone');
    expect(failing.running()).toBe(0);
  });

  it('treats a retried start with the same request id as a no-op', async () => {
    const { requestId } = await startAsked();
    const before = workflow.running();
    await workflow.start(requestId, {
      requestId,
      confirmers: ['aa111111-ovh', 'bb222222-ovh'],
      timeoutSeconds: 600,
    });
    expect(workflow.running()).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(callsOf(requestId, 'askConfirmer')).toHaveLength(2);
    await workflow.stop(requestId, 'done with it');
  });

  it('an apply that keeps failing fails the execution without closing the request: the sweep applies it later', async () => {
    const failures: unknown[] = [];
    const closed: string[] = [];
    const { definition, functionArns } = loadDefinition();
    const faulty = createLocalWorkflow({
      definition,
      functionArns,
      onError: (error) => failures.push(error),
      handlers: {
        askConfirmer: async (e) => void (await faulty.sendTaskSuccess(e.taskToken, { nic: e.nic })),
        apply: async () => {
          throw new Error('the table is gone');
        },
        close: async (e) => void closed.push(e.requestId),
        receipt: async () => {},
      },
    });
    const requestId = randomUUID();
    await faulty.start(requestId, { requestId, confirmers: ['aa111111-ovh'], timeoutSeconds: 600 });
    await vi.waitFor(() => expect(failures).toHaveLength(1));
    expect(String(failures[0])).toContain('the request stays applying');
    expect(closed).toEqual([]);
    expect(faulty.running()).toBe(0);
  });
});
