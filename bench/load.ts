// A load figure for the local stack: "my services" (GET /me/services: one Query, the contacts' names
// coming from the store's short-lived cache of names once read) driven by autocannon through the local
// HTTP server, and in the same run its DynamoDB floor: the very calls the handler sends once its names
// are known, replayed back to back in a closed loop on a raw client with the same concurrency; and, for
// information, the calls of a first request, whose names are read too (Query and BatchGetItem, the floor
// before the cache). The ratio says how much of the local ceiling is ours (HTTP stand-in, middy, JWT,
// zod, the use case) and how much DynamoDB Local's. autocannon runs in a process of its own (the callers
// are elsewhere in AWS too); the machine's cores are shared with DynamoDB Local, so the figures are for
// this machine only.
import { createDynamoClients } from '../shared/adapters/dynamo/client';
import { createDynamoStore } from '../shared/adapters/dynamo/store';
import { logSlowCalls } from '../shared/adapters/slow-calls';
import { useRuntime } from '../shared/runtime';
import { listMyServices } from '../shared/usecases/queries';
import { tokenFor, type BenchStack } from './bench-stack';
import { Counter, counting, describeCalls, replay, type RecordedCall } from './instrument';
import { runLoadClient } from './load-client';
import { quantile } from './measure';
import { seedWorld } from './scenarios';

export interface LoadResult {
  what: string;
  seconds: number;
  connections: number;
  api: { requestsPerSecond: number; p50Ms: number; p99Ms: number; non2xx: number; errors: number };
  /** The handler's DynamoDB calls once its names are known (`calls`), raw, back to back: one loop of them is one request. */
  floor: { requestsPerSecond: number; p50Ms: number; p99Ms: number };
  calls: string;
  /** The calls of a first request, names read too (`firstCalls`): the floor until the names' cache. */
  firstRequestFloor: { requestsPerSecond: number; p50Ms: number; p99Ms: number };
  firstCalls: string;
  /** floor requests/s ÷ API requests/s: how many times faster DynamoDB Local alone is. */
  ratio: number;
}

export async function measureLoad(
  bench: BenchStack,
  seconds: number,
  connections: number,
): Promise<LoadResult> {
  const world = await seedWorld(bench, 20);
  const token = await tokenFor(bench, world.aa);

  // The world is new: the first call reads the names, the next finds them in the cache, as the API's
  // requests will for the whole run (they share the bench's store, and a name stays a minute).
  const [first, steady] = [new Counter('my services, first'), new Counter('my services')];
  for (const counter of [first, steady])
    await counting(counter, () => listMyServices(bench.deps, world.aa, { limit: 50 }));
  const [firstCalls, calls] = [first.dynamo(), steady.dynamo()];
  if (calls[0]?.command !== 'QueryCommand') throw new Error('"my services" no longer begins with a Query');

  // autocannon runs in a process of its own (bench/load-client.ts): the callers are not the Lambda's.
  const api = await asInAws(bench, () =>
    runLoadClient({
      url: `${bench.stack.apiUrl}/me/services?limit=50`,
      headers: { authorization: `Bearer ${token}` },
      connections,
      duration: seconds,
    }),
  );
  const floor = await closedLoop(bench, calls, seconds, connections);
  const firstRequestFloor = await closedLoop(bench, firstCalls, seconds, connections);
  const requestsPerSecond = Math.round(api.requests.average);
  return {
    what: `GET /me/services (20 services: ${describeCalls(calls)}) for ${seconds} s over ${connections} connections`,
    seconds,
    connections,
    api: {
      requestsPerSecond,
      p50Ms: api.latency.p50,
      p99Ms: api.latency.p99,
      non2xx: api.non2xx,
      errors: api.errors,
    },
    floor,
    calls: describeCalls(calls),
    firstRequestFloor,
    firstCalls: describeCalls(firstCalls),
    ratio: Math.round((floor.requestsPerSecond / requestsPerSecond) * 100) / 100,
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
) {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        // Raw, as the floor sends every call: without the bench's capacity report.
        latencies.push(await replay({ dynamo: bench.raw.dynamo }, calls, false));
      }
    }),
  );
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    requestsPerSecond: Math.round(latencies.length / seconds),
    p50Ms: round(quantile(latencies, 0.5)),
    p99Ms: round(quantile(latencies, 0.99)),
  };
}
