// Does a use case's latency grow with the table? "My services" of one account and the idle sweep run
// on two tables of the same DynamoDB Local, seeded alike, one filled to N services and one to M, and
// are timed on both in alternating blocks, each run beside its raw floor (the same calls sent again).
// Timing one table before and the other after its fill measured the order, not the size: the machine's
// speed and DynamoDB Local's warm-up drift by more than the budget between minutes (docs/performance.md,
// "Why the scale ratio moved"). Filler services belong to other accounts (100 each), loaded with
// BatchWriteItem, several at a time.
import { CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { membershipItems } from '../shared/adapters/dynamo/entities/membership';
import { serviceItem } from '../shared/adapters/dynamo/entities/service';
import { createTableInput } from '../shared/adapters/dynamo/table';
import type { Deps } from '../shared/usecases/deps';
import { listMyServices } from '../shared/usecases/queries';
import { sweepStaleRequests } from '../shared/usecases/sweep';
import type { BenchStack } from './bench-stack';
import { measure, median, type UseCaseResult } from './measure';
import { seedWorld, type Scenario } from './scenarios';

const CHUNK = 25;
/** The scale tables' own world (aa0-ovh…): other parts' worlds are numbered from 1 on, after the pid. */
const SCALE_WORLD = '0';
const PARALLEL = 6;

export async function fillServices(
  bench: BenchStack,
  from: number,
  to: number,
  tableName = bench.stack.tableName,
): Promise<number> {
  const started = performance.now();
  const total = to - from;
  let done = 0;
  let nextStart = from;
  const worker = async () => {
    while (nextStart < to) {
      // Two items per service (the service and its one member's row): 12 services per BatchWriteItem.
      const start = nextStart;
      const end = Math.min(to, start + Math.floor(CHUNK / 2));
      nextStart = end;
      let pending: { PutRequest: { Item: Record<string, unknown> } }[] = [];
      for (let i = start; i < end; i++) {
        const owner = `fx${Math.floor(i / 100)}-ovh`;
        const service = {
          serviceId: `filler-${i}.example`,
          name: `filler-${i}.example`,
          type: 'domain' as const,
          contacts: { admin: owner, tech: owner, billing: owner },
        };
        for (const item of [serviceItem(service), ...membershipItems(service)]) {
          pending.push({ PutRequest: { Item: item } });
        }
      }
      while (pending.length > 0) {
        const output = await bench.raw.doc.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
        );
        pending = (output.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
      done += end - start;
      if (done % 9600 < 12 || done === total) {
        const rate = Math.round(done / ((performance.now() - started) / 1000));
        const line = `  loading services (BatchWriteItem) ${from + done}/${to}, ${rate} services/s`;
        process.stderr.write(process.stderr.isTTY ? `\r${line}${done === total ? '\n' : ''}` : `${line}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return (performance.now() - started) / 1000;
}

/** One table's figures: the medians over the blocks of each block's median. */
export interface ScaleSide {
  medianMs: number;
  p99Ms: number;
  floorMs: number;
  /** The use case over its own floor: our code's share, whatever DynamoDB Local's speed. */
  overFloor: number;
  dynamoCalls: number;
  /** Items its Queries evaluated (ScannedCount): what a Query keyed wider than meant would show. */
  itemsScanned: number;
  capacity: number;
}

export interface ScaleCase {
  small: ScaleSide;
  large: ScaleSide;
  /** The budgeted figure: over-floor at M against over-floor at N, the median of the blocks' pairs. */
  ratio: number;
  /** The use case's own time at M against N, the median of the blocks' pairs (DynamoDB Local's included). */
  rawRatio: number;
  /** The raw floor's time at M against N, likewise: DynamoDB Local's own growth with the table. */
  floorRatio: number;
}

export interface ScaleResult {
  small: number;
  large: number;
  loadSeconds: number;
  blocks: number;
  list: ScaleCase;
  sweep: ScaleCase;
}

const round = (n: number) => Math.round(n * 100) / 100;

function side(results: UseCaseResult[]): ScaleSide {
  const of = (pick: (r: UseCaseResult) => number) => round(median(results.map(pick)));
  return {
    medianMs: of((r) => r.medianMs),
    p99Ms: of((r) => r.p99Ms),
    floorMs: of((r) => r.floorMedianMs),
    overFloor: of((r) => r.ratio),
    // The fewest of any run: the names' cache (shared/adapters/dynamo/names.ts) is fresh for a minute of
    // the real clock, so about once a minute a run also reads the names (+1 BatchGetItem), on either
    // table, whenever the minute ends. Items read are the most of any block's sample.
    dynamoCalls: Math.min(...results.map((r) => r.dynamoCallsRange[0])),
    itemsScanned: Math.max(...results.map((r) => r.itemsScanned)),
    capacity: Math.max(...results.map((r) => r.consumedCapacity)),
  };
}

function scaleCase(small: UseCaseResult[], large: UseCaseResult[]): ScaleCase {
  const pairs = (pick: (r: UseCaseResult) => number) =>
    round(median(small.map((s, k) => pick(large[k]!) / pick(s))));
  return {
    small: side(small),
    large: side(large),
    ratio: pairs((r) => r.ratio),
    rawRatio: pairs((r) => r.medianMs),
    floorRatio: pairs((r) => r.floorMedianMs),
  };
}

async function createTable(bench: BenchStack, tableName: string): Promise<void> {
  await bench.raw.dynamo.send(new CreateTableCommand(createTableInput(tableName)));
  await waitUntilTableExists({ client: bench.raw.dynamo, maxWaitTime: 60 }, { TableName: tableName });
}

export async function scale(
  bench: BenchStack,
  small: number,
  large: number,
  runs: number,
  { blocks, warmup }: { blocks: number; warmup: number },
): Promise<ScaleResult> {
  const tables = {
    small: `${bench.stack.tableName}-scale-small`,
    large: `${bench.stack.tableName}-scale-large`,
  };
  let loadSeconds = 0;
  const deps: Record<keyof typeof tables, Deps> = { small: bench.deps, large: bench.deps };
  let owner = '';
  for (const [size, services] of [
    ['small', small],
    ['large', large],
  ] as const) {
    await createTable(bench, tables[size]);
    // The same accounts and services on both tables, so that both answer alike.
    owner = (await seedWorld(bench, 20, tables[size], SCALE_WORLD)).aa;
    loadSeconds += await fillServices(bench, 0, services, tables[size]);
    process.stderr.write(`  ${tables[size]}: ${services} services\n`);
    deps[size] = bench.depsOn(tables[size]);
  }
  const scenarios = (on: Deps): Scenario[] => [
    {
      name: 'list my services',
      level: 'use case',
      includes: 'listMyServices of an account holding 20 services',
      prepare: async () => ({ run: () => listMyServices(on, owner, { limit: 50 }) }),
    },
    {
      name: 'sweep (nothing due)',
      level: 'use case',
      includes: 'sweepStaleRequests, nothing due',
      prepare: async () => ({ run: () => sweepStaleRequests(on) }),
    },
  ];
  const timed = { small: scenarios(deps.small), large: scenarios(deps.large) };
  const results = {
    small: [[], []] as UseCaseResult[][],
    large: [[], []] as UseCaseResult[][],
  };
  const perBlock = Math.max(1, Math.round(runs / blocks));
  for (let block = 0; block < blocks; block++) {
    // Which table goes first alternates, so that neither always runs on the warmer side of a pair.
    const order = block % 2 === 0 ? (['small', 'large'] as const) : (['large', 'small'] as const);
    for (const which of [0, 1])
      for (const size of order)
        results[size][which]!.push(await measure(bench, timed[size][which]!, perBlock, warmup));
    process.stderr.write(`  scale: block ${block + 1}/${blocks}\n`);
  }
  return {
    small,
    large,
    loadSeconds: Math.round(loadSeconds),
    blocks,
    list: scaleCase(results.small[0]!, results.large[0]!),
    sweep: scaleCase(results.small[1]!, results.large[1]!),
  };
}
