// The definition CDK deploys, as the local runner sees it: valid ASL, and the lifecycle of DESIGN.md
// (ask every confirmer and wait with a timeout; refused, cancelled, expired and failed each closing),
// with every task retrying transient errors and catching the rest.
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDefinition, type LoadedDefinition } from '../../infra/local/workflow-definition';
import { readConfig } from '../../shared/config';

// asl-validator ships no types; this is the part of its result the test reads.
const aslValidator = createRequire(import.meta.url)('asl-validator') as (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errorsText: (separator?: string) => string };

type State = Record<string, unknown> & { Type: string; Next?: string };
type Catcher = { ErrorEquals: string[]; Next: string; ResultPath?: string };

let loaded: LoadedDefinition;
let states: Record<string, State>;

beforeAll(() => {
  loaded = loadDefinition();
  states = loaded.definition.States as unknown as Record<string, State>;
});

const TRANSIENT_ERRORS = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.Unknown',
  'Sandbox.Timedout',
  'TransientFailure',
];
/** Exponential backoff from 2 s, capped at a minute, with full jitter. */
const BACKOFF = {
  IntervalSeconds: 2,
  BackoffRate: 2,
  MaxDelaySeconds: 60,
  MaxAttempts: 6,
  JitterStrategy: 'FULL',
};
const catchesOf = (state: State | undefined) =>
  (state?.Catch as Catcher[]).map((c) => ({ errors: c.ErrorEquals, next: c.Next, resultPath: c.ResultPath }));

