// `npm run bench [-- --quick] [-- --only usecases,scale,bundles,cost,load,backlog,panel] [--cases 'a;b']`: every use case
// timed against its floor on the local stack (DynamoDB Local, local SES, the local workflow runner),
// the scale check, the Lambda bundles, the cost of a change, a load figure, the sweep working off a
// backlog, and the control panel's
// budgets (bench/panel.ts, also alone: `npm run bench:panel`). Prints tables and writes
// bench/results.json. What is measured and how: docs/performance.md.
import { cpus, totalmem } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startBenchStack } from './bench-stack';
import {
  backlogMisses,
  bundleBudget,
  bundleMisses,
  costMisses,
  loadMisses,
  panelMisses,
  reportBudgets,
  scaleMisses,
  useCaseMisses,
  type Miss,
  type ScaleFigures,
} from './budgets';
import { bundles, METAFILES, type BundleResult } from './bundles';
import { measureCost, type CostResult } from './cost';
import { measureLoad, type LoadResult } from './load';
import { panelBench, printPanel } from './panel';
import { measure, type UseCaseResult } from './measure';
import { measureBacklog, printBacklog } from './backlog';
import { scale, type ScaleResult, type ScaleSide } from './scale';
import { scenarios } from './scenarios';

const quick = process.argv.includes('--quick');
const settings = quick
  ? {
      runs: 30,
      warmup: 5,
      small: 1_000,
      large: 10_000,
      scaleBlocks: 3,
      initSamples: 3,
      costRuns: 5,
      load: { pairs: 3, blockSeconds: 2, warmupSeconds: 2 },
      backlog: 1_000,
    }
  : {
      runs: 200,
      warmup: 10,
      small: 1_000,
      large: 100_000,
      scaleBlocks: 10, // small and large alternate, 20 runs each a block
      initSamples: 11, // processes, each importing the empty twin then the bundle: processes' speeds differ by a tenth
      costRuns: 20,
      // 7 pairs of 2.5 s blocks after 5 s of each (DynamoDB Local's JIT is cold in `--only load`), and
      // one block of a first request's calls: 47.5 s, as the 45 s of one 15 s block each before.
      load: { pairs: 7, blockSeconds: 2.5, warmupSeconds: 5 },
      backlog: 10_000,
    };
/** The sweep's time budget in the backlog bench: short, so that a large backlog takes several runs. */
const BACKLOG_BUDGET_MS = 5_000;

const PARTS = ['usecases', 'scale', 'bundles', 'cost', 'load', 'backlog', 'panel'] as const;
type Part = (typeof PARTS)[number];
/** `--only cost,load` runs those parts and keeps the others' figures in bench/results.json as they were. */
const onlyArg = process.argv.find((arg, i) => process.argv[i - 1] === '--only' || arg.startsWith('--only='));
const only = onlyArg?.replace(/^--only=/, '').split(',') as Part[] | undefined;
for (const part of only ?? []) {
  if (!PARTS.includes(part)) throw new Error(`--only takes ${PARTS.join(', ')}; not ${part}`);
}
const runs = (part: Part) => !only || only.includes(part);
/**
 * `--cases 'refuse;create (workflow stubbed)'` times only those use cases (names as printed, `;` between
 * them); the other rows of bench/results.json stay as they were.
 */
