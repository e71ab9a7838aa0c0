// `npx tsx bench/profile.ts <scenario> [runs]`: where one use case's own time goes. Runs the bench's
// scenario as bench/measure.ts does, with the V8 sampling profiler on only while each timed run is
// in flight (setup and the floor stay out), and prints the self time by function and by source
// (our folders, each package). The profile is written for Chrome's DevTools as well. With
// `CALLERS=<function name>`, it also prints the call stacks that spent the most time in that function.
import { Session, type Profiler } from 'node:inspector/promises';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchStack } from './bench-stack';
import { runAgainstFloor, runScript, withScenario } from './one-scenario';
import type { Scenario } from './scenarios';
import { Tally } from './tally';

const [name, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 100);
const CALLERS = process.env.CALLERS;

async function main() {
  const session = new Session();
  session.connect();
  try {
    await withScenario(name, runs + 10, (bench, scenario) => profileRuns(session, bench, scenario));
  } finally {
    session.disconnect();
  }
}

/** The runs of `scenario` against their floors, sampled; prints where the time went. */
async function profileRuns(session: Session, bench: BenchStack, scenario: Scenario) {
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  const tallies = { run: new Tally(CALLERS), floor: new Tally() };
  let last: Profiler.Profile | undefined;
  const profiled = async <T>(tally: Tally | undefined, work: () => Promise<T>): Promise<T> => {
    if (tally) await session.post('Profiler.start');
    const result = await work();
    if (tally) {
      const { profile } = await session.post('Profiler.stop');
      tally.add(profile);
      last = profile;
    }
    return result;
  };
  // A batch scenario warms up as the bench does (its runs make a hundred requests each).
  const warmup = scenario.repeat?.warmup ?? 10;
  for (let i = 0; i < runs + warmup; i++) {
    const measured = i >= warmup;
    await runAgainstFloor(bench, scenario, {
      run: (work) => profiled(measured ? tallies.run : undefined, work),
      floor: (work) => profiled(measured ? tallies.floor : undefined, work),
    });
  }
  const { run, floor } = tallies;
  const perRun = (us: number) => (us / 1000 / runs).toFixed(2).padStart(7);
  const table = (a: Map<string, number>, b: Map<string, number>, n: number) =>
    [...new Set([...a.keys(), ...b.keys()])]
      .map((key) => [key, a.get(key) ?? 0, b.get(key) ?? 0] as const)
      .sort((x, y) => y[1] - y[2] - (x[1] - x[2]))
      .slice(0, n)
      .map(([key, ours, raw]) => `${perRun(ours)} ${perRun(raw)} ${perRun(ours - raw)}  ${key}`)
      .join('\n');
  console.log(
    `${name}, ${runs} runs: ms per run of samples, the run against its floor (run, floor, difference)\n`,
  );
  console.log(`total ${perRun(run.total)} ${perRun(floor.total)} ${perRun(run.total - floor.total)}`);
  console.log(`\nBy source:\n${table(run.bySource, floor.bySource, 25)}`);
  console.log(`\nBy function:\n${table(run.byFunction, floor.byFunction, 45)}`);
  if (CALLERS) {
    console.log(`\nWhere ${CALLERS} was called from (ms per run):`);
    for (const [chain, us] of [...run.callers].sort((a, b) => b[1] - a[1]).slice(0, 8))
      console.log(`${perRun(us)}  ${chain}`);
  }
  const file = join(tmpdir(), `profile-${name!.replace(/\W+/g, '-')}.cpuprofile`);
  await writeFile(file, JSON.stringify(last));
  console.log(`\nThe last run's profile: ${file}`);
}

runScript(main);
