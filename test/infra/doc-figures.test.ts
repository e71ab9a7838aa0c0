// Figures the docs copy from elsewhere, held to where they come from: the alarm counts to the
// synthesised stack, the sweep's budget to its construct, the cost of a change to bench/results.json
// (the run `npm run bench` last wrote). A figure that drifts fails here, with the value it should be.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sweepTiming } from '../../infra/constructs/schedule';
import { resourcesOf, synthesise } from './synth';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
/** A doc with its line breaks and runs of spaces as single spaces, so a sentence reads across lines. */
const prose = (path: string) => read(path).replace(/\s+/g, ' ');

interface Part {
  part: string;
  quantity: number;
  usd: number;
}
interface CostRun {
  usd: number;
  usdAllCold: number;
  parts: Part[];
  usage: { emails: number; stateTransitions: number; writeRequestUnits: number };
}
interface UseCaseRun {
  name: string;
  level: string;
  medianMs: number;
  p99Ms: number;
  dynamoCalls: number;
  consumedCapacity: number;
  emails: number;
  floorMedianMs: number;
  ratio: number;
  ioFloorMedianMs: number;
  ioRatio: number;
}
const RESULTS = JSON.parse(read('bench/results.json')) as {
  date: string;
  bundles: { name: string; bytes: number; initMs: number; emptyInitMs: number; initRatio: number }[];
  useCases: UseCaseRun[];
  cost: { completed: CostRun; expired: CostRun; noWorkflowPer1000Usd: number };
  backlog: { closesPerSecond: number[] };
};
const CDK_CONTEXT = (JSON.parse(read('cdk.json')) as { context: { sweepIntervalMinutes: number } }).context;

const per1000 = (usd: number) => (usd * 1000).toFixed(3);
const numbers = (match: RegExpExecArray | null) => {
  expect(match, 'the sentence this test reads is gone: update the test with the doc').not.toBeNull();
  return match!.slice(1).map((n) => Number(n.replace(/,/g, '')));
};

function alarmsOf(context: Record<string, unknown>) {
  const alarms = Object.values(resourcesOf(synthesise(context).template, 'AWS::CloudWatch::Alarm'));
  const names = alarms.map((alarm) => String(alarm.Properties?.AlarmName));
  const math = alarms
    .map((alarm) => alarm.Properties?.Metrics as { MetricStat?: unknown }[] | undefined)
    .filter((metrics) => metrics !== undefined)
    .map((metrics) => metrics.filter((m) => m.MetricStat).length);
  const errors = names.filter((n) => n.endsWith('-errors')).length;
  const durations = names.filter((n) => n.endsWith('-duration-p99')).length;
  return {
    total: alarms.length,
    errors,
    durations,
    others: alarms.length - errors - durations,
    math,
    // CloudWatch bills each metric an alarm watches: one, or each of a metric-math alarm's.
    metrics: alarms.length - math.length + math.reduce((a, b) => a + b, 0),
  };
}

describe('docs/deploy.md, "Cost at rest"', () => {
  it('counts the alarms and alarm metrics of the synthesised stack', () => {
    const cognito = alarmsOf({});
    const ownIssuer = alarmsOf({ jwtIssuer: 'https://issuer.example.com', jwtAudience: 'panel' });
    const said = numbers(
      new RegExp(
        String.raw`(\d+) alarms with the Cognito user pool \(errors for (\d+) functions, p99 duration for all (\d+), ` +
          String.raw`and (\d+) for [^;]*; (\d+) with your own issuer[^)]*\), two of them metric math over (\d+) ` +
          String.raw`DynamoDB operations each, so (\d+) alarm metrics ≈ \*\*\$(\d+\.\d\d) a month\*\*`,
      ).exec(prose('docs/deploy.md')),
    );
    expect(cognito.math).toEqual([cognito.math[0], cognito.math[0]]); // "two of them", alike
    expect(said).toEqual([
      cognito.total,
      cognito.errors,
      cognito.durations,
      cognito.others,
      ownIssuer.total,
      cognito.math[0],
      cognito.metrics,
      Number((cognito.metrics * 0.1).toFixed(2)),
    ]);
  });
});

