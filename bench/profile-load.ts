// `npx tsx bench/profile-load.ts [seconds] [warm-up seconds]`: where this process's CPU goes per
// request of the load bench (bench/load.ts), GET /me/services through the local server with the load
// client in its own process, against the raw Query's closed loop. Prints self time per request by
// source and by function (µs), the API's minus the floor's first. Both run untimed first (5 s each
// unless told): profiled cold, the API's phase, first, carried the JIT's warm-up and DynamoDB Local's.
import { Session, type Profiler } from 'node:inspector/promises';
import { startBenchStack, tokenFor } from './bench-stack';
import { Counter, counting } from './instrument';
import { asInAws, closedLoop } from './load';
import { runLoadClient } from './load-client';
import { seedWorld } from './scenarios';
import { listMyServices } from '../shared/usecases/queries';
import { Tally } from './tally';

const seconds = Number(process.argv[2] ?? 10);
const warmupSeconds = Number(process.argv[3] ?? 5);
const CONNECTIONS = 10;

async function main() {
  const bench = await startBenchStack();
  const session = new Session();
  session.connect();
  try {
    const world = await seedWorld(bench, 20);
    const token = await tokenFor(bench, world.aa);
    const steady = new Counter('my services');
    await listMyServices(bench.deps, world.aa, { limit: 50 });
    await counting(steady, () => listMyServices(bench.deps, world.aa, { limit: 50 }));
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    // This process's CPU time in each phase, beside the samples: firmer than either on a busy machine.
    const cpuMs: number[] = [];
    const profiled = async <T>(work: () => Promise<T>): Promise<[T, Profiler.Profile]> => {
      await session.post('Profiler.start');
      const before = process.cpuUsage();
      const result = await work();
      const { user, system } = process.cpuUsage(before);
      cpuMs.push((user + system) / 1000);
      const { profile } = await session.post('Profiler.stop');
      return [result, profile];
    };
    const load = (duration: number) =>
      runLoadClient({
        url: `${bench.stack.apiUrl}/me/services?limit=50`,
        headers: { authorization: `Bearer ${token}` },
        connections: CONNECTIONS,
        duration,
      });
    const [api, apiProfile] = await asInAws(bench, async () => {
      await load(warmupSeconds);
      await closedLoop(bench, steady.dynamo(), warmupSeconds, CONNECTIONS);
      return profiled(() => load(seconds));
    });
    const [floor, floorProfile] = await profiled(() =>
      closedLoop(bench, steady.dynamo(), seconds, CONNECTIONS),
    );
    const tallies = { api: new Tally(process.env.CALLERS), floor: new Tally() };
    tallies.api.add(apiProfile);
    tallies.floor.add(floorProfile);
    const requests = { api: api.requests, floor: floor.requestsPerSecond * seconds };
    console.log(
      `API ${Math.round(api.requests / api.seconds)} req/s (${requests.api} requests), raw Query ${floor.requestsPerSecond} req/s`,
    );
    const [apiCpu = 0, floorCpu = 0] = cpuMs;
    console.log(
      `this process's CPU µs per request: API ${((apiCpu * 1000) / requests.api).toFixed(0)}, raw Query ${((floorCpu * 1000) / requests.floor).toFixed(0)}, ratio ${(apiCpu / requests.api / (floorCpu / requests.floor)).toFixed(2)}`,
    );
    const us = (v: number, n: number) => (v / n).toFixed(0).padStart(6);
    const table = (a: Map<string, number>, b: Map<string, number>, n: number) =>
      [...new Set([...a.keys(), ...b.keys()])]
        .map((key) => {
          const [x, y] = [(a.get(key) ?? 0) / requests.api, (b.get(key) ?? 0) / requests.floor];
          return [key, x, y] as const;
        })
        .sort((p, q) => q[1] - q[2] - (p[1] - p[2]))
        .slice(0, n)
        .map(([key, x, y]) => `${us(x, 1)} ${us(y, 1)} ${us(x - y, 1)}  ${key}`)
        .join('\n');
    console.log('µs of samples per request: API, raw Query, difference');
    console.log(`total ${us(tallies.api.total, requests.api)} ${us(tallies.floor.total, requests.floor)}`);
    console.log(`\nBy source:\n${table(tallies.api.bySource, tallies.floor.bySource, 25)}`);
    console.log(`\nBy function:\n${table(tallies.api.byFunction, tallies.floor.byFunction, 50)}`);
    if (process.env.CALLERS) {
      console.log(`\nWhere ${process.env.CALLERS} was called from (µs per request):`);
      for (const [chain, us] of [...tallies.api.callers].sort((a, b) => b[1] - a[1]).slice(0, 8))
        console.log(`${(us / requests.api).toFixed(0).padStart(6)}  ${chain}`);
    }
  } finally {
    session.disconnect();
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
