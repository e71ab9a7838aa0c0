// `npx tsx bench/timeline.ts <scenario> [runs]`: when each outside call of one use case starts, goes
// on the wire and ends, in ms from the start of the run (the median over the runs), to see what sits
// on its critical path and where our own CPU delays a call. Runs the bench's scenario as
// bench/measure.ts does (setup untimed, the floor replayed after each run, not shown). Marks, in order:
// `>` the command is sent (the SDK's middleware begins), `>wire`/`<wire` around the HTTP request
// (serialised, signed), `<` the command's answer is back in the use case; `> mailer.send` is when a
// use case hands the mailer an email (the gap to its SendEmail is the rendering); Stop is the local
// workflow's stop of an ended request, run in this process where in AWS it is a StopExecution call.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { runAgainstFloor, runScript, withScenario } from './one-scenario';

const [name, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 60);
const WARMUP = 10;

async function main() {
  await withScenario(name, runs + WARMUP, async (bench, scenario) => {
    let timing: { startedAt: number; marks: [string, number][] } | undefined;
    const mark = (label: string) => timing?.marks.push([label, performance.now() - timing.startedAt]);
    const around = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
      mark(`> ${label}`);
      try {
        return await work();
      } finally {
        mark(`< ${label}`);
      }
    };
    for (const client of [bench.floor.dynamo, bench.floor.ses!]) {
      // The SES client's stack has the same steps; one type serves both.
      const stack = client.middlewareStack as DynamoDBClient['middlewareStack'];
      stack.add((next, ctx) => (args) => around(ctx.commandName ?? '?', () => next(args)), {
        step: 'initialize',
        name: 'timelineSent',
        priority: 'high',
      });
      stack.add((next, ctx) => (args) => around(`  wire ${ctx.commandName ?? '?'}`, () => next(args)), {
        step: 'finalizeRequest',
        name: 'timelineWire',
        priority: 'low',
      });
    }
    const { workflow } = bench.stack;
    const stop = workflow.stop.bind(workflow);
    workflow.stop = (...args) => around('Stop', () => stop(...args));
    const send = bench.deps.mailer.send.bind(bench.deps.mailer);
    bench.deps.mailer.send = (...args) => around('mailer.send', () => send(...args));

    const totals: number[] = [];
    const byMark = new Map<string, number[]>();
    for (let i = 0; i < runs + WARMUP; i++) {
      await runAgainstFloor(bench, scenario, {
        run: async (work) => {
          timing = { startedAt: performance.now(), marks: [] };
          await work();
          const { startedAt, marks } = timing;
          timing = undefined;
          if (i < WARMUP) return;
          totals.push(performance.now() - startedAt);
          // The nth mark of each label, so that parallel calls of one command stay apart.
          const seen = new Map<string, number>();
          for (const [label, at] of marks) {
            const n = (seen.get(label) ?? 0) + 1;
            seen.set(label, n);
            const key = `${label} #${n}`;
            byMark.set(key, [...(byMark.get(key) ?? []), at]);
          }
        },
        floor: (work) => work(),
      });
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
    console.log(`${name}, ${runs} runs: median run ${median(totals).toFixed(2)} ms; each mark's median, ms`);
    const rows = [...byMark].map(([key, ats]) => [median(ats), key, ats.length] as const);
    for (const [at, key, n] of rows.sort((a, b) => a[0] - b[0]))
      console.log(`${at.toFixed(2).padStart(8)}  ${key}${n < runs ? ` (in ${n} runs)` : ''}`);
  });
}

runScript(main);