describe('docs/performance.md', () => {
  const doc = read('docs/performance.md');
  const { completed, expired } = RESULTS.cost;

  it("the use-case table is results.json's full run, row by row", () => {
    const rows = new Map(
      doc
        .slice(doc.indexOf('| use case                  | level'))
        .split('\n\n')[0]!
        .split('\n')
        .map((line) => line.split('|').map((cell) => cell.trim()))
        .map((cells) => [cells[1]!, cells.slice(2, -1)]),
    );
    for (const run of RESULTS.useCases) {
      const [level, median, p99, calls, capacity, emails, floor, ratio, ioFloor, ioRatio] =
        rows.get(run.name) ?? [];
      expect({ name: run.name, level, median, p99, calls: Number(/^\d+/.exec(calls ?? '')?.[0]) }).toEqual({
        name: run.name,
        level: run.level,
        median: run.medianMs.toFixed(2),
        p99: run.p99Ms.toFixed(2),
        calls: run.dynamoCalls,
      });
      expect([capacity, emails, floor, ratio, ioFloor, ioRatio].map(Number), run.name).toEqual([
        run.consumedCapacity,
        run.emails,
        run.floorMedianMs,
        run.ratio,
        run.ioFloorMedianMs,
        run.ioRatio,
      ]);
    }
  });

  it("the bundle table is results.json's bundles (KB of 1,024 bytes), every one of them", () => {
    const rows = doc
      .slice(doc.indexOf('| bundle '))
      .split('\n\n')[0]!
      .split('\n')
      .slice(2)
      .map((line) => line.split('|').map((cell) => cell.trim()));
    const shown = rows.flatMap(([, names, kb, init, empty, ratio]) =>
      names!.split(', ').map((name) => ({ name, figures: [kb, init, empty, ratio].map(Number) })),
    );
    expect(shown.map((b) => b.name).sort()).toEqual(RESULTS.bundles.map((b) => b.name).sort());
    for (const b of RESULTS.bundles) {
      expect(shown.find((s) => s.name === b.name)?.figures, b.name).toEqual([
        Number((b.bytes / 1024).toFixed(1)),
        b.initMs,
        b.emptyInitMs,
        b.initRatio,
      ]);
    }
  });

  it("the cost table is results.json's run, row by row", () => {
    const rows = new Map(
      doc
        .slice(doc.indexOf('| part (completed change)'))
        .split('\n')
        .filter((line) => line.startsWith('|'))
        .map((line) => line.split('|').map((cell) => cell.replace(/\*\*/g, '').trim()))
        .map((cells) => [cells[1]!, { quantity: cells[2]!, usd: cells[3]! }]),
    );
    for (const { part, quantity, usd } of completed.parts) {
      expect(rows.get(part)?.usd, part).toBe(per1000(usd));
      expect(rows.get(part)?.quantity.replace(/,/g, ''), part).toContain(String(quantity));
    }
    expect(rows.get('total')?.usd).toBe(per1000(completed.usd));
    expect(prose('docs/performance.md')).toContain(`--only cost,backlog\`, ${RESULTS.date.slice(0, 10)}`);
  });

  it('the expired request, the all-cold run and the design with no state machine', () => {
    const text = prose('docs/performance.md');
    expect(
      numbers(
        /An expired request costs (\d\.\d{3}) per 1,000 \((\d+) emails, (\d+) transitions, (\d+) WRU\)/.exec(
          text,
        ),
      ),
    ).toEqual([
      Number(per1000(expired.usd)),
      expired.usage.emails,
      expired.usage.stateTransitions,
      expired.usage.writeRequestUnits,
    ]);
    expect(
      numbers(/a completed change would cost (\d\.\d{3}); with no state machine, (\d\.\d{3})/.exec(text)),
    ).toEqual([Number(per1000(completed.usdAllCold)), Number(RESULTS.cost.noWorkflowPer1000Usd.toFixed(3))]);
    expect(numbers(/\*\*(\d\.\d{3}) USD per 1,000\*\* \(`noWorkflowPer1000Usd`/.exec(text))).toEqual([
      Number(RESULTS.cost.noWorkflowPer1000Usd.toFixed(3)),
    ]);
    expect(numbers(/\| SES sending rate \| (\d+) emails \|/.exec(text))).toEqual([completed.usage.emails]);
  });

  it("the sweep's backlog figure: results.json's rate over the deployed budget", () => {
    const interval = CDK_CONTEXT.sweepIntervalMinutes;
    const timing = sweepTiming(interval);
    const rate = Math.max(...RESULTS.backlog.closesPerSecond);
    const said = numbers(
      /At (\d+) closes a second, the deployed sweep \(every (\d+) minutes, a (\d+) s budget: 80 % of its (\d+) s timeout, [^)]*\) closes about ([\d,]+) requests a run/.exec(
        prose('docs/performance.md'),
      ),
    );
    expect(said).toEqual([
      rate,
      interval,
      timing.timeBudgetSeconds,
      timing.timeout.toSeconds(),
      Math.round((rate * timing.timeBudgetSeconds) / 100) * 100,
    ]);
  });
});
