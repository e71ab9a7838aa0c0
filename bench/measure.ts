// Runs a scenario many times: each run is timed, its calls counted, and the same DynamoDB calls are
// then replayed raw as the floor of that run. Progress goes to stderr.
import { Counter, counting, describeCalls, replay, unattributed } from './instrument';
import { settled, type BenchStack } from './bench-stack';
import type { Scenario } from './scenarios';

export interface UseCaseResult {
  name: string;
  level: Scenario['level'];
  includes: string;
  /** Scenario.emailsAreItsWork: budgeted against its floor with SES (bench/budgets.ts). */
  emailsAreItsWork?: string;
  runs: number;
  medianMs: number;
  p99Ms: number;
  /** DynamoDB calls made by the use case itself, until it returned (the same on every run, else min–max). */
  dynamoCalls: number;
  dynamoCallsRange: [number, number];
  calls: string;
  /** Sum of ConsumedCapacity (TOTAL) of those calls, as DynamoDB Local reports it. */
  consumedCapacity: number;
  /** Items its Queries evaluated (ScannedCount, before any filter), in all: how narrowly they are keyed. */
  itemsScanned: number;
  emails: number;
  /** DynamoDB calls the run set going in the workflow (asks after a create, apply and notify after the last accept). */
  backgroundDynamoCalls: number;
  backgroundCalls: string;
  floorMedianMs: number;
  ratio: number;
  /** The floor with the run's SES SendEmail calls replayed too: every outside call, none of our code. */
  ioFloorMedianMs: number;
  ioRatio: number;
}

export const median = (values: number[]) => quantile(values, 0.5);

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export function progress(label: string, done: number, total: number): void {
  if (process.stderr.isTTY) {
    process.stderr.write(`\r  ${label}: ${done}/${total}${done === total ? '\n' : ''}`);
  } else if (done === total || done % Math.max(1, Math.ceil(total / 4)) === 0) {
    process.stderr.write(`  ${label}: ${done}/${total}\n`);
  }
}

export async function measure(
  bench: BenchStack,
  scenario: Scenario,
  runs: number,
  warmup: number,
): Promise<UseCaseResult> {
  ({ runs, warmup } = scenario.repeat ?? { runs, warmup });
  const times: number[] = [];
  const floors: number[] = [];
  const ioFloors: number[] = [];
  const counts: number[] = [];
  let sample: Counter | undefined;
  let background = new Counter('background');
  for (let i = 0; i < warmup + runs; i++) {
    const prepared = await scenario.prepare();
    await settled(bench);
    const executionsBefore = new Map([...bench.executions].map(([id, c]) => [id, c.calls.length]));
    unattributed.calls.length = 0;
    const counter = new Counter(scenario.name);
    const started = performance.now();
    await counting(counter, prepared.run);
    const elapsed = performance.now() - started;
    // The HTTP server handles requests outside the caller's context: its calls land here.
    counter.calls.push(...unattributed.calls.splice(0));
    await prepared.after?.();
    await settled(bench);

    // Sent on the same clients as the use case (so the counting middleware costs both the same), in a
    // context of their own so that they are not counted.
    const dynamoFloor = await counting(new Counter('floor'), () =>
      replay(bench.floor, counter.dynamo(), false),
    );
    const emails = counter.calls.filter((c) => c.service === 'ses');
    const sesFloor = await counting(new Counter('floor'), () => replay(bench.floor, emails, true));
    await prepared.afterFloor?.();
    if (i < warmup) continue;
    times.push(elapsed);
    floors.push(dynamoFloor);
    ioFloors.push(dynamoFloor + sesFloor);
    counts.push(counter.dynamo().length);
    if (!sample) {
      sample = counter;
      background = new Counter('background');
      for (const [id, c] of bench.executions)
        background.calls.push(...c.calls.slice(executionsBefore.get(id) ?? 0));
    }
    progress(scenario.name, i + 1 - warmup, runs);
  }
  const s = sample!;
  const medianMs = median(times);
  const floorMedianMs = median(floors);
  const ioFloorMedianMs = median(ioFloors);
  return {
    name: scenario.name,
    level: scenario.level,
    includes: scenario.includes,
    ...(scenario.emailsAreItsWork !== undefined && { emailsAreItsWork: scenario.emailsAreItsWork }),
    runs,
    medianMs: round(medianMs),
    p99Ms: round(quantile(times, 0.99)),
    dynamoCalls: s.dynamo().length,
    dynamoCallsRange: [Math.min(...counts), Math.max(...counts)],
    calls: describeCalls(s.calls),
    consumedCapacity: round(s.capacity(), 1),
    itemsScanned: s.scanned(),
    emails: s.calls.filter((c) => c.service === 'ses').length,
    backgroundDynamoCalls: background.dynamo().length,
    backgroundCalls: describeCalls(background.calls),
    floorMedianMs: round(floorMedianMs),
    ratio: round(medianMs / floorMedianMs),
    ioFloorMedianMs: round(ioFloorMedianMs),
    ioRatio: round(medianMs / ioFloorMedianMs),
  };
}
