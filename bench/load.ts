// A load figure for the local stack: "my services" (GET /me/services, one Query) driven by autocannon
// through the local HTTP server, and in the same run its DynamoDB floor: the very Query the handler
// sends, replayed in a closed loop on a raw client with the same concurrency. The ratio says how much
// of the local ceiling is ours (HTTP stand-in, middy, JWT, zod, the use case) and how much DynamoDB
// Local's. Both share this process's CPU with DynamoDB Local, so the figures are for this machine only.
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import autocannon from 'autocannon';
import { listMyServices } from '../shared/usecases/queries';
import type { BenchStack } from './bench-stack';
import { Counter, counting } from './instrument';
import { quantile } from './measure';
import { seedWorld } from './scenarios';

export interface LoadResult {
  what: string;
  seconds: number;
  connections: number;
  api: { requestsPerSecond: number; p50Ms: number; p99Ms: number; non2xx: number; errors: number };
  floor: { requestsPerSecond: number; p50Ms: number; p99Ms: number };
  /** floor requests/s ÷ API requests/s: how many times faster DynamoDB Local alone is. */
  ratio: number;
}

export async function measureLoad(
  bench: BenchStack,
  seconds: number,
  connections: number,
): Promise<LoadResult> {
  const world = await seedWorld(bench, 20);
  const response = await fetch(`${bench.stack.apiUrl}/_local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nic: world.aa }),
  });
  const { token } = (await response.json()) as { token: string };

  const recorded = new Counter('my services');
  await counting(recorded, () => listMyServices(bench.deps, world.aa, { limit: 50 }));
  const [query] = recorded.dynamo();
  if (!query || query.command !== 'QueryCommand') throw new Error('"my services" no longer sends one Query');

  const api = await autocannon({
    url: `${bench.stack.apiUrl}/me/services?limit=50`,
    headers: { authorization: `Bearer ${token}` },
    connections,
    duration: seconds,
  });
  const floor = await closedLoop(bench, query.input as QueryCommandInput, seconds, connections);
  const requestsPerSecond = Math.round(api.requests.average);
  return {
    what: `GET /me/services (20 services, one Query) for ${seconds} s over ${connections} connections`,
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
    ratio: Math.round((floor.requestsPerSecond / requestsPerSecond) * 100) / 100,
  };
}

/** `connections` workers each sending the Query back to back for `seconds`. */
async function closedLoop(bench: BenchStack, input: QueryCommandInput, seconds: number, connections: number) {
  // Raw, as the floor sends every call: without the bench's capacity report.
  const query = { ...input };
  delete query.ReturnConsumedCapacity;
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        await bench.raw.dynamo.send(new QueryCommand(query));
        latencies.push(performance.now() - started);
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
