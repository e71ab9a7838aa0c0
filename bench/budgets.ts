// The budgets the bench holds its figures to (issue 23): a run that misses one says which, and
// `npm run bench` / `npm run bench:panel` exit 1. Timings are machine-dependent and stay out of CI; the
// bundle sizes, which are not, are also checked in CI (infra/bundle-budgets.ts, `npm run bundle-sizes`).
import { bundleBudget, describeOverBudget, overBudget } from '../infra/bundle-budgets';
import type { BundleResult } from './bundles';
import type { PanelResults } from './panel';
import type { LoadResult } from './load';
import type { UseCaseResult } from './measure';

export const BENCH_BUDGETS = {
  /**
   * An in-process use case against the same DynamoDB calls sent raw; one whose emails are its work (a
   * scheduled job nobody waits on: Scenario.emailsAreItsWork) against those and its SES calls, raw.
   */
  useCaseRatio: 1.2,
  /** …and against every outside call it makes, its SES emails included. */
  useCaseIoRatio: 1.3,
  /** Module init against an empty handler importing the same SDK clients. */
  initRatio: 1.15,
  /**
   * GET /me/services under load: the API's requests/s against the same DynamoDB calls', raw, the median
   * of alternating pairs of blocks (bench/load.ts).
   */
  loadShare: 0.8,
  /**
   * My services and the idle sweep, 100,000 services against 1,000: each one's time over its raw floor,
   * timed on both tables in alternating blocks; and no more calls nor items read on the large table.
   */
  scaleRatio: 1.2,
  /** The sweep's closes per second with 10,000 expired requests against 10. */
  backlogRatio: 1.2,
  costPer1000Usd: 1,
};

/** The control panel's (bench/panel.ts): issue 9's, the render ratio lowered by issue 23. */
export const PANEL_BUDGETS = {
  firstLoadKBGzip: 80,
  /** My contacts with 2,000 services: click → first row against the bare GET /me/services. */
  renderRatio: 1.3,
  performance: 90,
  accessibility: 95,
  bestPractices: 95,
};

/**
 * Scenarios whose timing includes work that is not theirs in AWS, with the twin that is budgeted
 * instead: locally the workflow runner runs the ask tasks in this process during create's timing.
 */
const NOT_BUDGETED: Record<string, string> = { 'create a request': 'create (workflow stubbed)' };

export interface Miss {
  part: string;
  what: string;
}

export function useCaseMisses(useCases: readonly UseCaseResult[]): Miss[] {
  return useCases
    .filter((u) => u.level === 'use case' && !(u.name in NOT_BUDGETED))
    .flatMap((u) => [
      ...(u.emailsAreItsWork === undefined && u.ratio > BENCH_BUDGETS.useCaseRatio
        ? [
            {
              part: 'usecases',
              what: `${u.name}: ${u.ratio}× its DynamoDB floor (≤ ${BENCH_BUDGETS.useCaseRatio})`,
            },
          ]
        : []),
      ...(u.emailsAreItsWork !== undefined && u.ioRatio > BENCH_BUDGETS.useCaseRatio
        ? [
            {
              part: 'usecases',
              what: `${u.name}: ${u.ioRatio}× its floor with SES, its emails being its work (≤ ${BENCH_BUDGETS.useCaseRatio})`,
            },
          ]
        : []),
      ...(u.ioRatio > BENCH_BUDGETS.useCaseIoRatio
        ? [
            {
              part: 'usecases',
              what: `${u.name}: ${u.ioRatio}× its floor with SES (≤ ${BENCH_BUDGETS.useCaseIoRatio})`,
            },
          ]
        : []),
    ]);
}

export function bundleMisses(bundles: readonly BundleResult[]): Miss[] {
  const sizes = overBudget(bundles.map(({ name, bytes }) => ({ name, bytes }))).map((over) => ({
    part: 'bundles',
    what: describeOverBudget(over),
  }));
  // A function without SDK clients (health, openapi) has a bare module for its empty twin, which any
  // import at all outweighs: its size budget is what holds it (≤ 50 KB, infra/bundle-budgets.ts).
  const inits = bundles
    .filter((b) => b.sdk.length > 0 && b.initRatio > BENCH_BUDGETS.initRatio)
    .map((b) => ({
      part: 'bundles',
      what: `${b.name}: init ${b.initRatio}× the empty handler with the same SDK clients (≤ ${BENCH_BUDGETS.initRatio})`,
    }));
  return [...sizes, ...inits];
}

export const loadMisses = (load: LoadResult): Miss[] =>
  load.share.median < BENCH_BUDGETS.loadShare
    ? [
        {
          part: 'load',
          what: `GET /me/services at ${load.share.median}× the requests/s of its DynamoDB calls, raw, the median of ${load.pairs} alternating pairs (${load.share.min}–${load.share.max}; ≥ ${BENCH_BUDGETS.loadShare})`,
        },
      ]
    : [];

