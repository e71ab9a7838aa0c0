// The cost of a change, measured on the local stack and priced with bench/prices.ts. Two flows, each
// run several times over the local HTTP server and the deployed state-machine definition:
//   completed: create → the asker and the new contact accept (the first's "waiting" receipt sent by
//              the workflow's receipt task) → applied, everyone told;
//   expired:   create → nobody answers → the sweep reminds both → the window ends → closed, everyone told.
// Counted per flow: Step Functions state transitions (the local engine's events: every state entered,
// and every retry), Lambda invocations with their measured durations (GB-seconds from each function's
// memory in the CDK stack, rounded up per 1 ms as Lambda bills), DynamoDB read and write request units
// (ReturnConsumedCapacity INDEXES: the table's and each index's), SES emails, API requests, log bytes
// and X-Ray traces (estimates where only AWS writes them; docs/performance.md says which).
import { readFileSync } from 'node:fs';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { App } from 'aws-cdk-lib';
import * as askConfirmer from '../functions/workflow/ask-confirmer';
import * as apply from '../functions/workflow/apply';
import * as close from '../functions/workflow/close';
import * as receipt from '../functions/workflow/receipt';
import * as sweep from '../functions/scheduled/sweep';
import { loadDefinition } from '../infra/local/workflow-definition';
import { createLocalWorkflow, type ExecutionEvents } from '../infra/local/workflow-runner';
import { defineServiceContacts } from '../infra/service-contacts-stack';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTaskTokens } from '../shared/adapters/dynamo/task-tokens';
import {
  createAskTask,
  createTaskTokenWorkflow,
  type WorkflowEngine,
} from '../shared/adapters/task-token-workflow';
import { useRuntime, type Runtime } from '../shared/runtime';
import type { Deps } from '../shared/usecases/deps';
import { settled, tokenFor, until, type BenchStack } from './bench-stack';
import { Counter, counting, unattributed, type RecordedCall } from './instrument';
import { median, progress } from './measure';
import { PRICE_TABLE, type PriceItem } from './prices';
import { seedWorld } from './scenarios';

/** What one flow used. */
export interface FlowUsage {
  stateTransitions: number;
  executions: number;
  /** Every Lambda invocation: the function's short name and its measured duration. */
  invocations: { fn: string; ms: number }[];
  apiRequests: number;
  dynamoCalls: number;
  readRequestUnits: number;
  writeRequestUnits: number;
  /** Of the write units, what each index's copy cost. */
  indexWriteUnits: Record<string, number>;
  emails: number;
  /** Bytes our handlers logged (measured), and the local engine's events (AWS logs each, and more). */
  appLogBytes: number;
  engineEvents: number;
  taskStatesEntered: number;
}

export interface PricedPart {
  part: string;
  quantity: number;
  unit: string;
  usd: number;
}

export interface FlowCost {
  name: 'completed' | 'expired';
  runs: number;
  usage: FlowUsage;
  parts: PricedPart[];
  usd: number;
  /** Every invocation a cold start, its init billed too (the bench's measured module init). */
  usdAllCold: number;
}

export interface CostResult {
  prices: typeof PRICE_TABLE;
  memoryMb: Record<string, number>;
  estimates: typeof ESTIMATES;
  completed: FlowCost;
  expired: FlowCost;
  costPer1000Usd: number;
  /** The same completed change with no state machine: asks in create, apply in the last accept. */
  noWorkflowPer1000Usd: number;
}

/** Bytes of what AWS itself logs, which no local run writes: estimates, named so in docs/performance.md. */
const ESTIMATES = {
  /** START, END and REPORT lines of one Lambda invocation (REPORT with its X-Ray trace id). */
  lambdaPlatformLogBytes: 400,
  /** One API access-log line of infra/constructs/api.ts's fields, filled in. */
  apiAccessLogBytes: 420,
  /** One Step Functions log event without execution data (LoggingConfiguration level ALL). */
  stepFunctionsLogEventBytes: 350,
  /** AWS logs about this many more events per Task state than the local engine's Entered/Exited. */
  stepFunctionsExtraEventsPerTask: 3,
  /** Module init billed on a cold start when the bench has not measured bundles. */
  coldInitMs: 300,
};

