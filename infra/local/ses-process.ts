// The local SES (ses-local.ts) in a node process of its own, for the bench: in AWS, SES answers from
// another machine, and only the SDK client's work (building, signing, sending the request, reading
// the answer) is the Lambda's. Run in the bench's own process, the server's express and its store
// would be timed as part of every use case that emails. Run as a script, this file is the child.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startSesLocal, type SesLocal } from './ses-local';

const SELF = fileURLToPath(import.meta.url);
const READY_TIMEOUT_MS = 30_000;

/** Starts the local SES in a child process (a free port on 127.0.0.1); `stop()` ends the child. */
export async function startSesLocalProcess(): Promise<SesLocal> {
  // stdin stays open as a pipe: when this process ends, however it ends, the child reads its end.
  const child = spawn(process.execPath, ['--import', 'tsx', SELF], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('The local SES process did not start')),
      READY_TIMEOUT_MS,
    );
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { endpoint: string }).endpoint);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The local SES process ended before it listened (exit ${String(code)})`));
    });
  }).catch(async (error: unknown) => {
    child.kill();
    await exited;
    throw error;
  });
  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    storeUrl: `${endpoint}/store`,
    mailboxUrl: `${endpoint}/`,
    stop() {
      stopped ??= (async () => {
        child.stdin!.end();
        await exited;
      })();
      return stopped;
    },
  };
}

async function serve(): Promise<void> {
  const ses = await startSesLocal();
  process.stdout.write(`${JSON.stringify({ endpoint: ses.endpoint })}\n`);
  process.stdin.resume();
  process.stdin.once('end', () => void ses.stop().then(() => process.exit(0)));
}

if (process.argv[1] === SELF) await serve();