const casesArg = process.argv.find(
  (arg, i) => process.argv[i - 1] === '--cases' || arg.startsWith('--cases='),
);
const cases = casesArg?.replace(/^--cases=/, '').split(';');
const RESULTS = fileURLToPath(new URL('results.json', import.meta.url));
const LOAD_CONNECTIONS = 10;

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  const began = performance.now();
  const misses: Miss[] = [];
  const checked: string[] = [];
  const check = (part: string, found: Miss[]) => {
    checked.push(part);
    misses.push(...found);
  };
  log(`bench${quick ? ' --quick' : ''}${only ? ` --only ${only.join(',')}` : ''}`);
  const previous = only
    ? (JSON.parse(await readFile(RESULTS, 'utf8').catch(() => '{}')) as Record<string, unknown>)
    : {};
  const results: Record<string, unknown> = {
    ...previous,
    date: new Date().toISOString(),
    command: `npm run bench${quick ? ' -- --quick' : ''}${only ? ` -- --only ${only.join(',')}` : ''}${cases ? ` --cases '${cases.join(';')}'` : ''}`,
    machine: await machine(),
    settings,
  };
  // The panel's bench starts its own stack (2,000 services) and browser.
  const needsStack = PARTS.filter((p) => p !== 'bundles' && p !== 'panel').some(runs);
  let bundleResults: BundleResult[] | undefined;
  if (runs('bundles')) {
    log('Bundles: esbuild as NodejsFunction, then module init in fresh node processes');
    bundleResults = await bundles(settings.initSamples);
    results.bundles = bundleResults;
    check('bundles', bundleMisses(bundleResults));
  }
  if (needsStack) {
    log('Starting the local stack (DynamoDB Local, SES, workflow runner, HTTP server)…');
    const bench = await startBenchStack();
    try {
      if (runs('usecases')) {
        log('Use cases (each run: setup untimed → timed run → background settles → floor replayed raw)');
        const useCases: UseCaseResult[] = [];
        const all = await scenarios(bench, settings.runs);
        for (const name of cases ?? []) {
          if (!all.some((s) => s.name === name))
            throw new Error(`--cases: no use case ${name}; one of: ${all.map((s) => s.name).join('; ')}`);
        }
        for (const scenario of all.filter((s) => !cases || cases.includes(s.name))) {
          useCases.push(await measure(bench, scenario, settings.runs, settings.warmup));
        }
        const kept = ((previous.useCases as UseCaseResult[] | undefined) ?? []).map(
          (earlier) => useCases.find((u) => u.name === earlier.name) ?? earlier,
        );
        results.useCases = cases ? kept : useCases;
        printUseCases(useCases);
        check('usecases', useCaseMisses(results.useCases as UseCaseResult[]));
      }
      if (runs('cost')) {
        log('Cost of a change: completed and expired flows over the local HTTP server and workflow');
        const initMs = Object.fromEntries(
          (bundleResults ?? (previous.bundles as BundleResult[] | undefined) ?? []).map((b) => [
            b.name,
            b.initMs,
          ]),
        );
        const cost = await measureCost(bench, settings.costRuns, initMs);
        results.cost = cost;
        results.costPer1000Usd = cost.costPer1000Usd;
        printCost(cost);
        check('cost', costMisses(cost.costPer1000Usd));
      }
      if (runs('load')) {
        const { pairs, blockSeconds } = settings.load;
        log(
          `Load: a closed-loop client against the local server and its DynamoDB floor, ${pairs} alternating pairs of ${blockSeconds} s blocks`,
        );
        const load = await measureLoad(bench, settings.load, LOAD_CONNECTIONS, log);
        results.load = load;
        printLoad(load);
        check('load', loadMisses(load));
      }
      if (runs('backlog')) {
        log('Sweep backlog: expired requests closed by runs with a time budget, 10 then many');
        const backlog = await measureBacklog(
          bench,
          { large: settings.backlog, budgetMs: BACKLOG_BUDGET_MS, smallRepeats: 10 },
          log,
        );
        results.backlog = {
          budgetMs: backlog.budgetMs,
          closesPerSecond: [backlog.small.closesPerSecond, backlog.large.closesPerSecond].map(Math.round),
          backlogs: [backlog.small.backlog, backlog.large.backlog],
          runs: [backlog.small.runs.length, backlog.large.runs.length],
          longestRunMs: Math.round(Math.max(backlog.small.longestRunMs, backlog.large.longestRunMs)),
          ratio: Number(backlog.ratio.toFixed(2)),
          overBudget: backlog.overBudget,
          lostOrDoubled: backlog.lostOrDoubled,
        };
        printBacklog(backlog);
        check('backlog', backlogMisses(backlog));
      }
      if (runs('scale')) {
        log('Scale: my services and the sweep on a small and a large table, in alternating blocks');
        const scaleResult = await scale(bench, settings.small, settings.large, settings.runs, {
          blocks: settings.scaleBlocks,
          warmup: settings.warmup,
        });
        const pair = (pick: (s: ScaleSide) => number) => ({
          list: [pick(scaleResult.list.small), pick(scaleResult.list.large)],
          sweep: [pick(scaleResult.sweep.small), pick(scaleResult.sweep.large)],
        });
        results.scale = {
          // Budgeted: each table's use case over its own raw floor, large against small (bench/scale.ts).
          listRatio: scaleResult.list.ratio,
          sweepRatio: scaleResult.sweep.ratio,
          // The same, raw: the use case's time and its floor's, large against small.
          listRawRatio: scaleResult.list.rawRatio,
          sweepRawRatio: scaleResult.sweep.rawRatio,
          listFloorRatio: scaleResult.list.floorRatio,
          sweepFloorRatio: scaleResult.sweep.floorRatio,
          small: scaleResult.small,
          large: scaleResult.large,
          blocks: scaleResult.blocks,
          loadSeconds: scaleResult.loadSeconds,
          listMedianMs: pair((s) => s.medianMs).list,
          sweepMedianMs: pair((s) => s.medianMs).sweep,
          listP99Ms: pair((s) => s.p99Ms).list,
          sweepP99Ms: pair((s) => s.p99Ms).sweep,
          listFloorMs: pair((s) => s.floorMs).list,
          sweepFloorMs: pair((s) => s.floorMs).sweep,
          dynamoCalls: pair((s) => s.dynamoCalls),
          itemsScanned: pair((s) => s.itemsScanned),
        };
        printScale(scaleResult);
        check('scale', scaleMisses(results.scale as ScaleFigures));
      }
    } finally {
      await bench.stop();
    }
  }
  if (bundleResults) printBundles(bundleResults);
  if (runs('panel')) {
    log('Panel: first-load JavaScript, My contacts with 2,000 services, Lighthouse');
    const panel = await panelBench([], log);
    results.panel = { ...panel, date: new Date().toISOString() };
    printPanel(panel);
    check('panel', panelMisses(panel));
  }
  results.totalSeconds = Math.round((performance.now() - began) / 1000);
  // A part not run this time keeps its earlier misses, as it keeps its figures.
  const earlier = (previous.overBudget as Miss[] | undefined) ?? [];
  results.overBudget = [...earlier.filter((miss) => !checked.includes(miss.part)), ...misses];
  await writeFile(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nDone in ${String(results.totalSeconds)} s; written to bench/results.json`);
  return reportBudgets(misses, checked);
}

function printUseCases(useCases: UseCaseResult[]) {
  console.log(
    '\nUse cases (median and p99 of each, ms; floor = the same DynamoDB calls sent raw, back to back)',
  );
  console.table(
    useCases.map((u) => ({
      'use case': u.name,
      level: u.level,
      median: u.medianMs,
      p99: u.p99Ms,
      'dynamo calls':
        u.dynamoCallsRange[0] === u.dynamoCallsRange[1]
          ? u.dynamoCalls
          : `${u.dynamoCallsRange[0]}–${u.dynamoCallsRange[1]}`,
      calls: u.calls,
      capacity: u.consumedCapacity,
      emails: u.emails,
      'in workflow': u.backgroundCalls || '—',
      floor: u.floorMedianMs,
      ratio: u.ratio,
      'floor+SES': u.ioFloorMedianMs,
      'ratio+SES': u.ioRatio,
    })),
  );
}

function printScale(scaleResult: ScaleResult) {
  console.log(
    `\nScale (${scaleResult.small} and ${scaleResult.large} services, loaded in ${scaleResult.loadSeconds} s; ${scaleResult.blocks} alternating blocks; ms are medians, ratios the median of the blocks' pairs; budgeted: over floor, large against small)`,
  );
  const rows = (name: string, c: ScaleResult['list']) => ({
    [`${name}, small`]: { ...c.small, 'large/small': '' },
    [`${name}, large`]: {
      ...c.large,
      'large/small': `${c.ratio} (raw ${c.rawRatio}, floor ${c.floorRatio})`,
    },
  });
  console.table({
    ...rows('list my services', scaleResult.list),
    ...rows('sweep (nothing due)', scaleResult.sweep),
  });
}

