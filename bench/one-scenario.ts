// What the scripts that look into one use case (cpu.ts, profile.ts) share: the bench stack around the
// scenario they name, and each run as bench/measure.ts makes it: setup untimed, the run, then its
// DynamoDB calls replayed alone (its floor), the stack settled before each.
import { settled, startBenchStack, type BenchStack } from './bench-stack';
import { Counter, counting, replay, unattributed } from './instrument';
import { scenarios, type Prepared, type Scenario } from './scenarios';

/** Wraps one timed part (the run, or its floor) in the script's own measure. */
export type Measure = (work: () => Promise<unknown>) => Promise<unknown>;

/** Runs `main` as the script: exits 0 when it ends, 1 with the error printed when it throws. */
export function runScript(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/** Starts the bench stack, finds the scenario `name` (prepared for `runs` runs), uses it, stops the stack. */
export async function withScenario(
  name: string | undefined,
  runs: number,
  use: (bench: BenchStack, scenario: Scenario) => Promise<void>,
): Promise<void> {
  const bench = await startBenchStack();
  try {
    const all = await scenarios(bench, runs);
    const scenario = all.find((s) => s.name === name);
    if (!scenario) throw new Error(`No scenario ${name}; one of: ${all.map((s) => s.name).join(', ')}`);
    await use(bench, scenario);
  } finally {
    await bench.stop();
  }
}

/** One run of `scenario` through `measure.run`, then the replay of its DynamoDB calls through `measure.floor`. */
export async function runAgainstFloor(
  bench: BenchStack,
  scenario: Scenario,
  measure: { run: Measure; floor: Measure },
): Promise<void> {
  const prepared: Prepared = await scenario.prepare();
  await settled(bench);
  unattributed.calls.length = 0;
  const counter = new Counter(scenario.name);
  await measure.run(() => counting(counter, prepared.run));
  counter.calls.push(...unattributed.calls.splice(0));
  await prepared.after?.();
  await settled(bench);
  await measure.floor(() =>
    counting(new Counter('floor'), () => replay(bench.floor, counter.dynamo(), false)),
  );
  await prepared.afterFloor?.();
}
