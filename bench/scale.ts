// Does a use case's latency grow with the table? "My services" of one account and the idle sweep are
// timed with the table holding N services, the table is filled up to M, and they are timed again.
// Filler services belong to other accounts (100 each), loaded with BatchWriteItem, several at a time.
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { membershipItems } from '../shared/adapters/dynamo/entities/membership';
import { serviceItem } from '../shared/adapters/dynamo/entities/service';
import { listMyServices } from '../shared/usecases/queries';
import { sweepStaleRequests } from '../shared/usecases/sweep';
import type { BenchStack } from './bench-stack';
import { measure, type UseCaseResult } from './measure';
import type { Scenario } from './scenarios';

const CHUNK = 25;
const PARALLEL = 6;

export async function fillServices(bench: BenchStack, from: number, to: number): Promise<number> {
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
          new BatchWriteCommand({ RequestItems: { [bench.stack.tableName]: pending } }),
        );
        pending = (output.UnprocessedItems?.[bench.stack.tableName] ?? []) as typeof pending;
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

export interface ScaleResult {
  small: number;
  large: number;
  loadSeconds: number;
  list: { small: UseCaseResult; large: UseCaseResult };
  sweep: { small: UseCaseResult; large: UseCaseResult };
  listRatio: number;
  sweepRatio: number;
}

export async function scale(
  bench: BenchStack,
  owner: string,
  small: number,
  large: number,
  runs: number,
): Promise<ScaleResult> {
  const list: Scenario = {
    name: 'list my services',
    level: 'use case',
    includes: 'listMyServices of an account holding 20 services',
    prepare: async () => ({ run: () => listMyServices(bench.deps, owner, { limit: 50 }) }),
  };
  const sweep: Scenario = {
    name: 'sweep (nothing due)',
    level: 'use case',
    includes: 'sweepStaleRequests, nothing due',
    prepare: async () => ({ run: () => sweepStaleRequests(bench.deps) }),
  };
  let loadSeconds = await fillServices(bench, 0, small);
  process.stderr.write(`  at ${small} services\n`);
  const smallList = await measure(bench, list, runs, 20);
  const smallSweep = await measure(bench, sweep, runs, 20);
  loadSeconds += await fillServices(bench, small, large);
  process.stderr.write(`  at ${large} services\n`);
  const largeList = await measure(bench, list, runs, 20);
  const largeSweep = await measure(bench, sweep, runs, 20);
  const ratio = (a: UseCaseResult, b: UseCaseResult) => Math.round((b.medianMs / a.medianMs) * 100) / 100;
  return {
    small,
    large,
    loadSeconds: Math.round(loadSeconds),
    list: { small: smallList, large: largeList },
    sweep: { small: smallSweep, large: largeSweep },
    listRatio: ratio(smallList, largeList),
    sweepRatio: ratio(smallSweep, largeSweep),
  };
}