function printBundles(bundleResults: BundleResult[]) {
  console.log(
    '\nBundles (minified ESM, KB; init = median CPU ms of import() in a fresh node that first imports the empty handler with the same SDK clients, "empty" its part; ratio = median of the processes\' init / empty; wall ms beside)',
  );
  console.table(
    bundleResults.map((b) => ({
      bundle: b.name,
      KB: Math.round(b.bytes / 102.4) / 10,
      budget: Math.round(bundleBudget(b.name) / 1024),
      init: b.initMs,
      empty: b.emptyInitMs,
      ratio: b.initRatio,
      'init wall': b.initWallMs,
      'empty wall': b.emptyInitWallMs,
    })),
  );
  // Functions of one handler file share their bundle: its largest inputs once.
  const seen = new Set<string>();
  console.log(`\nThe ten largest inputs of each bundle, KB (esbuild metafiles in ${METAFILES})`);
  for (const b of bundleResults) {
    if (seen.has(b.entry)) continue;
    seen.add(b.entry);
    const names = bundleResults.filter((other) => other.entry === b.entry).map((other) => other.name);
    const inputs = b.largest.map((i) => `${i.input} ${Math.round(i.bytes / 102.4) / 10}`).join(', ');
    console.log(`  ${names.join(', ')}: ${inputs}`);
  }
}

