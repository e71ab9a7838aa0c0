// Every Lambda bundle, built with esbuild the way infra/constructs/functions.ts has NodejsFunction build
// it (ESM, node24, minified, source maps without sources, @aws-sdk/* external, the createRequire
// banner), its size, and its module init time against an empty handler importing the same SDK
// clients. Each sample is one fresh node process that imports the empty twin, the twin again (what a
// second import costs) and then the bundle, the CPU time taken at each step (initPair); the medians of
// several are kept, and the ratio is the median of the processes' ratios. Each bundle's
// esbuild metafile is kept outside the project (the path is printed: https://esbuild.github.io/analyze/
// reads it), and its ten largest inputs by package are part of the results.
import { execFile } from 'node:child_process';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { BOUNCES, SWEEP, WORKFLOW_TASKS } from '../functions/background';
import { HTTP_ROUTES } from '../functions/http/routes';
import { median, progress } from './measure';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = `${ROOT}bench/.out`;
/** Outside the project, so that lint and prettier never see them; kept after the run, to analyse. */
export const METAFILES = `${tmpdir()}/service-contacts-bench/metafiles`;
const run = promisify(execFile);

export interface BundleResult {
  name: string;
  entry: string;
  bytes: number;
  /** The SDK packages the bundle leaves to the runtime. */
  sdk: string[];
  /** The ten largest inputs, by package (`zod`, `@aws-lambda-powertools/logger`) or project folder (`shared/email`). */
  largest: { input: string; bytes: number }[];
  /** Module init, CPU time (see initPair), median ms: the SDK clients' modules and the bundle's own code. */
  initMs: number;
  /** The empty twin's, in the same processes. */
  emptyInitMs: number;
  /** The same inits' wall time, median ms: what the machine's load adds. */
  initWallMs: number;
  emptyInitWallMs: number;
  /** The median of each process's bundle against its empty twin. */
  initRatio: number;
}

/** As in bundledFunction() of infra/constructs/functions.ts. */
const OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  external: ['@aws-sdk/*'],
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: 'silent',
};

/** The handlers CDK deploys: every HTTP route that is not local-only, the workflow's tasks, the sweep, the bounces. */
function handlers(): { name: string; entry: string }[] {
  return [...HTTP_ROUTES.filter((r) => !r.localOnly), ...Object.values(WORKFLOW_TASKS), SWEEP, BOUNCES].map(
    ({ name, entry }) => ({ name, entry }),
  );
}

/**
 * A young generation (64 MB a semi-space) larger than any init allocates (about 20 MB), so that no
 * scavenge runs during either import. With node's default (a semi-space that starts at 1 MB and
 * grows) an init ran about five scavenges of 1–9 ms each (`--trace-gc`), and whether the last fell
 * inside a timed import or just after it was the chance of a task's timing; in one process the twin's
 * garbage was scavenged during the bundle's import and counted as the bundle's (every ratio 0.02–0.03
 * higher than with this flag). The init timed is therefore the modules' compile and evaluation
 * without their garbage collection (about a tenth of it), for the bundle as for its twin.
 */
const NO_SCAVENGE = ['--min-semi-space-size=64', '--max-semi-space-size=64'];

/**
 * One fresh process that imports the empty twin, the twin again under another URL, then the bundle,
 * timing each import's CPU time (user + system) until the module has evaluated, and the wall time
 * beside it. The bundle's `@aws-sdk/*` imports are by then the twin's modules, already evaluated, so
 * its import adds the bundle's own code, and the import of a module that has already started the
 * loader (1–2 ms: reading, parsing and linking a module, the job of a dynamic import). The twin's
 * second import costs that second-import work alone, without code of its own; so twin + bundle −
 * twin again is the work of the bundle's import in a fresh process (the loader, the SDK's modules,
 * its own code), and the ratio against the twin is the ratio of two fresh processes' inits. The parts
 * are timed in one process a few milliseconds apart because two processes, even back to back, ran at
 * speeds a tenth apart on this shared machine (a neighbour on the other core slows this one's CPU
 * time too), which moved the ratio by up to 0.09 from run to run, as much as the budget's margin;
 * within one process the machine's speed scales every part alike. Module init is synchronous work on
 * one thread, so on a dedicated CPU (Lambda's) CPU and wall time agree; on this shared machine the
 * wall time also counts the waits for a core that other processes hold, which is why the ratios are
 * taken on CPU time.
 */
async function initPair(empty: string, file: string): Promise<{ empty: Init; own: Init }> {
  const [twin, again, bundle] = [empty, `${pathToFileURL(empty).href}?again`, file].map((f) =>
    JSON.stringify(f),
  );
  const script = `const at=()=>{const u=process.cpuUsage();return {cpu:(u.user+u.system)/1000,wall:performance.now()}},t0=at();await import(${twin});const t1=at();await import(${again});const t2=at();await import(${bundle});const t3=at();process.stdout.write(JSON.stringify([t0,t1,t2,t3]));`;
  const { stdout } = await run(process.execPath, [...NO_SCAVENGE, '--input-type=module', '-e', script], {
    cwd: ROOT,
    env: {
      ...process.env,
      AWS_REGION: 'eu-west-1',
      STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:123456789012:stateMachine:x',
    },
  });
  const [t0, t1, t2, t3] = JSON.parse(stdout) as Init[];
  const part = (kind: keyof Init) => ({
    empty: t1![kind] - t0![kind],
    own: t1![kind] - t0![kind] + (t3![kind] - t2![kind]) - (t2![kind] - t1![kind]),
  });
  const [cpu, wall] = [part('cpu'), part('wall')];
  return { empty: { cpu: cpu.empty, wall: wall.empty }, own: { cpu: cpu.own, wall: wall.own } };
}

