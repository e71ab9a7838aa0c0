// Figures the docs copy from elsewhere, held to where they come from: the alarm counts to the
// synthesised stack, the sweep's interval to the stage files and its budget to its construct, the
// bench's figures to bench/results.json. That file keeps each part's figures from the last run that
// measured it (`--only` runs replace their own parts), so each kind of figure is read from the section
// of docs/performance.md that states the file's current ones, found by its heading; older tables are
// history. A figure that drifts fails here, with the value it should be.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sweepTiming } from '../../infra/constructs/schedule';
import { readDeploySettings, STAGES_DIR } from '../../infra/context';
import { CDK_JSON, resourcesOf, synthesise } from './synth';

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
  command: string;
  bundles: { name: string; bytes: number; initMs: number; emptyInitMs: number; initRatio: number }[];
  useCases: UseCaseRun[];
  cost: { completed: CostRun; expired: CostRun; noWorkflowPer1000Usd: number; date?: string };
  backlog: { closesPerSecond: number[] };
};

/** The sections of docs/performance.md whose tables state what bench/results.json holds now. */
const SECTIONS = {
  useCases: '### Use cases of the full run',
  bundles: '### Bundles of the full run',
  cost: '## The cost of a change',
  backlog: '## The sweep working off a backlog',
};

/** Each stage's settings as `cdk deploy -c stage=<stage>` reads them: its file, then cdk.json's context. */
const STAGE_SETTINGS = readdirSync(STAGES_DIR)
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.replace(/\.json$/, ''))
  .map((stage) => readDeploySettings((key) => (key === 'stage' ? stage : CDK_JSON.context[key])));

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
  // A function's errors alarm has its duration alarm beside it (dynamo-system-errors is no function's).
  const durations = names.filter((n) => n.endsWith('-duration-p99'));
  const errors = names.filter(
    (n) => n.endsWith('-errors') && durations.includes(n.replace(/-errors$/, '-duration-p99')),
  ).length;
  return {
    total: alarms.length,
    errors,
    durations: durations.length,
    others: alarms.length - errors - durations.length,
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

/** The text under `heading` (the start of its line) up to the next heading of its level or above. */
function section(doc: string, heading: string): string {
  const level = heading.indexOf(' ');
  const lines = doc.split('\n');
  const start = lines.findIndex((line) => line.startsWith(heading));
  expect(start, `docs/performance.md has no section "${heading}": update the test with the doc`).not.toBe(-1);
  const end = lines.findIndex((line, i) => i > start && /^#+ /.test(line) && line.indexOf(' ') <= level);
  return lines.slice(start, end === -1 ? undefined : end).join('\n');
}

const cells = (line: string) =>
  line
    .split('|')
    .slice(1, -1)
    .map((cell) => cell.replace(/\*\*/g, '').trim());

/** The table of `text` whose first column is `first`: each row as its cells by column header. */
function table(text: string, first: string): Map<string, Record<string, string>> {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith('|') && cells(line)[0] === first);
  expect(start, `no table headed "${first}": update the test with the doc`).not.toBe(-1);
  const end = lines.findIndex((line, i) => i > start && !line.startsWith('|'));
  const [header, , ...rows] = lines.slice(start, end === -1 ? undefined : end).map(cells);
  return new Map(rows.map((row) => [row[0]!, Object.fromEntries(header!.map((name, i) => [name, row[i]!]))]));
}

/**
 * The day results.json says `part`'s figures were measured: the part's own `date` if it has one, else
 * the file's, when its last run measured that part (a full run, or `--only` naming it). Undefined when
 * an earlier run did: the file keeps a part's figures, not the day they were measured.
 */
function measuredOn(part: string, figures: unknown): string | undefined {
  const own = (figures as { date?: unknown }).date;
  if (typeof own === 'string') return own.slice(0, 10);
  const only = /--only ([\w,]+)/.exec(RESULTS.command)?.[1]?.split(',');
  return only === undefined || only.includes(part) ? RESULTS.date.slice(0, 10) : undefined;
}

/** The section names the run its figures are from, `npm run bench -- --only <parts>`, and its day. */
function expectRunStated(text: string, part: string, figures: unknown) {
  const days = [
    ...text.replace(/\s+/g, ' ').matchAll(/`npm run bench(?: -- --only ([\w,]+))?`, (\d{4}-\d\d-\d\d)/g),
  ]
    .filter(([, only]) => only === undefined || only.split(',').includes(part))
    .map(([, , day]) => day!);
  expect(
    days,
    `the section of the ${part} figures names no run that measured them, with its day`,
  ).not.toEqual([]);
  const day = measuredOn(part, figures);
  if (day !== undefined) expect(days, `results.json's ${part} figures are from ${day}`).toContain(day);
  else {
    // Measured by a run before the file's last one, which did not measure them.
    for (const said of days) expect(said <= RESULTS.date.slice(0, 10), `${part} run ${said}`).toBe(true);
  }
}

describe('docs/performance.md', () => {
  const doc = read('docs/performance.md');
  const { completed, expired } = RESULTS.cost;

  it("the use-case table is results.json's use cases, row by row", () => {
    const text = section(doc, SECTIONS.useCases);
    expectRunStated(text, 'usecases', RESULTS.useCases);
    const rows = table(text, 'use case');
    expect([...rows.keys()].sort()).toEqual(RESULTS.useCases.map((run) => run.name).sort());
    for (const run of RESULTS.useCases) {
      const row = rows.get(run.name)!;
      expect({
        name: run.name,
        level: row.level,
        median: row['median ms'],
        p99: row['p99 ms'],
        calls: Number(/^\d+/.exec(row['DynamoDB calls'] ?? '')?.[0]),
      }).toEqual({
        name: run.name,
        level: run.level,
        median: run.medianMs.toFixed(2),
        p99: run.p99Ms.toFixed(2),
        calls: run.dynamoCalls,
      });
      const columns = ['capacity', 'emails', 'floor ms', 'ratio', 'floor+SES', 'ratio+SES'];
      expect(
        columns.map((column) => Number(row[column])),
        run.name,
      ).toEqual([
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
    const text = section(doc, SECTIONS.bundles);
    expectRunStated(text, 'bundles', RESULTS.bundles);
    const shown = [...table(text, 'bundle').values()].flatMap((row) =>
      row.bundle!.split(', ').map((name) => ({
        name,
        figures: ['KB', 'init CPU ms', 'empty ms', 'ratio'].map((column) => Number(row[column])),
      })),
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
    const text = section(doc, SECTIONS.cost);
    expectRunStated(text, 'cost', RESULTS.cost);
    const rows = table(text, 'part (completed change)');
    for (const { part, quantity, usd } of completed.parts) {
      expect(rows.get(part)?.['USD per 1,000 changes'], part).toBe(per1000(usd));
      expect(rows.get(part)?.quantity?.replace(/,/g, ''), part).toContain(String(quantity));
    }
    expect(rows.get('total')?.['USD per 1,000 changes']).toBe(per1000(completed.usd));
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
    // Every stage deploys the sweep at one interval, else the doc would have to say whose it is.
    const [interval, ...others] = new Set(STAGE_SETTINGS.map((settings) => settings.sweepIntervalMinutes));
    expect(others, 'the stages deploy the sweep at different intervals').toEqual([]);
    const timing = sweepTiming(interval!);
    const rate = Math.max(...RESULTS.backlog.closesPerSecond);
    const said = numbers(
      /At (\d+) closes a second, the deployed sweep \(every (\d+) minutes, a (\d+) s budget: 80 % of its (\d+) s timeout, [^)]*\) closes about ([\d,]+) requests a run/.exec(
        section(doc, SECTIONS.backlog).replace(/\s+/g, ' '),
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
