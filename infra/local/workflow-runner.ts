// The state machine on one machine: the definition CDK deploys, run by aws-local-stepfunctions, with
// its Lambda tasks calling the same handlers in-process and its `.waitForTaskToken` tasks waiting for
// sendTaskSuccess() / sendTaskFailure() here instead of Step Functions'. The same task-token
// adapter as in AWS (shared/adapters/task-token-workflow.ts) turns it into the Workflow port.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { StateMachine, type RunOptions, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { WorkflowEngine, WorkflowInput } from '../../shared/adapters/task-token-workflow';
import type { AskConfirmerEvent, ApplyEvent, CloseEvent, ReceiptEvent } from '../../shared/workflow/events';
import type { LoadedDefinition, WorkflowFunction } from './workflow-definition';

type LambdaHandler<E> = (event: E, context: Context) => Promise<unknown>;
type TaskOverrides = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;

export interface LocalWorkflowHandlers {
  askConfirmer: LambdaHandler<AskConfirmerEvent>;
  apply: LambdaHandler<ApplyEvent>;
  close: LambdaHandler<CloseEvent>;
  receipt: LambdaHandler<ReceiptEvent>;
}

export interface LocalWorkflowOptions extends LoadedDefinition {
  handlers: LocalWorkflowHandlers;
  /** Where an execution's failure goes; by default the console. */
  onError?: (error: unknown, requestId: string) => void;
  /** Every Retry waits this long instead of its backoff (tests of retries set 0); default as defined. */
  retryDelayMs?: number;
  /** Each execution's event log, as the engine writes it (the bench counts state transitions from it). */
  onEvents?: (requestId: string, events: ExecutionEvents) => void;
}

export type ExecutionEvents = ReturnType<StateMachine['run']>['eventLogs'];

export type LocalWorkflow = WorkflowEngine & {
  running(): number;
  /**
   * Resolves once the execution of `requestId` has ended (at once when none runs): what it does after
   * an answer, such as a refusal's emails from its close step, is done by then.
   */
  finished(requestId: string): Promise<void>;
  stopAll(): Promise<void>;
  /**
   * From now on an answer to a wait is taken (SendTaskSuccess/Failure say whether it waited, as
   * always) but its execution hears it only at `release()`. In AWS what an execution does next runs in
   * other Lambdas: the bench holds answers while it times the call that gives them (bench-stack.ts).
   */
  hold(): void;
  release(): void;
};

/** The engine has no `$$.Task.Token`: the context carries this stand-in, replaced by a fresh token per wait. */
const TOKEN_PLACEHOLDER = 'local-task-token';
/** Where the local copy of a task's Parameters carries its TimeoutSecondsPath value (see localCopy). */
const TIMEOUT_FIELD = '__timeoutSeconds';
/** Node's timers cap at 2^31-1 ms; a longer wait would fire at once inside the engine. */
const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);
/** What the engine gives a Task with no TimeoutSeconds; handlers see it as their Lambda timeout. */
const LAMBDA_TIMEOUT_MS = 60_000;

interface LooseState {
  Type: string;
  Resource?: string;
  Parameters?: unknown;
  TimeoutSecondsPath?: string;
  ItemProcessor?: { States: Record<string, LooseState> };
  Iterator?: { States: Record<string, LooseState> };
  Branches?: { States: Record<string, LooseState> }[];
}

interface Execution {
  abort: () => void;
  /** Tokens this execution waits on. */
  waits: Set<string>;
  ended: Promise<void>;
}

interface Wait {
  execution: Execution;
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
}

const namedError = (name: string, message: string) => Object.assign(new Error(message), { name });
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null));

