// A load figure for the local stack: "my services" (GET /me/services: one Query, the contacts' names
// coming from the store's short-lived cache of names once read) driven by our closed-loop client
// through the local HTTP server, against its DynamoDB floor: the very calls the handler sends once its
// names are known, replayed back to back in a closed loop on a raw client with the same concurrency;
// and, for information, the calls of a first request, whose names are read too (Query and
// BatchGetItem, the floor before the cache). The share says how much of the local ceiling is ours
// (HTTP stand-in, middy, JWT, zod, the use case) and how much DynamoDB Local's. The client runs in a
// process of its own (the callers are elsewhere in AWS too); the machine's cores are shared with
// DynamoDB Local, so the figures are for this machine only.
// The API and the floor run in alternating blocks of a few seconds, as bench/scale.ts times its two
// tables: one API block then one floor block measured the minute as much as the code (DynamoDB Local's
// JIT and GC, the neighbours' load: the raw floor moved by a quarter between runs of the same code while
// the API held). Each pair's blocks run back to back, which goes first alternates, and the budgeted
// figure is the median of the pairs' shares.
import { createDynamoClients } from '../shared/adapters/dynamo/client';
import { createDynamoStore } from '../shared/adapters/dynamo/store';
import { logSlowCalls } from '../shared/adapters/slow-calls';
import { useRuntime } from '../shared/runtime';
import { listMyServices } from '../shared/usecases/queries';
import { tokenFor, type BenchStack } from './bench-stack';
import { Counter, counting, describeCalls, replay, type RecordedCall } from './instrument';
import { startLoadClient } from './load-client';
import { median, quantile } from './measure';
import { seedWorld } from './scenarios';

export interface LoadSettings {
  /** (API block, floor block) pairs timed; odd, so that the median is one pair's. */
  pairs: number;
  blockSeconds: number;
  /** One untimed block of each first: the JIT, the connections, DynamoDB Local's caches. */
  warmupSeconds: number;
}

interface Throughput {
  requestsPerSecond: number;
  /** This process's CPU (user + system) per request: the handler's path, or the raw client's. */
  cpuUsPerRequest: number;
  p50Ms: number;
  p99Ms: number;
}

export interface LoadBlock extends Throughput {
  pair: number;
  side: 'api' | 'floor';
}

