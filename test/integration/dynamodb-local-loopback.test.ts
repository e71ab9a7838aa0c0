// DynamoDB Local has no bind option and listens on every interface. Where the machine allows it,
// it runs in a network namespace of its own and this machine reaches it on 127.0.0.1 only; the
// fallback (no namespace to be had) listens on every interface and says so in one line.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  namespaceUnavailable,
  startDynamoDbLocal,
  type DynamoDbLocal,
} from '../../infra/local/dynamodb-local';
import { createDynamoClients } from '../../shared/adapters/dynamo/client';
import { createTable } from '../../shared/adapters/dynamo/table';
import { eventually } from '../support/stack';

/** This machine's first non-loopback IPv4 address, if it has one. */
const external = Object.values(networkInterfaces())
  .flat()
  .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

/** 'connected', or why not: an error code, or 'timeout'. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (outcome: string) => {
      socket.destroy();
      resolve(outcome);
    };
    socket.setTimeout(3000, () => done('timeout'));
    socket.once('connect', () => done('connected'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? String(error)));
  });
}

/** The unshare, helper and Java processes below `pid`, found with ps. */
function dynamoProcessesUnder(pid: number): number[] {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map(([, p, pp, stat, args]) => ({
      pid: Number(p),
      ppid: Number(pp),
      zombie: stat!.startsWith('Z'),
      args,
    }));
  const found: typeof rows = [];
  for (let parents = [pid]; parents.length;) {
    const children = rows.filter((row) => parents.includes(row.ppid));
    found.push(...children);
    parents = children.map((row) => row.pid);
  }
  return found
    .filter((row) => !row.zombie && /unshare|dynamodb-local-namespace|DynamoDBLocal/.test(row.args!))
    .map((row) => row.pid);
}

/** Those of `pids` still running (zombies, already ended, do not count). */
const alive = (pids: number[]) =>
  pids.filter((pid) => {
    const ps = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' });
    return ps.status === 0 && !ps.stdout.trim().startsWith('Z');
  });

async function answers(endpoint: string) {
  const { client, doc } = createDynamoClients({ region: 'eu-west-1', endpoint });
  try {
    await createTable(client, 'loopback');
    await doc.send(
      new PutCommand({ TableName: 'loopback', Item: { pk: 'a', sk: 'b', value: 'x'.repeat(100_000) } }),
    );
    const read = await doc.send(new GetCommand({ TableName: 'loopback', Key: { pk: 'a', sk: 'b' } }));
    return (read.Item?.value as string | undefined)?.length;
  } finally {
    client.destroy();
  }
}

describe('DynamoDB Local in a network namespace of its own', () => {
  let local: DynamoDbLocal;
  beforeAll(async () => {
    local = await startDynamoDbLocal();
  });
  afterAll(() => local?.stop());

  it('answers on 127.0.0.1 and localhost, large items included', async () => {
    expect(local.loopbackOnly, `no namespace here: ${namespaceUnavailable()}`).toBe(true);
    expect(local.endpoint).toBe(`http://127.0.0.1:${local.port}`);
    expect(await answers(local.endpoint)).toBe(100_000);
    const { client } = createDynamoClients({
      region: 'eu-west-1',
      endpoint: `http://localhost:${local.port}`,
    });
    expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual(['loopback']);
    client.destroy();
  });

  it.skipIf(!external)(
    `is not reachable on this machine's non-loopback address ${external ?? '(skipped: this machine has no non-loopback IPv4 address)'}`,
    async () => {
      expect(await tryConnect('127.0.0.1', local.port)).toBe('connected');
      expect(await tryConnect(external!, local.port)).not.toBe('connected');
    },
  );

  it('stop() leaves no process behind and frees the port', async () => {
    const processes = dynamoProcessesUnder(process.pid);
    expect(processes.length).toBeGreaterThanOrEqual(3); // unshare, the helper, Java
    await local.stop();
    expect(alive(processes)).toEqual([]);
    expect(await tryConnect('127.0.0.1', local.port)).not.toBe('connected');
  });

  it('goes away with the process that started it, even when that process is killed', async () => {
    const owner = spawn(process.execPath, ['--import', 'tsx', 'test/support/dynamodb-local-owner.ts'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let out = '';
      const port = await new Promise<number>((resolve, reject) => {
        owner.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /port (\d+)/.exec(out);
          if (match) resolve(Number(match[1]));
        });
        owner.once('exit', (code) => reject(new Error(`owner exited (${code}): ${out}`)));
      });
      const processes = dynamoProcessesUnder(owner.pid!);
      expect(processes.length).toBeGreaterThanOrEqual(3);
      owner.kill('SIGKILL');
      await eventually(async () => (alive(processes).length === 0 ? true : undefined));
      expect(await tryConnect('127.0.0.1', port)).not.toBe('connected');
    } finally {
      owner.kill('SIGKILL');
    }
  }, 120_000);
});

describe('where no namespace can be had', () => {
  it('listens on every interface as before, answers on 127.0.0.1, and says so in one warning line', async () => {
    const lines: string[] = [];
    const started = await startDynamoDbLocal({
      cannotIsolate: () => 'user namespaces are disabled (a test says so)',
      warn: (line) => lines.push(line),
    });
    try {
      expect(started.loopbackOnly).toBe(false);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/every interface.*port \d+.*user namespaces are disabled \(a test says so\)/);
      expect(lines[0]).not.toContain('\n');
      expect(await answers(started.endpoint)).toBe(100_000);
      // The check above that the namespace hides the port would see it here.
      if (external) expect(await tryConnect(external, started.port)).toBe('connected');
    } finally {
      await started.stop();
    }
  });
});