function printCost(cost: CostResult) {
  const { prices } = cost;
  console.log(
    `\nCost of a change (${prices.region} on-demand prices read ${prices.readOn}; bench/prices.ts)`,
  );
  for (const flow of [cost.completed, cost.expired]) {
    console.log(`\n${flow.name} (median of ${flow.runs} runs)`);
    console.table(
      flow.parts.map((p) => ({
        part: p.part,
        quantity: p.quantity,
        unit: p.unit,
        'USD per flow': p.usd,
        'USD per 1,000': Math.round(p.usd * 1000 * 10_000) / 10_000,
      })),
    );
    console.log(
      `  invocations: ${flow.usage.invocations.map((i) => `${i.fn} ${i.ms} ms`).join(', ')}; ` +
        `index writes: ${JSON.stringify(flow.usage.indexWriteUnits)}`,
    );
  }
  console.log(
    `\nUSD per 1,000 completed changes: ${cost.costPer1000Usd} (every invocation cold: ` +
      `${Math.round(cost.completed.usdAllCold * 1000 * 10_000) / 10_000}; expired requests: ` +
      `${Math.round(cost.expired.usd * 1000 * 10_000) / 10_000}; with no state machine: ${cost.noWorkflowPer1000Usd})`,
  );
}

function printLoad(load: LoadResult) {
  console.log(`\nLoad: ${load.what} (after ${load.warmupSeconds} s of each, untimed)`);
  console.table(
    load.blocks.map((b) => ({
      pair: b.pair + 1,
      block: b.side === 'api' ? 'through the local API' : `DynamoDB floor (${load.calls}, raw)`,
      'requests/s': b.requestsPerSecond,
      'CPU µs a request': b.cpuUsPerRequest,
      'p50 ms': b.p50Ms,
      'p99 ms': b.p99Ms,
    })),
  );
  console.log(
    "Medians over the blocks, and one block of a first request's calls (CPU: this process's, user + system):",
  );
  console.table({
    'through the local API': load.api,
    [`DynamoDB floor (${load.calls}, raw)`]: load.floor,
    [`a first request's calls (${load.firstCalls}, raw, for information)`]: load.firstRequestFloor,
  });
  console.log(
    `  the API at ${load.share.median}× the floor's requests/s, the median of the pairs (${load.share.min}–${load.share.max}); the floor ${load.ratio}× the API's`,
  );
}

async function machine() {
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  return {
    nproc: cpus().length,
    cpu: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
