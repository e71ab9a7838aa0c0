// `npm run bench [-- --quick]`: every use case timed against its floor on the local stack (DynamoDB
// Local, local SES, the local workflow runner), the scale check, the Lambda bundles and the control
// panel's budgets (bench/panel.ts, also alone: `npm run bench:panel`). Prints a
// table and writes bench/results.json. What is measured and how: docs/performance.md.
import { cpus, totalmem } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startBenchStack } from './bench-stack';
import { bundles } from './bundles';
import { panelBench, printPanel } from './panel';
import { measure, type UseCaseResult } from './measure';
import { scale, type ScaleResult } from './scale';
import { scenarios, seedWorld } from './scenarios';

const quick = process.argv.includes('--quick');
const settings = quick
  ? { runs: 30, warmup: 5, small: 1_000, large: 10_000, initSamples: 3 }
  : { runs: 200, warmup: 10, small: 1_000, large: 100_000, initSamples: 5 };

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main() {
  const began = performance.now();
  log(
    `bench${quick ? ' --quick' : ''}: ${settings.runs} runs per use case, scale ${settings.small} → ${settings.large} services`,
  );
  log('Starting the local stack (DynamoDB Local, SES, workflow runner, HTTP server)…');
  const bench = await startBenchStack();
  const useCases: UseCaseResult[] = [];
  let scaleResult: ScaleResult | undefined;
  try {
    log('Use cases (each run: setup untimed → timed run → background settles → floor replayed raw)');
    for (const scenario of await scenarios(bench, settings.runs)) {
      useCases.push(await measure(bench, scenario, settings.runs, settings.warmup));
    }
    // After the use cases, so that DynamoDB Local and the JIT are warm for the small table too.
    log('Scale: my services and the sweep, small table then large table');
    const owner = await seedWorld(bench, 20);
    scaleResult = await scale(bench, owner.aa, settings.small, settings.large, settings.runs);
  } finally {
    await bench.stop();
  }
  if (!scaleResult) throw new Error('The scale check did not run');
  log('Bundles: esbuild as NodejsFunction, then module init in fresh node processes');
  const bundleResults = await bundles(settings.initSamples);
  const panel = await panelBench([], log);

  const results = {
    date: new Date().toISOString(),
    command: `npm run bench${quick ? ' -- --quick' : ''}`,
    machine: await machine(),
    settings,
    useCases,
    scale: {
      listRatio: scaleResult.listRatio,
      sweepRatio: scaleResult.sweepRatio,
      small: scaleResult.small,
      large: scaleResult.large,
      loadSeconds: scaleResult.loadSeconds,
      listMedianMs: [scaleResult.list.small.medianMs, scaleResult.list.large.medianMs],
      sweepMedianMs: [scaleResult.sweep.small.medianMs, scaleResult.sweep.large.medianMs],
      listP99Ms: [scaleResult.list.small.p99Ms, scaleResult.list.large.p99Ms],
      sweepP99Ms: [scaleResult.sweep.small.p99Ms, scaleResult.sweep.large.p99Ms],
    },
    bundles: bundleResults,
    panel: { ...panel, date: new Date().toISOString() },
    totalSeconds: Math.round((performance.now() - began) / 1000),
  };
  await writeFile(
    fileURLToPath(new URL('results.json', import.meta.url)),
    `${JSON.stringify(results, null, 2)}\n`,
  );

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
  console.log(
    `\nScale (${scaleResult.small} → ${scaleResult.large} services, loaded in ${scaleResult.loadSeconds} s)`,
  );
  console.table({
    'list my services': {
      small: scaleResult.list.small.medianMs,
      large: scaleResult.list.large.medianMs,
      ratio: scaleResult.listRatio,
    },
    'sweep (nothing due)': {
      small: scaleResult.sweep.small.medianMs,
      large: scaleResult.sweep.large.medianMs,
      ratio: scaleResult.sweepRatio,
    },
  });
  console.log(
    '\nBundles (minified ESM; init = median ms of import() in a fresh node, vs an empty handler with the same SDK clients)',
  );
  console.table(
    bundleResults.map((b) => ({
      bundle: b.name,
      KB: Math.round(b.bytes / 102.4) / 10,
      init: b.initMs,
      empty: b.emptyInitMs,
      ratio: b.initRatio,
    })),
  );
  printPanel(panel);
  console.log(`\nDone in ${results.totalSeconds} s; written to bench/results.json`);
}

async function machine() {
  const { readFile } = await import('node:fs/promises');
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  return {
    nproc: cpus().length,
    cpu: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