/** What bench/results.json's `scale` holds: the ratios, and the calls and items read on each table. */
export interface ScaleFigures {
  listRatio: number;
  sweepRatio: number;
  dynamoCalls: { list: number[]; sweep: number[] };
  itemsScanned: { list: number[]; sweep: number[] };
}

/**
 * The time over its own floor must not grow with the table, nor may the calls or the items they read:
 * a Query keyed wider than meant reads more on the large table, and its floor with it (which the ratio
 * alone, against that floor, would not show).
 */
export const scaleMisses = (scale: ScaleFigures): Miss[] => {
  const cases = [
    ['my services', scale.listRatio, scale.dynamoCalls.list, scale.itemsScanned.list],
    ['idle sweep', scale.sweepRatio, scale.dynamoCalls.sweep, scale.itemsScanned.sweep],
  ] as const;
  return cases.flatMap(([what, ratio, [callsSmall, callsLarge], [readSmall, readLarge]]) => [
    ...(ratio > BENCH_BUDGETS.scaleRatio
      ? [
          {
            part: 'scale',
            what: `${what}: ${ratio}× its floor's time at 100× the services (≤ ${BENCH_BUDGETS.scaleRatio})`,
          },
        ]
      : []),
    ...(callsLarge! > callsSmall! || readLarge! > readSmall!
      ? [
          {
            part: 'scale',
            what: `${what}: ${callsLarge} calls reading ${readLarge} items at 100× the services, against ${callsSmall} reading ${readSmall}`,
          },
        ]
      : []),
  ]);
};

export function backlogMisses(backlog: { ratio: number; overBudget: number; lostOrDoubled: number }): Miss[] {
  const misses: Miss[] = [];
  if (backlog.ratio > BENCH_BUDGETS.backlogRatio)
    misses.push({
      part: 'backlog',
      what: `closes per second ${backlog.ratio}× apart (≤ ${BENCH_BUDGETS.backlogRatio})`,
    });
  if (backlog.overBudget > 0)
    misses.push({ part: 'backlog', what: `${backlog.overBudget} sweep run(s) past their time budget (0)` });
  if (backlog.lostOrDoubled > 0)
    misses.push({ part: 'backlog', what: `${backlog.lostOrDoubled} request(s) lost or closed twice (0)` });
  return misses;
}

export const costMisses = (costPer1000Usd: number): Miss[] =>
  costPer1000Usd > BENCH_BUDGETS.costPer1000Usd
    ? [
        {
          part: 'cost',
          what: `${costPer1000Usd} USD per 1,000 completed changes (≤ ${BENCH_BUDGETS.costPer1000Usd})`,
        },
      ]
    : [];

export function panelMisses(panel: PanelResults): Miss[] {
  const misses: Miss[] = [];
  for (const [mode, size] of Object.entries(panel.firstLoad ?? {}))
    if (size.kbGzip > PANEL_BUDGETS.firstLoadKBGzip)
      misses.push({
        part: 'panel',
        what: `first-load JavaScript (${mode}): ${size.kbGzip} KB gzipped (≤ ${PANEL_BUDGETS.firstLoadKBGzip})`,
      });
  if (panel.render && panel.render.ratio > PANEL_BUDGETS.renderRatio)
    misses.push({
      part: 'panel',
      what: `My contacts, ${panel.render.services} services: click → first row ${panel.render.ratio}× the bare request (≤ ${PANEL_BUDGETS.renderRatio})`,
    });
  for (const [page, scores] of Object.entries(panel.lighthouse?.scores ?? {})) {
    const low = (
      [
        ['performance', scores.performance, PANEL_BUDGETS.performance],
        ['accessibility', scores.accessibility, PANEL_BUDGETS.accessibility],
        ['best practices', scores.bestPractices, PANEL_BUDGETS.bestPractices],
      ] as const
    ).filter(([, score, budget]) => (score ?? 0) < budget);
    for (const [name, score, budget] of low)
      misses.push({ part: 'panel', what: `Lighthouse ${name} of ${page}: ${String(score)} (≥ ${budget})` });
  }
  return misses;
}

/** Prints the misses (or that there are none) and gives the exit code: 1 when any budget was missed. */
export function reportBudgets(misses: readonly Miss[], checked: readonly string[]): number {
  if (misses.length === 0) {
    console.log(`\nEvery budget met (${checked.join(', ')}).`);
    return 0;
  }
  console.error(`\nOVER BUDGET (${misses.length}):`);
  for (const miss of misses) console.error(`  ${miss.part}: ${miss.what}`);
  return 1;
}

export { bundleBudget };
