// The bench's verdict on its own figures (bench/budgets.ts): which budgets a run missed, and the exit
// code `npm run bench` and `npm run bench:panel` end with. The figures here are made up, never timed:
// what is held is that a miss is named and fails the run, and that a run within every budget passes.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BENCH_BUDGETS,
  backlogMisses,
  bundleMisses,
  costMisses,
  loadMisses,
  PANEL_BUDGETS,
  panelMisses,
  reportBudgets,
  scaleMisses,
  useCaseMisses,
} from '../../bench/budgets';
import type { BundleResult } from '../../bench/bundles';
import type { LoadResult } from '../../bench/load';
import type { UseCaseResult } from '../../bench/measure';
import type { PanelResults } from '../../bench/panel';

function useCase(name: string, ratio: number, ioRatio: number, level: UseCaseResult['level'] = 'use case') {
  return {
    name,
    level,
    includes: '',
    runs: 30,
    medianMs: 10 * ratio,
    p99Ms: 20,
    dynamoCalls: 1,
    dynamoCallsRange: [1, 1],
    calls: 'GetItem',
    consumedCapacity: 1,
    itemsScanned: 1,
    emails: 0,
    backgroundDynamoCalls: 0,
    backgroundCalls: '',
    floorMedianMs: 10,
    ratio,
    ioFloorMedianMs: 10,
    ioRatio,
  } satisfies UseCaseResult;
}

/** Three pairs: the middle one's share is `apiPerSecond / floorPerSecond`, the others either side of it. */
const load = (apiPerSecond: number, floorPerSecond: number): LoadResult => {
  const floors = [floorPerSecond * 0.9, floorPerSecond, floorPerSecond * 1.25];
  const blocks = floors.flatMap((floor, pair) => [
    { pair, side: 'api' as const, requestsPerSecond: apiPerSecond, cpuUsPerRequest: 1, p50Ms: 1, p99Ms: 2 },
    { pair, side: 'floor' as const, requestsPerSecond: floor, cpuUsPerRequest: 1, p50Ms: 1, p99Ms: 2 },
  ]);
  const shares = floors.map((floor) => Math.round((apiPerSecond / floor) * 100) / 100);
  return {
    what: 'GET /me/services',
    seconds: 3,
    pairs: 3,
    warmupSeconds: 2,
    connections: 10,
    api: { requestsPerSecond: apiPerSecond, cpuUsPerRequest: 1, p50Ms: 1, p99Ms: 2, non2xx: 0, errors: 0 },
    floor: { requestsPerSecond: floorPerSecond, cpuUsPerRequest: 1, p50Ms: 1, p99Ms: 2 },
    calls: 'Query',
    firstRequestFloor: { requestsPerSecond: floorPerSecond / 2, cpuUsPerRequest: 1, p50Ms: 1, p99Ms: 2 },
    firstCalls: 'Query, BatchGetItem',
    blocks,
    share: { median: shares[1]!, min: Math.min(...shares), max: Math.max(...shares) },
    ratio: Math.round((floorPerSecond / apiPerSecond) * 100) / 100,
  };
};

const scaleFigures = (listRatio: number, sweepRatio: number, listRead = [20, 20]) => ({
  listRatio,
  sweepRatio,
  dynamoCalls: { list: [1, 1], sweep: [2, 2] },
  itemsScanned: { list: listRead, sweep: [0, 0] },
});

const bundle = (name: string, sdk: string[], initRatio: number): BundleResult => ({
  name,
  entry: `functions/${name}/handler.ts`,
  bytes: 1024, // far below any budget: only the init is judged here
  sdk,
  largest: [],
  initMs: 10 * initRatio,
  emptyInitMs: 10,
  initWallMs: 10 * initRatio,
  emptyInitWallMs: 10,
  initRatio,
});

const panel = (over: Partial<PanelResults>): PanelResults => ({ budgets: PANEL_BUDGETS, ...over });
const render = (ratio: number) => ({
  services: 2000,
  runs: 30,
  bareApiMedianMs: 100,
  clickToTableMedianMs: 100 * ratio,
  ratio,
  fullLoadMedianMs: 300,
});

