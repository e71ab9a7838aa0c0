// `npx tsx bench/cpu.ts <scenario> [runs]`: this process's CPU time per run of one use case against
// its floor's, as bench/measure.ts runs them (setup untimed, the floor replayed after each run).
// DynamoDB Local is a process of its own, so the figure is our code and the SDK's on our side only,
// and it moves far less with the neighbours' load than the wall time does. The local SES server and
// the workflow runner do run in this process: a scenario that emails pays their CPU in its run.
import { settled, startBenchStack } from './bench-stack';
import { Counter, counting, replay, unattributed } from './instrument';
import { scenarios } from './scenarios';

const [name, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 100);
const WARMUP = 10;

const cpuMs = async (work: () => Promise<unknown>): Promise<number> => {
  const before = process.cpuUsage();
  await work();
  const { user, system } = process.cpuUsage(before);
  return (user + system) / 1000;
};

async function main() {
  const bench = await startBenchStack();
  try {
    const all = await scenarios(bench, runs + WARMUP);
    const scenario = all.find((s) => s.name === name);
    if (!scenario) throw new Error(`No scenario ${name}; one of: ${all.map((s) => s.name).join(', ')}`);
    const totals = { run: 0, floor: 0 };
    for (let i = 0; i < runs + WARMUP; i++) {
      const prepared = await scenario.prepare();
      await settled(bench);
      unattributed.calls.length = 0;
      const counter = new Counter(name!);
      const run = await cpuMs(() => counting(counter, prepared.run));
      counter.calls.push(...unattributed.calls.splice(0));
      await prepared.after?.();
      await settled(bench);
      const floor = await cpuMs(() =>
        counting(new Counter('floor'), () => replay(bench.floor, counter.dynamo(), false)),
      );
      if (i < WARMUP) continue;
      totals.run += run;
      totals.floor += floor;
    }
    const perRun = (ms: number) => (ms / runs).toFixed(2);
    console.log(
      `${name}, ${runs} runs: CPU ms per run ${perRun(totals.run)}, its floor's ${perRun(totals.floor)}, ratio ${(totals.run / totals.floor).toFixed(2)}`,
    );
  } finally {
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