describe('the contact-change state machine definition', () => {
  it('is valid Amazon States Language', () => {
    // The validator annotates what it is given; the cached definition stays as synthesised.
    const result = aslValidator(structuredClone(loaded.definition), { checkPaths: true, checkArn: true });
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('has exactly the states of the lifecycle', () => {
    expect(loaded.definition.StartAt).toBe('AskConfirmers');
    expect(Object.keys(states).sort()).toEqual(
      [
        'AskConfirmers',
        'Apply',
        'Done',
        'Refused',
        'Cancelled',
        'Expired',
        'Failed',
        'Close',
        'ClosedBecause',
        'Closed',
        'ClosedAfterError',
        'CloseFailed',
        'ApplyFailed',
      ].sort(),
    );
  });

  it('asks every confirmer in a Map of waitForTaskToken tasks that time out after $.timeoutSeconds', () => {
    const map = states.AskConfirmers!;
    expect(map).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.confirmers',
      ItemSelector: {
        'requestId.$': '$.requestId',
        'nic.$': '$$.Map.Item.Value',
        'timeoutSeconds.$': '$.timeoutSeconds',
      },
      ResultPath: null,
      Next: 'Apply',
    });
    const processor = map.ItemProcessor as { StartAt: string; States: Record<string, State> };
    const ask = processor.States[processor.StartAt]!;
    expect(ask).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      TimeoutSecondsPath: '$.timeoutSeconds',
      Parameters: {
        FunctionName: loaded.functionArns.askConfirmer,
        Payload: { 'requestId.$': '$.requestId', 'nic.$': '$.nic', 'taskToken.$': '$$.Task.Token' },
      },
    });
    expect(ask).not.toHaveProperty('HeartbeatSeconds');
    // Never States.Timeout: on this task it is the end of the window, caught on the Map as `expired`.
    expect(ask.Retry).toEqual([{ ErrorEquals: TRANSIENT_ERRORS, ...BACKOFF }]);
    // What the wait was answered with is kept, for the receipt's Choice.
    expect(ask).toMatchObject({ ResultPath: '$.heard', Next: 'ReceiptOwed' });
  });

  it('sends the receipt only after a wait answered with one, and never fails the Map for it', () => {
    const processor = states.AskConfirmers!.ItemProcessor as { States: Record<string, State> };
    const inMap = processor.States;
    expect(Object.keys(inMap).sort()).toEqual(
      ['AskConfirmer', 'ReceiptOwed', 'SendReceipt', 'ReceiptLost', 'Answered'].sort(),
    );
    // isPresent: a wait answered with no receipt, or no output at all, goes on without an error.
    expect(inMap.ReceiptOwed).toEqual({
      Type: 'Choice',
      Choices: [{ Variable: '$.heard.receipt', IsPresent: true, Next: 'SendReceipt' }],
      Default: 'Answered',
    });
    expect(inMap.Answered).toEqual({ Type: 'Succeed' });
    expect(inMap.SendReceipt).toMatchObject({
      Type: 'Task',
      Resource: loaded.functionArns.receipt,
      Parameters: { 'requestId.$': '$.requestId', 'nic.$': '$.nic' },
      ResultPath: null,
      End: true,
    });
    // Whatever outlasts its retries ends the iteration as if sent: a lost receipt, never a failed request.
    expect(catchesOf(inMap.SendReceipt)).toEqual([
      { errors: ['States.ALL'], next: 'ReceiptLost', resultPath: '$.error' },
    ]);
    expect(inMap.ReceiptLost).toMatchObject({ Type: 'Succeed' });
  });

  it('closes a refused, cancelled, expired or otherwise failed wait, keeping the input beside the error', () => {
    expect(catchesOf(states.AskConfirmers)).toEqual([
      { errors: ['Refused'], next: 'Refused', resultPath: '$.error' },
      { errors: ['Cancelled'], next: 'Cancelled', resultPath: '$.error' },
      { errors: ['States.Timeout'], next: 'Expired', resultPath: '$.error' },
      { errors: ['States.ALL'], next: 'Failed', resultPath: '$.error' },
    ]);
  });

  it('applies (done, or failed by a broken rule, both as data); an apply error never closes the request', () => {
    expect(states.Apply).toMatchObject({
      Type: 'Task',
      Resource: loaded.functionArns.apply,
      Parameters: { 'requestId.$': '$.requestId' },
      ResultPath: null,
      Next: 'Done',
    });
    expect(states.Apply?.Catch).toEqual([{ ErrorEquals: ['States.ALL'], Next: 'ApplyFailed' }]);
    expect(states.ApplyFailed).toMatchObject({ Type: 'Fail', Error: 'ApplyFailed' });
    expect(states.Done).toEqual({ Type: 'Succeed' });
  });

  it('ends an operational failure in a Fail state that carries the caught error, so that it pages', () => {
    for (const name of ['CloseFailed', 'ClosedAfterError']) {
      expect(states[name]).toMatchObject({
        Type: 'Fail',
        ErrorPath: '$.error.Error',
        CausePath: '$.error.Cause',
      });
    }
  });

  it('names the cause of every close and passes it with the error to one Close task', () => {
    for (const [state, cause] of [
      ['Refused', 'refused'],
      ['Cancelled', 'cancelled'],
      ['Expired', 'expired'],
      ['Failed', 'failed'],
    ] as const) {
      expect(states[state]).toEqual({ Type: 'Pass', Result: cause, ResultPath: '$.cause', Next: 'Close' });
    }
    expect(states.Close).toMatchObject({
      Resource: loaded.functionArns.close,
      Parameters: { 'requestId.$': '$.requestId', 'cause.$': '$.cause', 'error.$': '$.error' },
      Next: 'ClosedBecause',
    });
    expect(catchesOf(states.Close)).toEqual([
      { errors: ['States.ALL'], next: 'CloseFailed', resultPath: '$.error' },
    ]);
    // An end the lifecycle names succeeds; a close after a step kept failing fails the execution.
    const business = ['Refused', 'Cancelled', 'States.Timeout'];
    expect(states.ClosedBecause).toEqual({
      Type: 'Choice',
      Choices: [
        {
          Or: business.map((error) => ({ Variable: '$.error.Error', StringEquals: error })),
          Next: 'Closed',
        },
      ],
      Default: 'ClosedAfterError',
    });
    expect(states.Closed).toEqual({ Type: 'Succeed' });
  });

  it('retries transient errors, and a task that hangs, on every Lambda task, with jittered backoff', () => {
    const inMap = (states.AskConfirmers!.ItemProcessor as { States: Record<string, State> }).States;
    for (const [name, state] of [
      ['Apply', states.Apply],
      ['Close', states.Close],
      ['SendReceipt', inMap.SendReceipt],
    ] as const) {
      expect(state?.Retry, name).toEqual([
        { ErrorEquals: [...TRANSIENT_ERRORS, 'States.Timeout'], ...BACKOFF },
      ]);
      // Past the functions' own 60 s timeout, so that States.Timeout means the invocation hung.
      expect(state?.TimeoutSeconds, name).toBe(90);
    }
  });

  it('ends every execution by the configured window plus an hour, a constant backstop', () => {
    expect(loaded.definition.TimeoutSeconds).toBe(readConfig().CHANGE_REQUEST_TTL_SECONDS + 3600);
  });

  it('uses JSONPath only: no JSONata, no variables, no heartbeats (the local engine has none of them)', () => {
    const text = JSON.stringify(loaded.definition);
    expect(text).not.toMatch(/JSONata|\{%|"Assign"|"Arguments"|"Output"|Heartbeat/);
  });
});
