// Does the sweep keep its pace when it falls behind? Requests past their window are put straight into
// the table (their executions lost, as after an outage), then the sweep runs again and again, each run
// with a time budget, until it reports nothing left. Closes per second with a backlog of 10 and of
// 10,000 should match (ratio ≤ 1.2, issue 11); no run may pass its budget; every request must end
// expired exactly once: the reports' count is held against the table afterwards.
import { randomBytes, randomUUID } from 'node:crypto';
import type { ConfirmerRecord, ContactChangeRecord } from '../shared/domain/model';
import { sweepStaleRequests } from '../shared/usecases/sweep';
import type { BenchStack } from './bench-stack';
import { seedWorld } from './scenarios';

export interface BacklogRun {
  ms: number;
  closed: number;
}

export interface BacklogDrain {
  backlog: number;
  runs: BacklogRun[];
  closesPerSecond: number;
  longestRunMs: number;
}

export interface BacklogResult {
  budgetMs: number;
  /** A backlog of 10, drained `smallRepeats` times. */
  small: BacklogDrain;
  large: BacklogDrain;
  /** Small over large closes per second: above 1 when the large backlog is slower. */
  ratio: number;
  /** Runs that took longer than the budget. */
  overBudget: number;
  /** Requests not ended expired, or ended more than once: must be 0. */
  lostOrDoubled: number;
}

const PER_TRANSACTION = 10;
const PARALLEL = 4;

/** `count` requests of aa giving tech to bb, each on its own service, whose window ended a minute ago. */
async function seedExpired(bench: BenchStack, count: number): Promise<string[]> {
  const w = await seedWorld(bench, count);
  const createdAt = new Date(Date.now() - 15 * 86_400_000).toISOString();
  const expiresAt = new Date(Date.now() - 60_000).toISOString();
  const confirmer = (nic: string): ConfirmerRecord => ({
    nic,
    status: 'pending',
    attempts: 0,
    codeHash: randomBytes(32).toString('base64url'),
    codeIssuedAt: createdAt,
    codeSentAt: createdAt,
  });
  const requests = Array.from({ length: count }, (_, i): ContactChangeRecord => ({
    id: randomUUID(),
    serviceId: w.serviceId(i),
    serviceName: w.serviceId(i),
    roles: ['tech'],
    from: w.zz,
    to: w.bb,
    askedBy: w.aa,
    state: 'awaiting_confirmation',
    confirmers: [confirmer(w.aa), confirmer(w.bb)],
    notified: [w.zz],
    createdAt,
    expiresAt,
    completedAt: null,
    reason: null,
    why: null,
  }));
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const batch = requests.slice(next, next + PER_TRANSACTION);
      next += PER_TRANSACTION;
      // Each transaction counts on its own quota item, so the seeding does not contend on one.
      const limit = { key: `bench#${randomUUID()}`, limit: 1_000, windowSeconds: 3600, what: 'seeding' };
      await bench.deps.store.createRequests(batch, { limit, uses: batch.length, at: new Date() });
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return requests.map((r) => r.id);
}

/** Sweeps until a run reports the backlog done. */
async function drain(bench: BenchStack, backlog: number, budgetMs: number): Promise<BacklogDrain> {
  const runs: BacklogRun[] = [];
  for (;;) {
    const started = performance.now();
    const report = await sweepStaleRequests(bench.deps, { budgetMs });
    runs.push({ ms: performance.now() - started, closed: report.expired });
    if (report.complete) break;
  }
  const ms = runs.reduce((sum, run) => sum + run.ms, 0);
  const closed = runs.reduce((sum, run) => sum + run.closed, 0);
  return {
    backlog,
    runs,
    closesPerSecond: closed / (ms / 1000),
    longestRunMs: Math.max(...runs.map((run) => run.ms)),
  };
}

/** Ours that did not end expired, plus the difference between the runs' count and the backlog. */
async function lostOrDoubled(bench: BenchStack, ids: string[], closed: number): Promise<number> {
  let notExpired = 0;
  for (let i = 0; i < ids.length; i += 50) {
    const states = await Promise.all(ids.slice(i, i + 50).map((id) => bench.deps.store.getRequest(id)));
    notExpired += states.filter((r) => r?.state !== 'expired').length;
  }
  return notExpired + Math.abs(closed - ids.length);
}

export async function measureBacklog(
  bench: BenchStack,
  { large, budgetMs, smallRepeats }: { large: number; budgetMs: number; smallRepeats: number },
  log: (line: string) => void,
): Promise<BacklogResult> {
  // Whatever earlier parts left due is swept first, so that the runs below close only ours.
  await sweepStaleRequests(bench.deps);

  const smallRuns: BacklogRun[] = [];
  const smallIds: string[] = [];
  for (let i = 0; i < smallRepeats; i++) {
    smallIds.push(...(await seedExpired(bench, 10)));
    smallRuns.push(...(await drain(bench, 10, budgetMs)).runs);
  }
  const smallMs = smallRuns.reduce((sum, run) => sum + run.ms, 0);
  const smallClosed = smallRuns.reduce((sum, run) => sum + run.closed, 0);
  const small: BacklogDrain = {
    backlog: 10,
    runs: smallRuns,
    closesPerSecond: smallClosed / (smallMs / 1000),
    longestRunMs: Math.max(...smallRuns.map((run) => run.ms)),
  };

  log(`  seeding a backlog of ${large.toLocaleString('en')} expired requests…`);
  const largeIds = await seedExpired(bench, large);
  log(`  sweeping it in runs of at most ${String(budgetMs / 1000)} s…`);
  const largeDrain = await drain(bench, large, budgetMs);
  const largeClosed = largeDrain.runs.reduce((sum, run) => sum + run.closed, 0);
  const allRuns = [...smallRuns, ...largeDrain.runs];
  return {
    budgetMs,
    small,
    large: largeDrain,
    ratio: small.closesPerSecond / largeDrain.closesPerSecond,
    overBudget: allRuns.filter((run) => run.ms > budgetMs).length,
    lostOrDoubled:
      (await lostOrDoubled(bench, smallIds, smallClosed)) +
      (await lostOrDoubled(bench, largeIds, largeClosed)),
  };
}

export function printBacklog(result: BacklogResult): void {
  console.log(
    `\nSweep backlog (expired requests closed by runs of at most ${String(result.budgetMs / 1000)} s each)`,
  );
  console.table(
    [result.small, result.large].map((d) => ({
      backlog: d.backlog,
      runs: d.runs.length,
      'closes/s': Math.round(d.closesPerSecond),
      'longest run (ms)': Math.round(d.longestRunMs),
    })),
  );
  console.log(
    `  ratio (10 vs ${result.large.backlog.toLocaleString('en')}): ${result.ratio.toFixed(2)} (target ≤ 1.2); ` +
      `runs over budget: ${String(result.overBudget)}; lost or doubled: ${String(result.lostOrDoubled)}`,
  );
}
