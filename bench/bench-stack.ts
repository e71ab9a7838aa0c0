// The local stack with counted clients: the use cases, the workflow's tasks and the HTTP handlers all
// get deps whose DynamoDB and SES clients carry the counting middleware (bench/instrument.ts). Codes
// are kept in memory as they are mailed, so a run never polls the mailbox for them.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { createDynamoStore } from '../shared/adapters/dynamo/store';
import { createIdempotencyStore } from '../shared/adapters/dynamo/idempotency';
import { createLeases } from '../shared/adapters/dynamo/leases';
import { createRateLimiter } from '../shared/adapters/dynamo/rate-limiter';
import { createSesClient } from '../shared/adapters/ses-client';
import { createSesMailer } from '../shared/adapters/ses-mailer';
import { createTaskTokens } from '../shared/adapters/dynamo/task-tokens';
import {
  createAskTask,
  createTaskTokenWorkflow,
  type WorkflowEngine,
} from '../shared/adapters/task-token-workflow';
import type { Mailer } from '../shared/domain/ports';
import { useRuntime, type Runtime } from '../shared/runtime';
import type { Deps } from '../shared/usecases/deps';
import { startLocalStack, type LocalStack } from '../infra/local/stack';
import { Counter, counting, instrumentDynamo, instrumentSes, type RawClients } from './instrument';

export interface BenchStack {
  stack: LocalStack;
  deps: Deps;
  /** What the handlers run with; a part of the bench that swaps it in puts this one back. */
  runtime: Runtime;
  /** Clients with no middleware, for loading data. */
  raw: RawClients & { doc: DynamoDBDocumentClient };
  /** The use cases' own low-level clients, for the floor. */
  floor: RawClients;
  /** The code last mailed to each confirmer of each request: `codes.get(id)?.get(nic)`. */
  codes: Map<string, Map<string, string>>;
  /** What each workflow execution sent, by request id. */
  executions: Map<string, Counter>;
  /** Calls in flight and the time of the last one, to wait until the background has settled. */
  activity: { inFlight: number; lastAt: number };
  /**
   * While held, an answer to a workflow's wait (SendTaskSuccess, SendTaskFailure) is taken, as Step
   * Functions takes it, but the execution hears it only at `release()`: what it then runs (the apply,
   * the close, their emails) runs in other Lambdas in AWS, not in the Lambda that answered, so a
   * scenario that times an answer holds them until its timed run has returned.
   */
  answers: { hold(): void; release(): Promise<void> };
  /** The same deps on another table of the same DynamoDB Local (created by the caller), counted alike. */
  depsOn(tableName: string): Deps;
  stop(): Promise<void>;
}

const REGION = 'eu-west-1';

