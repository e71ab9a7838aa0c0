// The load bench's client (bench/load.ts): autocannon in a node process of its own, as the callers of
// an API are on other machines. In the bench's process, its HTTP parsing and bookkeeping would share
// one event loop and one core with the handler it drives, and be counted against the handler.
// One child serves every block of a run (options in, autocannon's result out, over IPC): starting a
// node with tsx per block would cost a second of wall time each, and the blocks are a few seconds.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const SELF = fileURLToPath(import.meta.url);

export interface LoadClientOptions {
  url: string;
  headers: Record<string, string>;
  connections: number;
  duration: number;
}

export interface LoadClient {
  /** The child's process id (this process's with BENCH_LOAD_CLIENT=in-process). */
  pid: number;
  run(options: LoadClientOptions): Promise<autocannon.Result>;
  close(): Promise<void>;
}

/**
 * A child process running autocannon with the options of each `run`, one at a time; in this process
 * with BENCH_LOAD_CLIENT=in-process, as before issue 23 part 2, to compare the two.
 */
export async function startLoadClient(): Promise<LoadClient> {
  if (process.env.BENCH_LOAD_CLIENT === 'in-process')
    return { pid: process.pid, run: (options) => autocannon(options), close: async () => {} };
  const child = spawn(process.execPath, ['--import', 'tsx', SELF], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    void exited.then((code) => reject(new Error(`The load client ended with exit ${String(code)}`)));
  });
  return {
    pid: child.pid!,
    run: (options) => ask(child, exited, options),
    async close() {
      child.disconnect();
      await exited;
    },
  };
}

function ask(
  child: ChildProcess,
  exited: Promise<number | null>,
  options: LoadClientOptions,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    child.once('message', (result) => resolve(result as autocannon.Result));
    void exited.then((code) => reject(new Error(`The load client ended with exit ${String(code)}`)));
    child.send(options);
  });
}

/** One run in a child of its own (bench/profile-load.ts). */
export async function runLoadClient(options: LoadClientOptions): Promise<autocannon.Result> {
  const client = await startLoadClient();
  try {
    return await client.run(options);
  } finally {
    await client.close();
  }
}

if (process.argv[1] === SELF && process.send) {
  const send = process.send.bind(process);
  process.on('message', (options: LoadClientOptions) => {
    void autocannon(options).then((result) => send(result));
  });
  // Ready: the parent times nothing until autocannon is loaded.
  send('ready');
}
