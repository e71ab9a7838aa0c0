// Every Lambda bundle, built with esbuild the way infra/constructs/functions.ts has NodejsFunction build
// it (ESM, node24, minified, source maps without sources, @aws-sdk/* external, the createRequire
// banner), its size, and its module init time against an empty handler importing the same SDK
// clients. Each init is timed in a fresh node process, right after its empty twin's; the medians of
// several are kept, and the ratio is the median of the pairs' ratios. Each bundle's
// esbuild metafile is kept outside the project (the path is printed: https://esbuild.github.io/analyze/
// reads it), and its ten largest inputs by package are part of the results.
import { execFile } from 'node:child_process';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
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
  /** Module init, CPU time (see initTime), median ms. */
  initMs: number;
  emptyInitMs: number;
  /** The same inits' wall time, median ms: what the machine's load adds. */
  initWallMs: number;
  emptyInitWallMs: number;
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
 * The CPU time (user + system) from the start of `import()` until the module has evaluated, in a fresh
 * process, and the wall time beside it. Module init is synchronous work on one thread, so on a
 * dedicated CPU (Lambda's) the two agree; on this shared machine the wall time also counts the waits
 * for a core that other processes hold, which is why the ratios are taken on CPU time.
 */
async function initTime(file: string): Promise<{ cpu: number; wall: number }> {
  const script = `const c=process.cpuUsage(),t=performance.now();await import(${JSON.stringify(file)});const u=process.cpuUsage(c);process.stdout.write(JSON.stringify({cpu:(u.user+u.system)/1000,wall:performance.now()-t}));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    env: {
      ...process.env,
      AWS_REGION: 'eu-west-1',
      STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:123456789012:stateMachine:x',
    },
  });
  return JSON.parse(stdout) as { cpu: number; wall: number };
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
  // Init times per distinct bundle, each sample taken right after a sample of its empty twin, and the
  // ratio of each such pair kept: the machine's speed drifts by a third from one minute to the next
  // (a cloud core), so an empty handler timed once for all the bundles moved every ratio with it.
  const inits = new Map<string, { cpu: number; wall: number }[]>();
  const ratios = new Map<string, number[]>();
  const emptyOf = (file: string) =>
    empties.get([...built.values()].find((b) => b.file === file)!.sdk.join(','))!;
  const files = [...new Set([...built.values()].map((b) => b.file))];
  const add = <T>(map: Map<string, T[]>, key: string, value: T) =>
    map.set(key, [...(map.get(key) ?? []), value]);
  let done = 0;
  for (let s = 0; s < samples; s++) {
    for (const file of files) {
      const empty = await initTime(emptyOf(file));
      const own = await initTime(file);
      add(inits, emptyOf(file), empty);
      add(inits, file, own);
      add(ratios, file, own.cpu / empty.cpu);
      progress('module init (fresh node per sample, beside its empty twin)', ++done, samples * files.length);
    }
  }
  const init = (file: string, kind: 'cpu' | 'wall' = 'cpu') =>
    Math.round(median(inits.get(file)!.map((sample) => sample[kind])) * 10) / 10;
  const figures = (entry: string) => {
    const b = built.get(entry)!;
    const empty = emptyOf(b.file);
    return {
      bytes: b.bytes,
      sdk: b.sdk,
      largest: b.largest,
      initMs: init(b.file),
      emptyInitMs: init(empty),
      initWallMs: init(b.file, 'wall'),
      emptyInitWallMs: init(empty, 'wall'),
      initRatio: Math.round(median(ratios.get(b.file)!) * 100) / 100,
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
