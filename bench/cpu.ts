// `npx tsx bench/cpu.ts <scenario> [runs]`: this process's CPU time per run of one use case against
// its floor's, as bench/measure.ts runs them (setup untimed, the floor replayed after each run).
// DynamoDB Local and the local SES server are processes of their own (as their services are on AWS),
// so the figure is our code and the SDK's on our side only, and it moves far less with the
// neighbours' load than the wall time does. The workflow runner does run in this process.
import { runAgainstFloor, runScript, withScenario } from './one-scenario';

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
  await withScenario(name, runs + WARMUP, async (bench, scenario) => {
    const totals = { run: 0, floor: 0 };
    for (let i = 0; i < runs + WARMUP; i++) {
      const measured = i >= WARMUP;
      const into = (part: keyof typeof totals) => async (work: () => Promise<unknown>) => {
        const ms = await cpuMs(work);
        if (measured) totals[part] += ms;
      };
      await runAgainstFloor(bench, scenario, { run: into('run'), floor: into('floor') });
    }
    const perRun = (ms: number) => (ms / runs).toFixed(2);
    console.log(
      `${name}, ${runs} runs: CPU ms per run ${perRun(totals.run)}, its floor's ${perRun(totals.floor)}, ratio ${(totals.run / totals.floor).toFixed(2)}`,
    );
  });
}

runScript(main);