const READS = new Set(['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'TransactGetItemsCommand']);

/** Each deployed function's memory, from the CDK stack itself (no bundling), by its short name. */
function functionMemory(): Record<string, number> {
  const cdkJson = JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  };
  const app = new App({
    context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  });
  const stack = defineServiceContacts(app);
  // `ServiceContacts-<stage>`: the stage of the stack (dev, from its file), as its functions' names begin.
  const prefix = `service-contacts-${stack.stackName.slice('ServiceContacts-'.length)}-`;
  const resources = app.synth().getStackByName(stack.stackName).template.Resources as Record<
    string,
    { Type: string; Properties: { FunctionName: string; MemorySize: number } }
  >;
  return Object.fromEntries(
    Object.values(resources)
      // Ours only: CDK's own helper functions (bucket deployment, log retention) have no name of ours.
      .filter((r) => r.Type === 'AWS::Lambda::Function' && typeof r.Properties.FunctionName === 'string')
      .map((r) => [r.Properties.FunctionName.replace(prefix, ''), r.Properties.MemorySize]),
  );
}

/** Request units from DynamoDB's own report: read or write by the command, each index's apart. */
function capacityOf(calls: RecordedCall[]) {
  let read = 0;
  let write = 0;
  const indexes: Record<string, number> = {};
  for (const call of calls.filter((c) => c.service === 'dynamodb')) {
    const isRead = READS.has(call.command);
    for (const entry of call.consumed ?? ([] as ConsumedCapacity[])) {
      read += entry.ReadCapacityUnits ?? (isRead ? (entry.CapacityUnits ?? 0) : 0);
      write += entry.WriteCapacityUnits ?? (isRead ? 0 : (entry.CapacityUnits ?? 0));
      if (isRead) continue;
      for (const [name, units] of Object.entries(entry.GlobalSecondaryIndexes ?? {})) {
        indexes[name] = (indexes[name] ?? 0) + (units.WriteCapacityUnits ?? units.CapacityUnits ?? 0);
      }
    }
  }
  return { read, write, indexes };
}

/** One flow in progress: what its invocations, executions and calls add up to. */
class Flow {
  readonly invocations: { fn: string; ms: number }[] = [];
  readonly counters: Counter[] = [];
  stateTransitions = 0;
  engineEvents = 0;
  taskStatesEntered = 0;
  executions = 0;
  apiRequests = 0;
  appLogBytes = 0;

  usage(): FlowUsage {
    const calls = this.counters.flatMap((c) => c.calls);
    const capacity = capacityOf(calls);
    return {
      stateTransitions: this.stateTransitions,
      executions: this.executions,
      invocations: this.invocations,
      apiRequests: this.apiRequests,
      dynamoCalls: calls.filter((c) => c.service === 'dynamodb').length,
      readRequestUnits: capacity.read,
      writeRequestUnits: capacity.write,
      indexWriteUnits: capacity.indexes,
      emails: calls.filter((c) => c.service === 'ses').length,
      appLogBytes: this.appLogBytes,
      engineEvents: this.engineEvents,
      taskStatesEntered: this.taskStatesEntered,
    };
  }
}

export async function measureCost(bench: BenchStack, runs: number, initMs?: Record<string, number>) {
  const memoryMb = functionMemory();
  const flows = new Map<string, Flow>();
  let current: Flow | undefined;

  // The deployed definition, run with the real task handlers, timed; its event log counted.
  const timed =
    <E extends { requestId: string }>(
      fn: string,
      handler: (event: E, context: Context) => Promise<unknown>,
    ) =>
    async (event: E, context: Context) => {
      const started = performance.now();
      try {
        return await handler(event, context);
      } finally {
        flows.get(event.requestId)?.invocations.push({ fn, ms: performance.now() - started });
      }
    };
  const local = createLocalWorkflow({
    ...loadDefinition(),
    handlers: {
      askConfirmer: timed('ask-confirmer', askConfirmer.handler),
      apply: timed('apply', apply.handler),
      close: timed('close', close.handler),
      receipt: timed('receipt', receipt.handler),
    },
    onEvents: (requestId, events) => void countEvents(flows.get(requestId), events),
    onError: (error, requestId) => console.warn(`  warn: workflow ${requestId} failed: ${String(error)}`),
  });
  const engine: WorkflowEngine = {
    start: (name, input) => {
      const flow = current!;
      flows.set(name, flow);
      flow.executions++;
      const counter = new Counter(`workflow ${name}`);
      flow.counters.push(counter);
      return counting(counter, () => local.start(name, input));
    },
    sendTaskSuccess: (token, output) => local.sendTaskSuccess(token, output),
    sendTaskFailure: (token, error, cause) => local.sendTaskFailure(token, error, cause),
    stop: (name, cause) => local.stop(name, cause),
  };
  // Task tokens on the counted client: storing and reading them is part of what a change costs.
  const doc = DynamoDBDocumentClient.from(bench.floor.dynamo, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const tokens = createTaskTokens({ doc, name: bench.stack.tableName });
  const runtimeWith = (deps: Deps): Runtime => ({ deps, askTask: createAskTask(engine, tokens) });
  const completedDeps: Deps = { ...bench.deps, workflow: createTaskTokenWorkflow(engine, tokens) };
  // A window of 3 s, reminded from its start: the whole expired life in seconds, as in days on AWS.
  const expiredDeps: Deps = {
    ...completedDeps,
    settings: { ...bench.deps.settings, ttlSeconds: 3, reminderBeforeSeconds: 3 },
  };

  const world = await seedWorld(bench, runs * 2 + 2);
  const jwts = Object.fromEntries(
    await Promise.all([world.aa, world.bb].map(async (nic) => [nic, await tokenFor(bench, nic)] as const)),
  );
  let nextService = 0;

  /** An API call as Lambda would run it: one invocation of the route's function, timed end to end. */
  async function api(fn: string, method: string, path: string, nic: string, body: unknown) {
    const flow = current!;
    const started = performance.now();
    const response = await fetch(`${bench.stack.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${jwts[nic]}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    flow.invocations.push({ fn, ms: performance.now() - started });
    flow.apiRequests++;
    if (!response.ok)
      throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(json)}`);
    return json;
  }

  async function runFlow(name: FlowCost['name'], deps: Deps): Promise<FlowUsage> {
    const flow = new Flow();
    current = flow;
    useRuntime(runtimeWith(deps));
    const http = new Counter(`${name} over HTTP`);
    flow.counters.push(http);
    unattributed.calls.length = 0;
    const stopCapture = captureStdout((bytes) => (flow.appLogBytes += bytes));
    try {
      const serviceId = world.serviceId(nextService++);
      const created = (await api(
        'create-change',
        'POST',
        `/services/${serviceId}/contact-changes`,
        world.aa,
        {
          tech: world.bb,
        },
      )) as { requests: { id: string }[] };
      const id = created.requests[0]!.id;
      await until(() => (bench.codes.get(id)?.size === 2 ? true : undefined));
      await settled(bench);
      if (name === 'completed') {
        for (const nic of [world.aa, world.bb]) {
          const token = bench.codes.get(id)!.get(nic)!;
          await api('accept', 'POST', `/contact-changes/${id}/accept`, nic, { token });
        }
      } else {
        const sweepCounter = new Counter('sweep');
        flow.counters.push(sweepCounter);
        const started = performance.now();
        await counting(sweepCounter, () => sweep.handler({}, benchContext('sweep')));
        flow.invocations.push({ fn: 'sweep', ms: performance.now() - started });
      }
      const end = name === 'completed' ? 'done' : 'expired';
      // Polled in a context of its own, so that the bench's own reads are not counted as the flow's.
      await counting(new Counter('poll'), () =>
        until(async () => ((await deps.store.getRequest(id))?.state === end ? true : undefined), 15_000),
      );
      await until(() => (local.running() === 0 ? true : undefined));
      await settled(bench);
      // The HTTP server runs its handlers outside the caller's context: their calls land here.
      http.calls.push(...unattributed.calls.splice(0));
      return flow.usage();
    } finally {
      stopCapture();
    }
  }

  try {
    const completed: FlowUsage[] = [];
    const expired: FlowUsage[] = [];
    for (let i = 0; i < runs; i++) {
      completed.push(await runFlow('completed', completedDeps));
      progress('cost: completed change', i + 1, runs);
    }
    for (let i = 0; i < runs; i++) {
      expired.push(await runFlow('expired', expiredDeps));
      progress('cost: expired request', i + 1, runs);
    }
    const completedCost = price('completed', completed, memoryMb, initMs);
    const expiredCost = price('expired', expired, memoryMb, initMs);
    return {
      prices: PRICE_TABLE,
      memoryMb,
      estimates: ESTIMATES,
      completed: completedCost,
      expired: expiredCost,
      costPer1000Usd: round(completedCost.usd * 1000, 4),
      noWorkflowPer1000Usd: round(noWorkflow(completedCost) * 1000, 4),
    } satisfies CostResult;
  } finally {
    await local.stopAll();
    useRuntime(bench.runtime);
  }
}

async function countEvents(flow: Flow | undefined, events: ExecutionEvents) {
  for await (const event of events) {
    if (!flow) continue;
    flow.engineEvents++;
    // Step Functions bills a transition per state entered, and one more per retry.
    if (event.type === 'StateEntered' || event.type === 'StateRetried') flow.stateTransitions++;
    if (event.type === 'StateEntered' && event.state.type === 'Task') flow.taskStatesEntered++;
  }
}

/** Counts what the handlers' loggers write to stdout (Lambda ships stdout to CloudWatch Logs). */
function captureStdout(count: (bytes: number) => void): () => void {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    count(typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength);
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  return () => {
    process.stdout.write = write;
  };
}

const round = (n: number, digits = 6) => Math.round(n * 10 ** digits) / 10 ** digits;
const usd = (item: PriceItem, quantity: number) => quantity * PRICE_TABLE.items[item].usd;

/**
 * Prices the median run: counts are the same every run (checked), durations are medians per
 * function. GB-seconds = memory in GB × duration rounded up to the millisecond, per invocation.
 */
function price(
  name: FlowCost['name'],
  runs: FlowUsage[],
  memoryMb: Record<string, number>,
  initMs: Record<string, number> = {},
): FlowCost {
  const first = runs[0]!;
  for (const run of runs) {
    for (const key of ['stateTransitions', 'apiRequests', 'dynamoCalls', 'emails'] as const) {
      if (run[key] !== first[key])
        console.warn(`  warn: ${name} ${key} varied: ${first[key]} vs ${run[key]}`);
    }
  }
  const medianOf = (pick: (u: FlowUsage) => number) => median(runs.map(pick));
  const byFunction = new Map<string, number[]>();
  for (const run of runs) {
    for (const { fn, ms } of run.invocations) byFunction.set(fn, [...(byFunction.get(fn) ?? []), ms]);
  }
  const invocations = first.invocations.map(({ fn }) => ({ fn, ms: round(median(byFunction.get(fn)!), 1) }));
  const gbSeconds = (extraMs: (fn: string) => number) =>
    invocations.reduce(
      (sum, { fn, ms }) => sum + ((memoryMb[fn] ?? 512) / 1024) * (Math.ceil(ms + extraMs(fn)) / 1000),
      0,
    );
  const usage: FlowUsage = {
    ...first,
    invocations,
    readRequestUnits: medianOf((u) => u.readRequestUnits),
    writeRequestUnits: medianOf((u) => u.writeRequestUnits),
    appLogBytes: medianOf((u) => u.appLogBytes),
  };
  const sfnEvents = usage.engineEvents + ESTIMATES.stepFunctionsExtraEventsPerTask * usage.taskStatesEntered;
  const logBytes =
    usage.appLogBytes +
    invocations.length * ESTIMATES.lambdaPlatformLogBytes +
    usage.apiRequests * ESTIMATES.apiAccessLogBytes +
    sfnEvents * ESTIMATES.stepFunctionsLogEventBytes;
  // At most one trace per API request, per execution and per scheduled run (sampling records fewer).
  const traces = usage.apiRequests + usage.executions + invocations.filter((i) => i.fn === 'sweep').length;
  const parts: PricedPart[] = [
    part(
      'Step Functions',
      usage.stateTransitions,
      'state transitions',
      usd('stateTransition', usage.stateTransitions),
    ),
    part('Lambda requests', invocations.length, 'invocations', usd('lambdaRequest', invocations.length)),
    part(
      'Lambda duration',
      round(
        gbSeconds(() => 0),
        4,
      ),
      'GB-s',
      usd(
        'lambdaArmGbSecond',
        gbSeconds(() => 0),
      ),
    ),
    part(
      'DynamoDB writes',
      usage.writeRequestUnits,
      'WRU',
      usd('dynamoWriteRequestUnit', usage.writeRequestUnits),
    ),
    part(
      'DynamoDB reads',
      usage.readRequestUnits,
      'RRU',
      usd('dynamoReadRequestUnit', usage.readRequestUnits),
    ),
    part('SES', usage.emails, 'emails', usd('sesEmail', usage.emails)),
    part('API Gateway', usage.apiRequests, 'HTTP API requests', usd('httpApiRequest', usage.apiRequests)),
    part(
      'CloudWatch Logs',
      Math.round(logBytes),
      'bytes (estimated)',
      usd('logsIngestedGb', logBytes / 2 ** 30),
    ),
    part('X-Ray', traces, 'traces (at most)', usd('xrayTrace', traces)),
  ];
  const total = parts.reduce((sum, p) => sum + p.usd, 0);
  const coldMs = (fn: string) =>
    Object.entries(initMs).find(([bundle]) => bundle.split(', ').includes(fn))?.[1] ?? ESTIMATES.coldInitMs;
  const coldExtra = usd('lambdaArmGbSecond', gbSeconds(coldMs) - gbSeconds(() => 0));
  return {
    name,
    runs: runs.length,
    usage,
    parts,
    usd: round(total, 8),
    usdAllCold: round(total + coldExtra, 8),
  };
}

const part = (name: string, quantity: number, unit: string, cost: number): PricedPart => ({
  part: name,
  quantity: round(quantity, 2),
  unit,
  usd: round(cost, 9),
});

/**
 * No state machine: create asks (codes, emails) itself and the last acceptance applies and notifies,
 * as the API already does when the workflow no longer waits; the sweep ends what expires. The same
 * DynamoDB, SES and Lambda work, minus transitions, their logs, the tasks' own invocations and traces
 * (the receipt task's too: without a workflow, the first acceptance sends its "waiting" email itself).
 */
function noWorkflow(completed: FlowCost): number {
  const { usage } = completed;
  const taskInvocations = usage.invocations.filter((i) =>
    ['ask-confirmer', 'apply', 'close', 'receipt'].includes(i.fn),
  ).length;
  const sfnEvents = usage.engineEvents + ESTIMATES.stepFunctionsExtraEventsPerTask * usage.taskStatesEntered;
  return (
    completed.usd -
    usd('stateTransition', usage.stateTransitions) -
    usd('logsIngestedGb', (sfnEvents * ESTIMATES.stepFunctionsLogEventBytes) / 2 ** 30) -
    usd('lambdaRequest', taskInvocations) -
    usd('xrayTrace', usage.executions)
  );
}

/** A Lambda context for a handler the bench calls directly (Powertools reads its name and request id). */
function benchContext(functionName: string): Context {
  const unsupported = () => {
    throw new Error('Not available in the bench');
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: `bench-${Date.now()}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => 300_000,
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
