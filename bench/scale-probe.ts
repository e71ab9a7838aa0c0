// `npx tsx bench/scale-probe.ts [runs=200] [large=100000] [pauseSeconds=30]`: the experiment behind
// the scale part's design (docs/performance.md, "Why the scale ratio moved"). On ONE table, in the
// order the scale part used to time them, "my services" and the idle sweep beside their raw floors:
// A with 1,000 services; B after filling an unrelated table of the same DynamoDB Local to `large`;
// C the same after an idle pause; D after filling this table to `large`; E the same after a pause.
// If the times move between A, B and C, where this table did not change, the order is measured.
import { readFileSync } from 'node:fs';
import { CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { createTableInput } from '../shared/adapters/dynamo/table';
import { startBenchStack } from './bench-stack';
import { measure } from './measure';
import { fillServices } from './scale';
import { seedWorld } from './scenarios';
import { listMyServices } from '../shared/usecases/queries';
import { sweepStaleRequests } from '../shared/usecases/sweep';

const runs = Number(process.argv[2] ?? 200);
const large = Number(process.argv[3] ?? 100_000);
const pause = Number(process.argv[4] ?? 30) * 1000;
const bench = await startBenchStack();
const rows: Record<string, unknown>[] = [];
try {
  const owner = await seedWorld(bench, 20);
  const list = {
    name: 'list',
    level: 'use case' as const,
    includes: '',
    prepare: async () => ({ run: () => listMyServices(bench.deps, owner.aa, { limit: 50 }) }),
  };
  const sweep = {
    name: 'sweep',
    level: 'use case' as const,
    includes: '',
    prepare: async () => ({ run: () => sweepStaleRequests(bench.deps) }),
  };
  const step = async (label: string) => {
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    for (const s of [list, sweep]) {
      const r = await measure(bench, s, runs, 20);
      rows.push({
        step: label,
        case: s.name,
        median: r.medianMs,
        floor: r.floorMedianMs,
        ratio: r.ratio,
        p99: r.p99Ms,
        calls: r.dynamoCalls,
        capacity: r.consumedCapacity,
        load,
      });
    }
    console.table(rows.slice(-2));
  };
  await fillServices(bench, 0, 1_000);
  await step('A small');
  const other = `${bench.stack.tableName}-other`;
  await bench.raw.dynamo.send(new CreateTableCommand(createTableInput(other)));
  await waitUntilTableExists({ client: bench.raw.dynamo, maxWaitTime: 60 }, { TableName: other });
  await fillServices(bench, 1_000, large, other);
  await step('B small, other table filled');
  await new Promise((r) => setTimeout(r, pause));
  await step('C small, +pause');
  await fillServices(bench, 1_000, large);
  await step('D large');
  await new Promise((r) => setTimeout(r, pause));
  await step('E large, +pause');
  console.table(rows);
} finally {
  await bench.stop();
}
