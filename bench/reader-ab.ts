// `npx tsx bench/reader-ab.ts [seconds] [rounds]`: "my services" rows read by hand (the store's
// listServicesOf: a low-level Query, readMembershipRow) against the generic read it replaced (queryPage
// on the DocumentClient, serviceSchema's parse of each row) and the raw Query, in one process, ten
// callers each, alternating every `seconds`: on a busy machine a before/after of two processes
// differs by more than the change, a pair within one round does not. Prints this process's CPU µs
// per call, and the median of the rounds' differences.
import { createDynamoClients } from '../shared/adapters/dynamo/client';
import { parseItem } from '../shared/adapters/dynamo/entities/item';
import { accountPk, servicePk } from '../shared/adapters/dynamo/entities/item';
import { serviceSchema } from '../shared/adapters/dynamo/entities/service';
import { queryPage } from '../shared/adapters/dynamo/paging';
import { createDynamoStore } from '../shared/adapters/dynamo/store';
import { logSlowCalls } from '../shared/adapters/slow-calls';
import { listMyServices } from '../shared/usecases/queries';
import { cpuPerCall } from './cpu-per-call';
import { median } from './measure';
import { startBenchStack } from './bench-stack';
import { Counter, counting, replay } from './instrument';
import { runScript } from './one-scenario';
import { seedWorld } from './scenarios';

const seconds = Number(process.argv[2] ?? 2);
const rounds = Number(process.argv[3] ?? 11);

runScript(async () => {
  const bench = await startBenchStack();
  // As a Lambda builds its client (see asInAws in load.ts), not the bench's counted one.
  const { client, doc } = createDynamoClients({
    region: 'eu-west-1',
    endpoint: bench.stack.dynamodbEndpoint,
  });
  logSlowCalls(client, () => {});
  try {
    const world = await seedWorld(bench, 20);
    const steady = new Counter('my services');
    await listMyServices(bench.deps, world.aa, { limit: 50 }); // names the people: then one Query
    await counting(steady, () => listMyServices(bench.deps, world.aa, { limit: 50 }));
    const store = createDynamoStore(doc, bench.stack.tableName);
    const generic = async () => {
      const query = {
        tableName: bench.stack.tableName,
        partition: { name: 'pk', value: accountPk(world.aa) },
        keyNames: ['pk', 'sk'],
        sortCondition: { name: 'sk', beginsWith: servicePk('') },
      };
      const { items } = await queryPage(doc, query, { limit: 50 });
      return items.map((item) => parseItem('membership', serviceSchema, item));
    };
    const byHand = async () => (await store.listServicesOf(world.aa, { limit: 50 })).items;
    if (JSON.stringify(await generic()) !== JSON.stringify(await byHand()))
      throw new Error('The two reads differ');
    const phases: Record<string, () => Promise<unknown>> = {
      'raw Query': () => replay({ dynamo: bench.raw.dynamo }, steady.dynamo(), false),
      'DocumentClient + zod': generic,
      'by hand': byHand,
    };
    const kept: Record<string, number[]> = { difference: [] };
    for (let round = 1; round <= rounds; round++) {
      const names = Object.keys(phases);
      if (round % 2 === 0) names.reverse();
      const figures: Record<string, number> = {};
      for (const name of names) figures[name] = await cpuPerCall(phases[name]!, { seconds });
      console.log(
        `round ${round}: ${names.map((name) => `${name} ${figures[name]!.toFixed(0)}`).join(', ')}`,
      );
      if (round === 1) continue; // the JIT's warm-up
      for (const name of names) (kept[name] ??= []).push(figures[name]!);
      kept.difference!.push(figures['DocumentClient + zod']! - figures['by hand']!);
    }
    console.log(
      `median CPU µs a call, rounds 2–${rounds}: ${Object.entries(kept)
        .map(([name, values]) => `${name} ${median(values).toFixed(0)}`)
        .join(', ')}`,
    );
  } finally {
    client.destroy();
    await bench.stop();
  }
});