const dynamoClient = (endpoint: string) =>
  new DynamoDBClient({
    region: REGION,
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

export async function startBenchStack(): Promise<BenchStack> {
  // One asker makes thousands of requests and resends here: the counters are written as in production,
  // only their ceilings are out of the way.
  // SES in a process of its own: in AWS it answers from elsewhere, and only its SDK client is ours.
  const stack = await startLocalStack({
    fixtures: null,
    sesProcess: true,
    sweepIntervalSeconds: 0,
    limits: { requestsPerHour: 100_000, resendsPerHour: 100_000, emailChangesPerDay: 100_000 },
  });
  const activity = { inFlight: 0, lastAt: performance.now() };
  const track = (client: DynamoDBClient | SESv2Client) =>
    // Added to the client's own stack, so it wraps the counting middleware and every retry.
    (client.middlewareStack as DynamoDBClient['middlewareStack']).add(
      (next) => async (args) => {
        activity.inFlight++;
        try {
          return await next(args);
        } finally {
          activity.inFlight--;
          activity.lastAt = performance.now();
        }
      },
      { step: 'initialize', name: 'benchActivity', priority: 'low' },
    );

  const counted = dynamoClient(stack.dynamodbEndpoint);
  instrumentDynamo(counted);
  track(counted);
  const doc = DynamoDBDocumentClient.from(counted, { marshallOptions: { removeUndefinedValues: true } });
  const ses = createSesClient({ AWS_REGION: REGION, SES_ENDPOINT: stack.sesEndpoint });
  instrumentSes(ses);
  track(ses);
  const rawDynamo = dynamoClient(stack.dynamodbEndpoint);
  const raw = {
    dynamo: rawDynamo,
    ses: createSesClient({ AWS_REGION: REGION, SES_ENDPOINT: stack.sesEndpoint }),
    doc: DynamoDBDocumentClient.from(rawDynamo, { marshallOptions: { removeUndefinedValues: true } }),
  };

  const codes = new Map<string, Map<string, string>>();
  const ses_ = createSesMailer(ses, { from: 'contacts@example.com', providerName: 'Example Hosting' });
  const mailer: Mailer = {
    async send(message, template) {
      await ses_.send(message, template);
      for (const { request, code } of message.asks ?? []) {
        const byNic = codes.get(request.id) ?? new Map<string, string>();
        byNic.set(message.to.nic, code);
        codes.set(request.id, byNic);
      }
    },
  };

  const executions = new Map<string, Counter>();
  const engine: WorkflowEngine = {
    // Each execution runs in its own counted context: its tasks' calls are told apart from the caller's.
    start: (name, input) => {
      const counter = new Counter(`workflow ${name}`);
      executions.set(name, counter);
      return counting(counter, () => stack.workflow.start(name, input));
    },
    sendTaskSuccess: (token, output) => stack.workflow.sendTaskSuccess(token, output),
    sendTaskFailure: (token, error, cause) => stack.workflow.sendTaskFailure(token, error, cause),
    stop: (name, cause) => stack.workflow.stop(name, cause),
  };
  const tokens = createTaskTokens({ doc, name: stack.tableName });

  // Every port on the table goes through the counted client: a call on another one would be in the
  // run's time and missing from its floor (the rate counters were, until issue 23).
  const tablePorts = (name: string) => {
    const table = { doc, name };
    return {
      store: createDynamoStore(doc, name),
      idempotency: createIdempotencyStore(table),
      limiter: createRateLimiter(table),
      leases: createLeases(table),
    };
  };
  const deps: Deps = {
    ...stack.deps,
    ...tablePorts(stack.tableName),
    mailer,
    workflow: createTaskTokenWorkflow(engine, tokens),
    log: { warn: (message, details) => console.warn(`  warn: ${message} ${JSON.stringify(details ?? {})}`) },
  };
  // The workflow's tasks and the HTTP handlers read their deps from here.
  const runtime: Runtime = { deps, askTask: createAskTask(engine, tokens) };
  useRuntime(runtime);

  return {
    stack,
    deps,
    runtime,
    raw,
    floor: { dynamo: counted, ses },
    codes,
    executions,
    activity,
    answers: { hold: () => stack.workflow.hold(), release: async () => stack.workflow.release() },
    depsOn: (tableName) => ({ ...deps, ...tablePorts(tableName) }),
    async stop() {
      counted.destroy();
      rawDynamo.destroy();
      ses.destroy();
      raw.ses.destroy();
      await stack.stop();
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until no counted call has been in flight for `idleMs` (the workflow's tasks have settled). */
/** A signed-in token for `nic`, from the local sign-in's token endpoint, as the panel gets one. */
export async function tokenFor(bench: BenchStack, nic: string): Promise<string> {
  const response = await fetch(`${bench.stack.apiUrl}/_local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nic }),
  });
  return ((await response.json()) as { token: string }).token;
}

export async function settled(bench: BenchStack, idleMs = 15, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const { inFlight, lastAt } = bench.activity;
    if (inFlight === 0 && performance.now() - lastAt >= idleMs) return;
    if (performance.now() > deadline) throw new Error('The background did not settle');
    await sleep(Math.max(1, idleMs / 3));
  }
}

/** Polls a condition that the background makes true (an email sent, a state reached). */
export async function until<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error('Condition not met in time');
    await sleep(2);
  }
}
