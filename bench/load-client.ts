// The load bench's client (bench/load.ts): a closed loop of HTTP/1.1 keep-alive requests, one per
// connection at a time, in a node process of its own, as the callers of an API are on other machines.
// In the bench's process, its parsing and bookkeeping would share one event loop and one core with the
// handler it drives, and be counted against the handler.
// Our own rather than autocannon: on these 2 cores the client's CPU is taken from the server it drives
// and from DynamoDB Local. autocannon's HTTP parser, histograms and per-request objects cost 88–246 µs
// of CPU a request here; this loop, which sends the same prepared bytes and reads only the status line
// and content-length, 59–89 (docs/performance.md, "Load on this machine").
// One child serves every block of a run (options in, the run's figures out, over IPC): starting a node
// with tsx per block would cost a second of wall time each, and the blocks are a few seconds.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);

export interface LoadClientOptions {
  /** An http:// URL; every request is a GET of it. */
  url: string;
  headers: Record<string, string>;
  connections: number;
  /** Seconds: no request starts after them; those in flight are waited for and counted. */
  duration: number;
}

export interface LoadRun {
  /** Answers read whole, 2xx or not. */
  requests: number;
  /** From the first connection to the last answer. */
  seconds: number;
  /** Answers whose status is not 2xx. */
  non2xx: number;
  /** Connections that failed or closed with a request unanswered (each is opened again). */
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

export interface LoadClient {
  /** The child's process id (this process's with BENCH_LOAD_CLIENT=in-process). */
  pid: number;
  run(options: LoadClientOptions): Promise<LoadRun>;
  close(): Promise<void>;
}

const HEAD_END = Buffer.from('\r\n\r\n');

/** The bytes of one request, made once: every request of a run is the same. */
function requestBytes(url: URL, headers: Record<string, string>): Buffer {
  const lines = [`GET ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/**
 * The length of the answer at the start of `buffer` (head and body) and its status, or undefined
 * while it is incomplete. A body is framed by content-length; an answer without one has none (204,
 * 304: the local server sends content-length on every other). A chunked answer is unreadable here.
 */
function frame(
  buffer: Buffer,
): { length: number; status: number; closes: boolean } | 'unreadable' | undefined {
  const headEnd = buffer.indexOf(HEAD_END);
  if (headEnd < 0) return undefined;
  const head = buffer.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  if (/\r\ntransfer-encoding:/i.test(head)) return 'unreadable';
  const contentLength = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  const length = headEnd + HEAD_END.length + (contentLength ? Number(contentLength[1]) : 0);
  const closes = /\r\nconnection:\s*close/i.test(head);
  return buffer.length < length ? undefined : { length, status, closes };
}

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** `connections` loops each sending the request, reading its answer, and sending again until `duration`. */
export async function runLoad({ url, headers, connections, duration }: LoadClientOptions): Promise<LoadRun> {
  const target = new URL(url);
  if (target.protocol !== 'http:') throw new Error(`The load client speaks http only, not ${url}`);
  const request = requestBytes(target, headers);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + duration * 1000;

  const loop = () =>
    new Promise<void>((resolve) => {
      let socket: Socket;
      let pending: Buffer | undefined;
      let sentAt = 0;
      let waiting = false;
      let finished = false;
      const finish = () => {
        finished = true;
        socket.end();
        resolve();
      };
      const send = () => {
        if (performance.now() >= deadline) return finish();
        waiting = true;
        sentAt = performance.now();
        socket.write(request);
      };
      const open = () => {
        pending = undefined;
        waiting = false;
        socket = connect(Number(target.port || 80), target.hostname);
        socket.setNoDelay(true);
        socket.on('connect', send);
        socket.on('data', (chunk: Buffer) => {
          pending = pending ? Buffer.concat([pending, chunk]) : chunk;
          const answer = frame(pending);
          if (!answer) return;
          // Counted as an error when the connection closes with its request unanswered.
          if (answer === 'unreadable') return socket.destroy();
          latencies.push(performance.now() - sentAt);
          if (answer.status < 200 || answer.status > 299) non2xx++;
          // One request at a time: nothing follows the answer but the next one's.
          pending = undefined;
          waiting = false;
          // The server closes this connection: the next request goes on a new one, once it has.
          if (answer.closes) return socket.end();
          send();
        });
        socket.on('error', () => {});
        socket.on('close', (hadError) => {
          if (finished) return;
          // Closed with a request unanswered, or never connected: counted, and the loop goes on.
          if (waiting || hadError) errors++;
          if (performance.now() >= deadline) {
            finished = true;
            resolve();
          } else open();
        });
      };
      open();
    });

  await Promise.all(Array.from({ length: connections }, loop));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    requests: latencies.length,
    seconds,
    non2xx,
    errors,
    p50Ms: round(quantile(latencies, 0.5)),
    p99Ms: round(quantile(latencies, 0.99)),
  };
}

/**
 * A child process running the loop with the options of each `run`, one at a time; in this process
 * with BENCH_LOAD_CLIENT=in-process, to compare.
 */
export async function startLoadClient(): Promise<LoadClient> {
  if (process.env.BENCH_LOAD_CLIENT === 'in-process')
    return { pid: process.pid, run: runLoad, close: async () => {} };
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
): Promise<LoadRun> {
  return new Promise((resolve, reject) => {
    child.once('message', (answer: { run?: LoadRun; error?: string }) =>
      answer.run ? resolve(answer.run) : reject(new Error(`The load client failed: ${answer.error}`)),
    );
    void exited.then((code) => reject(new Error(`The load client ended with exit ${String(code)}`)));
    child.send(options);
  });
}

/** One run in a child of its own (bench/profile-load.ts). */
export async function runLoadClient(options: LoadClientOptions): Promise<LoadRun> {
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
    runLoad(options).then(
      (run) => send({ run }),
      (error: unknown) => send({ error: String(error) }),
    );
  });
  send('ready');
}
