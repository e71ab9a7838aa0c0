// `npx tsx bench/load-layers.ts [rounds]`: where the load bench's gap (bench/load.ts) lies, layer by
// layer. "My services" is run in a closed loop of 10 at each layer of its path, from the raw Query up
// to the local HTTP server, in alternating rounds of 2.5 s (5 unless told, after 4 s of each untimed);
// each layer's requests/s and this process's CPU a request are the medians over the rounds. A layer's
// CPU over the one below it is what that layer adds; DynamoDB Local's work is the same on every layer.
import { createDynamoClients } from '../shared/adapters/dynamo/client';
import { createDynamoStore } from '../shared/adapters/dynamo/store';
import { logSlowCalls } from '../shared/adapters/slow-calls';
import type { ApiEvent } from '../shared/http/route-spec';
import { deps, useRuntime } from '../shared/runtime';
import { listMyServices } from '../shared/usecases/queries';
import { listServicesHandler } from '../functions/http/services';
import { lambdaContext } from '../infra/local/http-server';
import { startBenchStack, tokenFor } from './bench-stack';
import { callRate } from './cpu-per-call';
import { Counter, counting, replay } from './instrument';
import { startLoadClient } from './load-client';
import { median } from './measure';
import { seedWorld } from './scenarios';

const rounds = Number(process.argv[2] ?? 5);
const CONNECTIONS = 10;

interface Figure {
  requestsPerSecond: number;
  cpuUsPerRequest: number;
}

/** `CONNECTIONS` loops running `work` again and again for `seconds`. */
async function closedLoop(work: () => Promise<unknown>, seconds: number): Promise<Figure> {
  const { callsPerSecond, cpuUsPerCall } = await callRate(work, { seconds, callers: CONNECTIONS });
  return { requestsPerSecond: Math.round(callsPerSecond), cpuUsPerRequest: Math.round(cpuUsPerCall) };
}

async function main() {
  const bench = await startBenchStack();
  const client = await startLoadClient();
  try {
    const world = await seedWorld(bench, 20);
    const token = await tokenFor(bench, world.aa);
    const steady = new Counter('my services');
    await listMyServices(bench.deps, world.aa, { limit: 50 });
    await counting(steady, () => listMyServices(bench.deps, world.aa, { limit: 50 }));
    const calls = steady.dynamo();

    // The handlers' client as a Lambda builds it, as bench/load.ts's asInAws does.
    const own = createDynamoClients({ region: 'eu-west-1', endpoint: bench.stack.dynamodbEndpoint });
    logSlowCalls(own.client, () => {});
    const store = createDynamoStore(own.doc, bench.stack.tableName);
    useRuntime({ ...bench.runtime, deps: { ...bench.runtime.deps, store } });

    // The event the stand-in builds for `GET /me/services?limit=50` with the caller's token verified.
    const event = {
      version: '2.0',
      routeKey: 'GET /me/services',
      rawPath: '/me/services',
      rawQueryString: 'limit=50',
      headers: { host: '127.0.0.1', authorization: `Bearer ${token}` },
      queryStringParameters: { limit: '50' },
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: '127.0.0.1',
        domainPrefix: '127',
        http: {
          method: 'GET',
          path: '/me/services',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: '',
        },
        requestId: 'load-layers',
        routeKey: 'GET /me/services',
        stage: '$default',
        time: new Date().toISOString(),
        timeEpoch: Date.now(),
        authorizer: {
          principalId: '',
          integrationLatency: 0,
          jwt: { claims: { nic: world.aa }, scopes: null },
        },
      },
      isBase64Encoded: false,
    } as ApiEvent;

    const layers: [string, (seconds: number) => Promise<Figure>][] = [
      [
        'the Query, raw (the floor)',
        (s) => closedLoop(() => replay({ dynamo: bench.raw.dynamo }, calls, false), s),
      ],
      [
        "the Query on the handlers' client",
        (s) => closedLoop(() => replay({ dynamo: own.client }, calls, false), s),
      ],
      [
        'the store (listServicesOf)',
        (s) => closedLoop(() => store.listServicesOf(world.aa, { limit: 50 }), s),
      ],
      [
        'the use case (listMyServices)',
        (s) => closedLoop(() => listMyServices(deps(), world.aa, { limit: 50 }), s),
      ],
      [
        'the handler, its middleware',
        (s) => closedLoop(() => listServicesHandler(event, lambdaContext('load-layers')), s),
      ],
      [
        'through the local HTTP server',
        async (seconds) => {
          const before = process.cpuUsage();
          const run = await client.run({
            url: `${bench.stack.apiUrl}/me/services?limit=50`,
            headers: { authorization: `Bearer ${token}` },
            connections: CONNECTIONS,
            duration: seconds,
          });
          const cpu = process.cpuUsage(before);
          if (run.non2xx + run.errors > 0) throw new Error(`${run.non2xx + run.errors} requests failed`);
          return {
            requestsPerSecond: Math.round(run.requests / run.seconds),
            cpuUsPerRequest: Math.round((cpu.user + cpu.system) / run.requests),
          };
        },
      ],
    ];
    for (const [, measure] of layers) await measure(4);
    const figures = new Map<string, Figure[]>(layers.map(([name]) => [name, []]));
    for (let round = 0; round < rounds; round++) {
      // Alternating direction: a layer's neighbours are not always the same ones.
      const order = round % 2 === 0 ? layers : [...layers].reverse();
      for (const [name, measure] of order) figures.get(name)!.push(await measure(2.5));
      console.log(`round ${round + 1}/${rounds} done`);
    }
    let below: number | undefined;
    console.table(
      layers.map(([name]) => {
        const of = figures.get(name)!;
        const cpu = median(of.map((f) => f.cpuUsPerRequest));
        const row = {
          layer: name,
          'requests/s': median(of.map((f) => f.requestsPerSecond)),
          'CPU µs a request': cpu,
          'over the layer below': below === undefined ? '' : cpu - below,
        };
        below = cpu;
        return row;
      }),
    );
  } finally {
    await client.close();
    await bench.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
