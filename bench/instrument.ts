// Counting what a use case really sends: an SDK middleware on the DynamoDB client's middlewareStack
// records every command (name, low-level input, consumed capacity) into the counter of the async
// context it was sent from, and the same for SESv2 SendEmail and for the calls on a workflow engine.
// The floor replays those very commands raw, back to back, on the use cases' own counted clients, so
// that the middleware's small cost is in both figures and only our code tells them apart.
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type ConsumedCapacity,
} from '@aws-sdk/client-dynamodb';
import { SendEmailCommand, type SESv2Client, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import type { WorkflowEngine } from '../shared/adapters/task-token-workflow';

export interface RecordedCall {
  service: 'dynamodb' | 'ses' | 'states';
  command: string;
  input: unknown;
  capacity: number;
  /** DynamoDB's report as it came (INDEXES: the table's and each index's units), for the cost bench. */
  consumed?: ConsumedCapacity[];
  /** Items a Query or Scan evaluated (ScannedCount, before any filter): how narrowly it is keyed. */
  scanned?: number;
}

/** The calls made in one async context (a use case run, or one workflow execution). */
export class Counter {
  readonly calls: RecordedCall[] = [];
  constructor(readonly label: string) {}
  dynamo(): RecordedCall[] {
    return this.calls.filter((c) => c.service === 'dynamodb');
  }
  capacity(): number {
    return this.dynamo().reduce((sum, c) => sum + c.capacity, 0);
  }
  /** Items the Queries and Scans evaluated, in all. */
  scanned(): number {
    return this.dynamo().reduce((sum, c) => sum + (c.scanned ?? 0), 0);
  }
}

const context = new AsyncLocalStorage<Counter>();
/** Calls sent outside any counted context (the HTTP server's own requests, loaders). */
export const unattributed = new Counter('unattributed');

export const counting = <T>(counter: Counter, run: () => Promise<T>): Promise<T> => context.run(counter, run);

const current = () => context.getStore() ?? unattributed;

const WITH_CAPACITY = new Set([
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
  'TransactGetItemsCommand',
]);

const sumCapacity = (consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): number =>
  (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce(
    (sum, c) => sum + (c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0)),
    0,
  );

/** Adds the two middlewares to the client (and so to every DocumentClient built from it). */
export function instrumentDynamo(client: DynamoDBClient): void {
  client.middlewareStack.add(
    (next, ctx) => async (args) => {
      // Before the DocumentClient marshalls and before serialisation: a top-level field passes through.
      // INDEXES: the same total, plus what each index's copy cost (the cost bench prices both).
      if (WITH_CAPACITY.has(ctx.commandName ?? ''))
        (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'INDEXES';
      return next(args);
    },
    { step: 'initialize', name: 'benchConsumedCapacity', priority: 'high' },
  );
  client.middlewareStack.add(
    (next, ctx) => async (args) => {
      const call: RecordedCall = {
        service: 'dynamodb',
        command: ctx.commandName ?? 'unknown',
        input: structuredClone(args.input),
        capacity: 0,
      };
      current().calls.push(call);
      const result = await next(args);
      const output = result.output as {
        ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[];
        ScannedCount?: number;
      };
      const consumed = output.ConsumedCapacity;
      if (output.ScannedCount !== undefined) call.scanned = output.ScannedCount;
      call.capacity = sumCapacity(consumed);
      call.consumed = consumed === undefined ? undefined : [consumed].flat();
      return result;
    },
    { step: 'build', name: 'benchCountCalls' },
  );
}

export function instrumentSes(client: SESv2Client): void {
  client.middlewareStack.add(
    (next, ctx) => async (args) => {
      current().calls.push({
        service: 'ses',
        command: ctx.commandName ?? 'unknown',
        input: structuredClone(args.input),
        capacity: 0,
      });
      return next(args);
    },
    { step: 'initialize', name: 'benchCountEmails' },
  );
}

/**
 * A workflow engine whose every call is recorded under the Step Functions command it stands for
 * (shared/adapters/sfn-engine.ts makes these very calls in AWS), whether or not anything still waits.
 */
export function instrumentWorkflow(engine: WorkflowEngine): WorkflowEngine {
  const recorded =
    <A extends unknown[], R>(command: string, call: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      current().calls.push({ service: 'states', command, input: structuredClone(args), capacity: 0 });
      return call(...args);
    };
  return {
    start: recorded('StartExecution', engine.start.bind(engine)),
    sendTaskSuccess: recorded('SendTaskSuccess', engine.sendTaskSuccess.bind(engine)),
    sendTaskFailure: recorded('SendTaskFailure', engine.sendTaskFailure.bind(engine)),
    stop: recorded('StopExecution', engine.stop.bind(engine)),
  };
}

/** `GetItem ×2, TransactWriteItems` — the shape of a run. */
export const describeCalls = (calls: RecordedCall[]): string => {
  const counts = new Map<string, number>();
  for (const c of calls.filter((c) => c.service === 'dynamodb')) {
    const name = c.command.replace(/Command$/, '');
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(', ');
};

/**
 * A condition that always holds but still uses every alias of the original (DynamoDB refuses unused
 * ones) and is evaluated in full: the replay does the same reads and writes whatever the item's state.
 */
function alwaysTrue(input: unknown): unknown {
  if (Array.isArray(input)) return input.map(alwaysTrue);
  if (input === null || typeof input !== 'object') return input;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    copy[key] =
      key === 'ConditionExpression' && typeof value === 'string'
        ? `(${value}) OR attribute_not_exists(pk) OR attribute_exists(pk)`
        : alwaysTrue(value);
  }
  return copy;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const COMMANDS: Record<string, new (input: any) => any> = {
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  DeleteItemCommand,
  QueryCommand,
  BatchGetItemCommand,
  BatchWriteItemCommand,
  TransactWriteItemsCommand,
};

export interface RawClients {
  dynamo: DynamoDBClient;
  ses?: SESv2Client;
}

/**
 * The floor: the same commands with the same keys, sent one after the other on the use cases' own
 * clients (bench-stack.ts's `floor`), with no use-case code around them. Conditions are made always-true (see alwaysTrue),
 * so a write that the use case made conditionally is made again, not refused at once.
 */
export async function replay(raw: RawClients, calls: RecordedCall[], withEmail: boolean): Promise<number> {
  const started = performance.now();
  for (const call of calls) {
    if (call.service === 'ses') {
      if (withEmail && raw.ses) await raw.ses.send(new SendEmailCommand(call.input as SendEmailCommandInput));
      continue;
    }
    if (call.service !== 'dynamodb') continue;
    const Command = COMMANDS[call.command];
    if (!Command) throw new Error(`The floor cannot replay ${call.command}`);
    const input = alwaysTrue(call.input) as Record<string, unknown>;
    delete input.ReturnConsumedCapacity;
    await raw.dynamo.send(new Command(input));
  }
  return performance.now() - started;
}
