// `npx tsx bench/split-load.ts [seconds] [rounds]`: where GET /me/services spends its CPU beyond its
// one Query, without HTTP. Ten callers in this process, back to back, for `seconds` each: the raw
// Query (the load bench's floor), `listMyServices`, and the route's handler called as API Gateway
// calls it (middy, zod of the query, JSON). Prints this process's CPU µs per call of each; the
// phases alternate over `rounds`, so a change in the neighbours' load reaches all three alike.
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { listServicesHandler } from '../functions/http/services';
import type { ApiEvent } from '../shared/http/middleware';
import { deps } from '../shared/runtime';
import { listMyServices } from '../shared/usecases/queries';
import { cpuPerCall } from './cpu-per-call';
import { median } from './measure';
import { startBenchStack, type BenchStack } from './bench-stack';
import { Counter, counting, replay } from './instrument';
import { asInAws } from './load';
import { runScript } from './one-scenario';
import { seedWorld } from './scenarios';

const seconds = Number(process.argv[2] ?? 3);
const rounds = Number(process.argv[3] ?? 7);

const context = {
  functionName: 'list-services',
  awsRequestId: 'split-load',
  getRemainingTimeInMillis: () => 25_000,
} as Context;

function event(caller: string): ApiEvent {
  const routeKey = 'GET /me/services';
  return {
    version: '2.0',
    routeKey,
    rawPath: '/me/services',
    rawQueryString: 'limit=50',
    headers: {},
    queryStringParameters: { limit: '50' },
    isBase64Encoded: false,
    requestContext: {
      http: { method: 'GET', path: '/me/services' },
      requestId: randomUUID(),
      routeKey,
      authorizer: { jwt: { claims: { nic: caller } } },
    },
  } as unknown as ApiEvent;
}

const show = (figures: Record<string, number>) =>
  Object.entries(figures)
    .map(([name, us]) => `${name} ${us.toFixed(0)}`)
    .join(', ');

async function measure(bench: BenchStack) {
  const world = await seedWorld(bench, 20);
  const steady = new Counter('my services');
  await listMyServices(bench.deps, world.aa, { limit: 50 });
  await counting(steady, () => listMyServices(bench.deps, world.aa, { limit: 50 }));
  const calls = steady.dynamo();
  const answer = await listServicesHandler(event(world.aa), context);
  if (answer.statusCode !== 200) throw new Error(`The handler answered ${answer.statusCode}`);
  // As the load bench runs the API: on a client built as a Lambda builds it (see asInAws).
  await asInAws(bench, async () => {
    const phases = {
      'raw Query': () => replay({ dynamo: bench.raw.dynamo }, calls, false),
      listMyServices: () => listMyServices(deps(), world.aa, { limit: 50 }),
      handler: () => listServicesHandler(event(world.aa), context),
    };
    const perRound: Record<string, number>[] = [];
    for (let round = 1; round <= rounds; round++) {
      const figures: Record<string, number> = {};
      for (const [name, call] of Object.entries(phases)) figures[name] = await cpuPerCall(call, { seconds });
      perRound.push(figures);
      console.log(`round ${round}: CPU µs a call: ${show(figures)}`);
    }
    // The first round warms the JIT up; of the rest, the median of each phase and of its ratio to the raw Query's.
    const rest = perRound.slice(1);
    const medians = Object.fromEntries(
      Object.keys(phases).map((name) => [name, median(rest.map((figures) => figures[name]!))]),
    );
    const ratios = Object.keys(phases)
      .slice(1)
      .map((name) => `${name} ${median(rest.map((f) => f[name]! / f['raw Query']!)).toFixed(2)}`);
    console.log(`median of rounds 2–${rounds}: ${show(medians)}; × the raw Query: ${ratios.join(', ')}`);
  });
}

runScript(async () => {
  const bench = await startBenchStack();
  try {
    await measure(bench);
  } finally {
    await bench.stop();
  }
});