export interface LoadResult {
  what: string;
  /** Each block's length; `pairs` pairs of blocks after the warm-up. */
  seconds: number;
  pairs: number;
  warmupSeconds: number;
  connections: number;
  /** The medians over the API's blocks (non-2xx and errors: the sum). */
  api: Throughput & { non2xx: number; errors: number };
  /** The handler's DynamoDB calls once its names are known (`calls`), raw, back to back: one loop of them is one request. Medians over the floor's blocks. */
  floor: Throughput;
  calls: string;
  /** The calls of a first request, names read too (`firstCalls`): the floor until the names' cache. One block. */
  firstRequestFloor: Throughput;
  firstCalls: string;
  /** Every timed block in the order run. */
  blocks: LoadBlock[];
  /** API requests/s ÷ floor requests/s of each pair: the median is budgeted, min and max its spread. */
  share: { median: number; min: number; max: number };
  /** floor requests/s ÷ API requests/s, 1 ÷ the median share: how many times faster DynamoDB Local alone is. */
  ratio: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

export async function measureLoad(
  bench: BenchStack,
  { pairs, blockSeconds, warmupSeconds }: LoadSettings,
  connections: number,
  log: (line: string) => void = () => {},
): Promise<LoadResult> {
  const world = await seedWorld(bench, 20);
  const token = await tokenFor(bench, world.aa);

  // The world is new: the first call reads the names, the next finds them in the cache, as the API's
  // requests will for the whole run (one store serves every block, and a name stays a minute).
  const [first, steady] = [new Counter('my services, first'), new Counter('my services')];
  for (const counter of [first, steady])
    await counting(counter, () => listMyServices(bench.deps, world.aa, { limit: 50 }));
  const [firstCalls, calls] = [first.dynamo(), steady.dynamo()];
  if (calls[0]?.command !== 'QueryCommand') throw new Error('"my services" no longer begins with a Query');

  // The client runs in a process of its own (bench/load-client.ts): the callers are not the Lambda's.
  const client = await startLoadClient();
  const totals = { non2xx: 0, errors: 0 };
  const blocks: LoadBlock[] = [];
  const sides = {
    async api(seconds: number): Promise<Throughput> {
      const before = process.cpuUsage();
      const result = await client.run({
        url: `${bench.stack.apiUrl}/me/services?limit=50`,
        headers: { authorization: `Bearer ${token}` },
        connections,
        duration: seconds,
      });
      const cpu = process.cpuUsage(before);
      totals.non2xx += result.non2xx;
      totals.errors += result.errors;
      return {
        requestsPerSecond: Math.round(result.requests / result.seconds),
        cpuUsPerRequest: Math.round((cpu.user + cpu.system) / result.requests),
        p50Ms: result.p50Ms,
        p99Ms: result.p99Ms,
      };
    },
    floor: (seconds: number) => closedLoop(bench, calls, seconds, connections),
  };
  try {
    await asInAws(bench, async () => {
      await sides.api(warmupSeconds);
      await sides.floor(warmupSeconds);
      for (let pair = 0; pair < pairs; pair++) {
        const order = pair % 2 === 0 ? (['api', 'floor'] as const) : (['floor', 'api'] as const);
        for (const side of order) blocks.push({ pair, side, ...(await sides[side](blockSeconds)) });
        const [a, f] = (['api', 'floor'] as const).map(
          (side) => blocks.find((b) => b.pair === pair && b.side === side)!.requestsPerSecond,
        );
        log(`  load: pair ${pair + 1}/${pairs}: API ${a} req/s, floor ${f} (${round(a! / f!)}×)`);
      }
    });
  } finally {
    await client.close();
  }
  const firstRequestFloor = await closedLoop(bench, firstCalls, blockSeconds, connections);

  const of = (side: LoadBlock['side']) => blocks.filter((b) => b.side === side);
  const medians = (side: LoadBlock['side']): Throughput => ({
    requestsPerSecond: median(of(side).map((b) => b.requestsPerSecond)),
    cpuUsPerRequest: median(of(side).map((b) => b.cpuUsPerRequest)),
    p50Ms: median(of(side).map((b) => b.p50Ms)),
    p99Ms: median(of(side).map((b) => b.p99Ms)),
  });
  const shares = of('api').map((a, k) => a.requestsPerSecond / of('floor')[k]!.requestsPerSecond);
  const share = median(shares);
  return {
    what: `GET /me/services (20 services: ${describeCalls(calls)}) against its floor, ${pairs} alternating pairs of ${blockSeconds} s blocks over ${connections} connections`,
    seconds: blockSeconds,
    pairs,
    warmupSeconds,
    connections,
    api: { ...medians('api'), ...totals },
    floor: medians('floor'),
    calls: describeCalls(calls),
    firstRequestFloor,
    firstCalls: describeCalls(firstCalls),
    blocks,
    share: { median: round(share), min: round(Math.min(...shares)), max: round(Math.max(...shares)) },
    ratio: round(1 / share),
  };
}

/**
 * Runs `work` with the handlers on a DynamoDB client built as a Lambda builds its own (shared/runtime.ts:
 * the document client, the slow-call log), not on the bench's counted one: its counting middleware
 * (a copy of every input, the capacity report) is the bench's work, and the floor's raw client has none.
 * The calls were counted above; the bench's runtime is put back afterwards.
 */
export async function asInAws<T>(bench: BenchStack, work: () => Promise<T>): Promise<T> {
  const { client, doc } = createDynamoClients({
    region: 'eu-west-1',
    endpoint: bench.stack.dynamodbEndpoint,
  });
  logSlowCalls(client, () => {});
  useRuntime({
    ...bench.runtime,
    deps: { ...bench.runtime.deps, store: createDynamoStore(doc, bench.stack.tableName) },
  });
  try {
    return await work();
  } finally {
    useRuntime(bench.runtime);
    client.destroy();
  }
}

/** `connections` workers each sending `calls` back to back, again and again, for `seconds`. */
export async function closedLoop(
  bench: BenchStack,
  calls: RecordedCall[],
  seconds: number,
  connections: number,
): Promise<Throughput> {
  const latencies: number[] = [];
  const started = performance.now();
  const before = process.cpuUsage();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        // Raw, as the floor sends every call: without the bench's capacity report.
        latencies.push(await replay({ dynamo: bench.raw.dynamo }, calls, false));
      }
    }),
  );
  // Over the time until the last loop ended, as the load client counts the API's.
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(before);
  return {
    requestsPerSecond: Math.round(latencies.length / elapsed),
    cpuUsPerRequest: Math.round((cpu.user + cpu.system) / latencies.length),
    p50Ms: round(quantile(latencies, 0.5)),
    p99Ms: round(quantile(latencies, 0.99)),
  };
}