interface Init {
  cpu: number;
  wall: number;
}

export async function bundles(samples: number): Promise<BundleResult[]> {
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  await rm(METAFILES, { recursive: true, force: true });
  await mkdir(METAFILES, { recursive: true });
  try {
    return await measureBundles(samples);
  } finally {
    // Generated code is not the project's: lint and prettier must never see it.
    await rm(OUT, { recursive: true, force: true });
  }
}

async function measureBundles(samples: number): Promise<BundleResult[]> {
  const list = handlers();
  const built = new Map<
    string,
    { file: string; bytes: number; sdk: string[]; largest: BundleResult['largest'] }
  >();
  for (const { entry } of list) {
    if (built.has(entry)) continue;
    const base = entry.replaceAll('/', '_').replace(/\.ts$/, '');
    const file = `${OUT}/${base}/index.mjs`;
    const result = await build({ ...OPTIONS, entryPoints: [`${ROOT}${entry}`], outfile: file });
    await writeFile(`${METAFILES}/${base}.json`, JSON.stringify(result.metafile));
    built.set(entry, {
      file,
      bytes: (await stat(file)).size,
      sdk: sdkImports(result.metafile!),
      largest: largestInputs(result.metafile!),
    });
  }
  // One empty handler per set of SDK clients: the cost of the runtime's SDK is not the bundle's.
  const empties = new Map<string, string>();
  for (const { sdk } of built.values()) {
    const key = sdk.join(',');
    if (empties.has(key)) continue;
    const dir = `${OUT}/empty-${empties.size}`;
    await mkdir(dir, { recursive: true });
    const source = `${sdk.map((p, i) => `import * as m${i} from '${p}';`).join('\n')}\nexport const clients = [${sdk.map((_p, i) => `m${i}`).join(', ')}];\nexport const handler = async () => ({});\n`;
    await writeFile(`${dir}/entry.mjs`, source);
    await build({ ...OPTIONS, entryPoints: [`${dir}/entry.mjs`], outfile: `${dir}/index.mjs` });
    empties.set(key, `${dir}/index.mjs`);
  }
  // Init times per distinct bundle, each sample one process that imports its empty twin (twice), then the
  // bundle (initPair), and the ratio of each process kept: the machine's speed drifts by a third from
  // one minute to the next (a cloud core shared with other work), and by a tenth from one process to
  // the next; the two imports of one process see the same speed.
  const samplesOf = new Map<string, { empty: Init; own: Init }[]>();
  const emptyOf = (file: string) =>
    empties.get([...built.values()].find((b) => b.file === file)!.sdk.join(','))!;
  const files = [...new Set([...built.values()].map((b) => b.file))];
  let done = 0;
  for (let s = 0; s < samples; s++) {
    for (const file of files) {
      samplesOf.set(file, [...(samplesOf.get(file) ?? []), await initPair(emptyOf(file), file)]);
      progress(
        'module init (fresh node per sample: its empty twin, then the bundle)',
        ++done,
        samples * files.length,
      );
    }
  }
  const ms = (values: number[]) => Math.round(median(values) * 10) / 10;
  const figures = (entry: string) => {
    const b = built.get(entry)!;
    const pairs = samplesOf.get(b.file)!;
    return {
      bytes: b.bytes,
      sdk: b.sdk,
      largest: b.largest,
      initMs: ms(pairs.map((p) => p.own.cpu)),
      emptyInitMs: ms(pairs.map((p) => p.empty.cpu)),
      initWallMs: ms(pairs.map((p) => p.own.wall)),
      emptyInitWallMs: ms(pairs.map((p) => p.empty.wall)),
      initRatio: Math.round(median(pairs.map((p) => p.own.cpu / p.empty.cpu)) * 100) / 100,
    };
  };
  return list.map(({ name, entry }) => ({ name, entry, ...figures(entry) }));
}

function sdkImports(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports)
      if (imported.external && imported.path.startsWith('@aws-sdk/')) found.add(imported.path);
  }
  return [...found].sort();
}

/** Bytes in the output per package (node_modules) or per project folder, the ten largest. */
export function largestInputs(metafile: Metafile, count = 10): BundleResult['largest'] {
  const sums = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
      // The project's own files by their first two folders: shared/email, functions/http.
      const input =
        pkg ??
        path
          .replace(/^(\.\.\/)+/, '')
          .split('/')
          .slice(0, 2)
          .join('/');
      sums.set(input, (sums.get(input) ?? 0) + bytesInOutput);
    }
  }
  return [...sums]
    .map(([input, bytes]) => ({ input, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count);
}
