// The load bench's client (bench/load.ts): autocannon in a node process of its own, as the callers of
// an API are on other machines. In the bench's process, its HTTP parsing and bookkeeping would share
// one event loop and one core with the handler it drives, and be counted against the handler.
// Takes its options as one JSON argument and prints autocannon's result as one JSON line.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const SELF = fileURLToPath(import.meta.url);

export interface LoadClientOptions {
  url: string;
  headers: Record<string, string>;
  connections: number;
  duration: number;
}

/**
 * Runs autocannon with these options in a child process and returns its result; in this process with
 * BENCH_LOAD_CLIENT=in-process, as before issue 23 part 2, to compare the two.
 */
export async function runLoadClient(options: LoadClientOptions): Promise<autocannon.Result> {
  if (process.env.BENCH_LOAD_CLIENT === 'in-process') return autocannon(options);
  const child = spawn(process.execPath, ['--import', 'tsx', SELF, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`The load client ended with exit ${String(code)}`);
  return JSON.parse(out) as autocannon.Result;
}

if (process.argv[1] === SELF) {
  const options = JSON.parse(process.argv[2]!) as LoadClientOptions;
  const result = await autocannon(options);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