export function createLocalWorkflow(options: LocalWorkflowOptions): LocalWorkflow {
  const { definition, functionArns, handlers } = options;
  const onError =
    options.onError ?? ((error, requestId) => console.error(`Workflow ${requestId} failed`, error));
  const local = localCopy(definition);
  const machine = new StateMachine(local);
  const taskStates = collectTaskStates(local.States as Record<string, LooseState>);
  const topLevelStates = new Set(Object.keys(local.States));
  const functionByArn = new Map(
    Object.entries(functionArns).map(([fn, arn]) => [arn, fn as WorkflowFunction]),
  );
  const retryIntervalOverrides =
    options.retryDelayMs === undefined
      ? undefined
      : Object.fromEntries([...taskStates.keys()].map((name) => [name, options.retryDelayMs!]));
  const executions = new Map<string, Execution>();
  /** Execution names stay taken after the end, as in Step Functions, so a retried start stays a no-op. */
  const started = new Set<string>();
  const waits = new Map<string, Wait>();
  /** Answers taken while held, for their executions to hear at release. */
  let held: (() => void)[] | undefined;
  const deliver = (answer: () => void) => (held ? held.push(answer) : answer());

  const settle = (token: string): Wait | undefined => {
    const wait = waits.get(token);
    waits.delete(token);
    wait?.execution.waits.delete(token);
    return wait;
  };
  const abandonWaits = (execution: Execution, why: string) => {
    for (const token of [...execution.waits]) settle(token)?.reject(namedError('States.Aborted', why));
  };

  async function invoke(arn: string, payload: unknown): Promise<unknown> {
    const fn = functionByArn.get(arn);
    if (!fn) throw namedError('Lambda.ResourceNotFoundException', `No local handler for ${arn}`);
    const handler = handlers[fn] as LambdaHandler<unknown>;
    try {
      // A JSON round trip both ways, as over the wire: no shared objects, no undefined.
      return asJson(await handler(asJson(payload), lambdaContext(arn)));
    } catch (error) {
      // Step Functions names a Lambda error by its type and carries the runtime's JSON as the cause.
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      throw namedError(name, JSON.stringify({ errorType: name, errorMessage: message }));
    }
  }

  /** A `.waitForTaskToken` task: the Lambda gets a fresh token and the task ends when it is answered. */
  async function waitForToken(execution: Execution, arn: string, payload: unknown): Promise<unknown> {
    const token = randomBytes(32).toString('base64url');
    const text = JSON.stringify(payload);
    if (!text.includes(JSON.stringify(TOKEN_PLACEHOLDER))) {
      throw new Error(`The payload for ${arn} has no task token`);
    }
    const answered = new Promise<unknown>((resolve, reject) =>
      waits.set(token, { execution, resolve, reject }),
    );
    execution.waits.add(token);
    // The wait exists before the Lambda runs: the handler may answer its own token at once.
    const withToken = JSON.parse(text.replaceAll(JSON.stringify(TOKEN_PLACEHOLDER), JSON.stringify(token)));
    try {
      // Like Step Functions: an answer ends the task even while the Lambda runs; a failed Lambda fails it.
      return await Promise.race([answered, invoke(arn, withToken).then(() => answered)]);
    } finally {
      settle(token);
    }
  }

  function overridesFor(execution: Execution) {
    const run = async (state: LooseState, input: Record<string, unknown>) => {
      const parameters = { ...input };
      delete parameters[TIMEOUT_FIELD];
      const resource = state.Resource ?? '';
      if (!/^arn:[^:]+:states:::lambda:invoke/.test(resource)) return invoke(resource, parameters);
      const arn = String(parameters.FunctionName);
      if (resource.endsWith('.waitForTaskToken')) return waitForToken(execution, arn, parameters.Payload);
      return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: await invoke(arn, parameters.Payload) };
    };
    const overrides: TaskOverrides = {};
    for (const [name, state] of taskStates) {
      const topLevel = topLevelStates.has(name);
      overrides[name] = (input) => {
        // Top-level states run one at a time, so when one starts, the state that held any open wait
        // (the Map after a refusal or a timeout) is over: Step Functions no longer takes those tokens.
        if (topLevel) abandonWaits(execution, `${name} started`);
        return run(state, input as Record<string, unknown>) as Promise<never>;
      };
    }
    return overrides;
  }

  async function stop(requestId: string, cause: string) {
    const execution = executions.get(requestId);
    if (!execution) return;
    execution.abort();
    abandonWaits(execution, cause);
    await execution.ended;
  }

  return {
    async start(requestId: string, input: WorkflowInput) {
      if (started.has(requestId)) return;
      started.add(requestId);
      const execution: Execution = { abort: () => {}, waits: new Set(), ended: Promise.resolve() };
      const run = machine.run(
        { ...input, timeoutSeconds: Math.min(input.timeoutSeconds, MAX_TIMER_SECONDS) },
        {
          overrides: { taskResourceLocalHandlers: overridesFor(execution), retryIntervalOverrides },
          noThrowOnAbort: true,
          context: { Execution: { Name: requestId }, Task: { Token: TOKEN_PLACEHOLDER } },
        },
      );
      execution.abort = run.abort;
      options.onEvents?.(requestId, run.eventLogs);
      execution.ended = run.result
        .then(
          () => undefined,
          (error: unknown) => onError(error, requestId),
        )
        .finally(() => {
          abandonWaits(execution, `Execution ${requestId} ended`);
          executions.delete(requestId);
        });
      executions.set(requestId, execution);
    },
    async sendTaskSuccess(taskToken, output) {
      const wait = settle(taskToken);
      if (wait) deliver(() => wait.resolve(asJson(output)));
      return wait !== undefined;
    },
    async sendTaskFailure(taskToken, error, cause) {
      const wait = settle(taskToken);
      if (wait) deliver(() => wait.reject(namedError(error, cause)));
      return wait !== undefined;
    },
    hold() {
      held ??= [];
    },
    release() {
      const due = held ?? [];
      held = undefined;
      for (const answer of due) answer();
    },
    stop,
    running: () => executions.size,
    finished: async (requestId) => executions.get(requestId)?.ended,
    async stopAll() {
      await Promise.all([...executions.keys()].map((id) => stop(id, 'The local workflow is shutting down')));
    },
  };
}

