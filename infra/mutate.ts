// `npm run mutate [-- <file>…] [--missing] [--concurrency <n>]`: Stryker over shared/domain and
// shared/usecases, one source file per run, each run keeping its results in its own incremental file
// (reports/mutation/by-file/). The whole of both folders is about 3,300 mutants, hours on two cores:
// per file, a run stopped midway loses one file's work, not all of it; a run again reuses every result
// whose code and tests did not change (Stryker's incremental mode), and `--missing` skips the files
// that already have results. Then the results of every file are put together: the score of each file
// and of each folder, and every surviving mutant, in reports/mutation/survivors.md. Exits 1 when a
// folder is under its target or has files with no results yet. docs/mutation.md.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  globSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

const TARGET = 85;
const FOLDERS = ['shared/domain', 'shared/usecases'];
const BY_FILE = 'reports/mutation/by-file';

interface Mutant {
  status: string;
  mutatorName: string;
  replacement?: string;
  location: { start: { line: number; column: number } };
}
interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

/** The files stryker.config.json mutates: its globs, `!` ones excluded. */
function filesToMutate(): string[] {
  const globs = (JSON.parse(readFileSync('stryker.config.json', 'utf8')) as { mutate: string[] }).mutate;
  const excluded = new Set(globs.filter((g) => g.startsWith('!')).flatMap((g) => globSync(g.slice(1))));
  return globs
    .filter((g) => !g.startsWith('!'))
    .flatMap((g) => globSync(g))
    .filter((file) => !excluded.has(file))
    .sort();
}

const resultsOf = (file: string) => join(BY_FILE, `${file.replaceAll('/', '__')}.json`);

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

const concurrency = option('--concurrency');
const named = process.argv
  .slice(2)
  .filter((arg, i, all) => !arg.startsWith('--') && all[i - 1] !== '--concurrency');
const every = filesToMutate();
const unknown = named.filter((file) => !every.includes(file));
if (unknown.length > 0)
  throw new Error(`not among stryker.config.json's files to mutate: ${unknown.join(', ')}`);
const wanted = (named.length > 0 ? named : every).filter(
  (file) => !process.argv.includes('--missing') || !existsSync(resultsOf(file)),
);

mkdirSync(BY_FILE, { recursive: true });
for (const [i, file] of wanted.entries()) {
  console.log(`\n[${i + 1}/${wanted.length}] ${file}`);
  // Stryker writes its incremental file even when stopped (SIGTERM) midway: it runs on a copy, kept
  // only when the run ends well, so that a stopped run neither counts as run nor spoils the last results.
  const running = resultsOf(file).replace(/\.json$/, '.running.json');
  if (existsSync(resultsOf(file))) copyFileSync(resultsOf(file), running);
  else rmSync(running, { force: true });
  const args = ['stryker', 'run', '--mutate', file, '--incremental', '--incrementalFile', running];
  if (concurrency) args.push('--concurrency', concurrency);
  const run = spawnSync('npx', args, { stdio: 'inherit' });
  if (run.status === 0 && existsSync(running)) renameSync(running, resultsOf(file));
  else {
    rmSync(running, { force: true });
    console.log(`Stryker failed on ${file} (exit ${run.status ?? run.signal}); its results are not kept`);
  }
}

// Every file's results together: the last run of each file is its truth, with the source it mutated.
const mutants = new Map<string, Mutant[]>();
const sources = new Map<string, string>();
for (const file of every) {
  if (!existsSync(resultsOf(file))) continue;
  const report = JSON.parse(readFileSync(resultsOf(file), 'utf8')) as Report;
  mutants.set(file, report.files[file]?.mutants ?? []);
  sources.set(file, report.files[file]?.source ?? '');
}

const DETECTED = ['Killed', 'Timeout'];
const UNDETECTED = ['Survived', 'NoCoverage'];
const tally = (list: Mutant[]) => {
  const detected = list.filter((m) => DETECTED.includes(m.status)).length;
  const undetected = list.filter((m) => UNDETECTED.includes(m.status)).length;
  const valid = detected + undetected;
  return { detected, undetected, valid, score: valid === 0 ? 100 : (100 * detected) / valid };
};
const percent = (score: number) => `${score.toFixed(2)} %`;

console.log('\n| file | score | detected | survived or not covered |');
console.log('| --- | --- | --- | --- |');
for (const [file, list] of mutants) {
  const t = tally(list);
  console.log(`| ${file} | ${percent(t.score)} | ${t.detected} | ${t.undetected} |`);
}
const misses: string[] = [];
console.log('');
for (const folder of FOLDERS) {
  const files = every.filter((file) => file.startsWith(`${folder}/`));
  const missing = files.filter((file) => !mutants.has(file));
  const t = tally(files.flatMap((file) => mutants.get(file) ?? []));
  const partial = missing.length > 0 ? `, ${missing.length} of ${files.length} files not run yet` : '';
  console.log(`${folder}: ${percent(t.score)} (${t.detected} of ${t.valid} mutants detected${partial})`);
  if (t.score < TARGET) misses.push(`${folder} at ${percent(t.score)}, under ${TARGET} %`);
  if (missing.length > 0) misses.push(`${folder}: no results yet for ${missing.join(', ')}`);
}

const survivors = [...mutants].flatMap(([file, list]) => {
  // The line as it was mutated: the file may have changed since its run.
  const source = sources.get(file)!.split('\n');
  return list
    .filter((m) => UNDETECTED.includes(m.status))
    .map((m) => {
      const { line, column } = m.location.start;
      const code = source[line - 1]?.trim() ?? '';
      return `- \`${file}:${line}:${column}\` ${m.mutatorName} (${m.status}) → \`${m.replacement ?? ''}\` in \`${code}\``;
    });
});
writeFileSync('reports/mutation/survivors.md', `# Surviving mutants\n\n${survivors.join('\n')}\n`);
console.log(`${survivors.length} surviving mutants listed in reports/mutation/survivors.md`);

if (misses.length > 0) {
  console.log(`\nUNDER TARGET:\n${misses.map((miss) => `- ${miss}`).join('\n')}`);
  process.exit(1);
}