describe('the bench budgets', () => {
  beforeEach(() => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  it('names each use case over its DynamoDB floor or its floor with SES, and fails the run', () => {
    const misses = useCaseMisses([
      useCase('refuse', 1.21, 1.05),
      useCase('resend', 1.1, 1.31),
      useCase('accept (last)', 1.2, 1.3),
    ]);
    expect(misses.map((m) => m.what)).toEqual([
      `refuse: 1.21× its DynamoDB floor (≤ ${BENCH_BUDGETS.useCaseRatio})`,
      `resend: 1.31× its floor with SES (≤ ${BENCH_BUDGETS.useCaseIoRatio})`,
    ]);
    expect(misses.every((m) => m.part === 'usecases')).toBe(true);
    expect(reportBudgets(misses, ['usecases'])).toBe(1);
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining('OVER BUDGET (2)'));
    expect(console.error).toHaveBeenCalledWith('  usecases: refuse: 1.21× its DynamoDB floor (≤ 1.2)');
  });

  it('leaves out what is not budgeted: HTTP scenarios, and create with the workflow in-process', () => {
    expect(
      useCaseMisses([
        useCase('confirm page GET', 1.6, 1.6, 'HTTP'),
        useCase('create a request', 1.6, 1.4),
        useCase('create (workflow stubbed)', 1.21, 1),
      ]).map((m) => m.what),
    ).toEqual([`create (workflow stubbed): 1.21× its DynamoDB floor (≤ ${BENCH_BUDGETS.useCaseRatio})`]);
  });

  it('holds a use case whose emails are its work to the same ratio against its floor with SES', () => {
    const job = (ratio: number, ioRatio: number) => ({
      ...useCase('sweep (one expired)', ratio, ioRatio),
      emailsAreItsWork: 'the scheduled sweep',
    });
    expect(useCaseMisses([job(1.5, 1.2)])).toEqual([]);
    expect(useCaseMisses([job(1.5, 1.21)]).map((m) => m.what)).toEqual([
      `sweep (one expired): 1.21× its floor with SES, its emails being its work (≤ ${BENCH_BUDGETS.useCaseRatio})`,
    ]);
    // A call someone waits on is held to its DynamoDB floor, its emails outside it.
    expect(useCaseMisses([useCase('accept (not last)', 1.21, 1)])).toHaveLength(1);
  });

  it('passes a run within every budget, with exit code 0', () => {
    const misses = [
      ...useCaseMisses([useCase('list my services', 1.2, 1.2), useCase('refuse', 1.05, 0.9)]),
      ...loadMisses(load(800, 1000)),
      ...scaleMisses(scaleFigures(1.2, 1)),
      ...backlogMisses({ ratio: 1.1, overBudget: 0, lostOrDoubled: 0 }),
      ...costMisses(0.99),
      ...bundleMisses([bundle('sweep', ['@aws-sdk/client-dynamodb'], 1.15), bundle('health', [], 3)]),
      ...panelMisses(
        panel({
          firstLoad: { aws: { files: ['index.js'], kbGzip: 80 } },
          render: render(1.3),
          lighthouse: {
            scores: { 'My contacts': { performance: 90, accessibility: 95, bestPractices: 95 } },
            metrics: {},
          },
        }),
      ),
    ];
    expect(misses).toEqual([]);
    expect(reportBudgets(misses, ['usecases', 'load', 'panel'])).toBe(0);
    expect(console.error).not.toHaveBeenCalled();
  });

  it('fails the load under 0.8× the raw calls, the scale, the backlog and the cost over theirs', () => {
    const misses = [
      ...loadMisses(load(790, 1000)),
      ...scaleMisses(scaleFigures(1.21, 1)),
      ...backlogMisses({ ratio: 1, overBudget: 1, lostOrDoubled: 2 }),
      ...costMisses(1.01),
    ];
    expect(misses.map((m) => m.part)).toEqual(['load', 'scale', 'backlog', 'backlog', 'cost']);
    expect(misses[0]!.what).toContain('0.79×');
    expect(reportBudgets(misses, ['load', 'scale', 'backlog', 'cost'])).toBe(1);
  });

  it('judges the load by the median of its pairs, not by its slowest or fastest pair', () => {
    // Pairs at 0.89, 0.8 and 0.64: the floor's minute moves one pair, the median holds.
    expect(load(800, 1000).share).toEqual({ median: 0.8, min: 0.64, max: 0.89 });
    expect(loadMisses(load(800, 1000))).toEqual([]);
    const [miss] = loadMisses(load(790, 1000));
    expect(miss!.what).toBe(
      'GET /me/services at 0.79× the requests/s of its DynamoDB calls, raw, the median of 3 alternating pairs (0.63–0.88; ≥ 0.8)',
    );
  });

  it('fails the scale when the large table is read more, whatever the time says', () => {
    // A Query keyed wider than meant reads the filler too, and its replayed floor with it.
    const misses = scaleMisses(scaleFigures(1, 1, [20, 2020]));
    expect(misses).toHaveLength(1);
    expect(misses[0]!.what).toBe(
      'my services: 1 calls reading 2020 items at 100× the services, against 1 reading 20',
    );
    expect(scaleMisses({ ...scaleFigures(1, 1), dynamoCalls: { list: [1, 1], sweep: [2, 3] } })).toHaveLength(
      1,
    );
  });

  it('judges the init of functions with SDK clients only (health and openapi are held by their size)', () => {
    const misses = bundleMisses([
      bundle('sweep', ['@aws-sdk/client-dynamodb'], 1.16),
      bundle('health', [], 3.14),
    ]);
    expect(misses).toEqual([
      {
        part: 'bundles',
        what: `sweep: init 1.16× the empty handler with the same SDK clients (≤ ${BENCH_BUDGETS.initRatio})`,
      },
    ]);
  });

  it("fails bench:panel on each of the panel's budgets it misses, and only on what it measured", () => {
    const misses = panelMisses(
      panel({
        firstLoad: { aws: { files: ['index.js'], kbGzip: 80.1 } },
        render: render(1.31),
        lighthouse: {
          scores: { 'My contacts': { performance: 89, accessibility: 100, bestPractices: 94 } },
          metrics: {},
        },
      }),
    );
    expect(misses.map((m) => m.what)).toEqual([
      `first-load JavaScript (aws): 80.1 KB gzipped (≤ ${PANEL_BUDGETS.firstLoadKBGzip})`,
      `My contacts, 2000 services: click → first row 1.31× the bare request (≤ ${PANEL_BUDGETS.renderRatio})`,
      `Lighthouse performance of My contacts: 89 (≥ ${PANEL_BUDGETS.performance})`,
      `Lighthouse best practices of My contacts: 94 (≥ ${PANEL_BUDGETS.bestPractices})`,
    ]);
    expect(reportBudgets(misses, ['panel'])).toBe(1);
    // `npm run bench:panel -- bundle` measures the first load only: nothing else can miss.
    expect(panelMisses(panel({ firstLoad: { aws: { files: [], kbGzip: 20 } } }))).toEqual([]);
  });
});