/**
 * aws-local-stepfunctions resolves TimeoutSecondsPath against the task's Parameters output, while Step
 * Functions resolves it against the state input. The local copy evaluates the definition's own path
 * into a hidden Parameters field and points the engine at that field; the task override drops it.
 * Timeouts longer than Node's timers can hold are clamped.
 */
function localCopy(definition: StateMachineDefinition): StateMachineDefinition {
  const copy = structuredClone(definition);
  // The top-level timeout is a timer too: past Node's cap it would fire at once.
  if (copy.TimeoutSeconds !== undefined)
    copy.TimeoutSeconds = Math.min(copy.TimeoutSeconds, MAX_TIMER_SECONDS);
  for (const state of collectTaskStates(copy.States as Record<string, LooseState>).values()) {
    const parameters = state.Parameters;
    if (!state.TimeoutSecondsPath || !parameters || typeof parameters !== 'object') continue;
    state.Parameters = { ...parameters, [`${TIMEOUT_FIELD}.$`]: state.TimeoutSecondsPath };
    state.TimeoutSecondsPath = `$.${TIMEOUT_FIELD}`;
  }
  return copy;
}

/** Every Task state by name, nested ones included: state names are unique in a whole definition. */
function collectTaskStates(states: Record<string, LooseState>, found = new Map<string, LooseState>()) {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Task') found.set(name, state);
    const nested = [state.ItemProcessor ?? state.Iterator, ...(state.Branches ?? [])];
    for (const machine of nested) if (machine) collectTaskStates(machine.States, found);
  }
  return found;
}

export function lambdaContext(arn: string): Context {
  const functionName = arn.split(':').at(-1) ?? arn;
  const deadline = Date.now() + LAMBDA_TIMEOUT_MS;
  const unsupported = () => {
    throw new Error('Callback-style Lambda context methods are not supported locally');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: arn,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
