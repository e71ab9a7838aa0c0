// `npm start`: the whole system on this machine, with the ports and settings of API.md's
// "Local mode only" table, until Ctrl-C.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import * as z from 'zod';
import { startLocalStack } from './stack';
import { ensurePanelBuilt } from './build-panel';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const settingsSchema = z.object({
  PORT: port(3000),
  MAILBOX_PORT: port(8005),
  DYNAMODB_PORT: port(8000),
  CHANGE_REQUEST_TTL_SECONDS: seconds(1_209_600),
  SWEEP_INTERVAL_SECONDS: seconds(60),
  REMINDER_BEFORE_EXPIRY_SECONDS: seconds(172_800),
  FIXTURES: z.string().default(resolve(import.meta.dirname, '../../fixtures/demo.json')),
  DATA_DIR: z.string().optional(),
  PROVIDER_NAME: z.string().trim().min(1).optional(),
  /** A regular expression: emails to matching addresses bounce (infra/local/bounces.ts). */
  BOUNCE_ADDRESSES: z
    .string()
    .transform((pattern, ctx) => {
      try {
        return new RegExp(pattern, 'i');
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not a regular expression' });
        return z.NEVER;
      }
    })
    .optional(),
});

function fail(sentence: string): never {
  console.error(`\n${sentence}\n`);
  process.exit(1);
}

/**
 * Whether something already listens on `port` on any interface: that stops our servers binding
 * 127.0.0.1, and stops DynamoDB Local too where it cannot be isolated and listens on every interface.
 */
const portTaken = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(true))
      .listen(port, '0.0.0.0', () => probe.close(() => resolve(false)));
  });

async function main() {
  const parsed = settingsSchema.safeParse(process.env);
  if (!parsed.success) {
    fail(`Bad setting: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const settings = parsed.data;
  if (spawnSync('java', ['-version']).error) {
    fail(
      'DynamoDB Local needs Java 17 or newer, and `java` was not found: install it (on Debian: apt-get install default-jre-headless) and run npm start again.',
    );
  }

  for (const name of ['PORT', 'MAILBOX_PORT', 'DYNAMODB_PORT'] as const) {
    if (await portTaken(settings[name])) {
      fail(
        `Port ${settings[name]} is already in use: stop what uses it, or start on another port with ${name}=<port> npm start.`,
      );
    }
  }

  console.log('Starting service contacts on this machine…');
  await ensurePanelBuilt((line) => console.log(`  ${line}`));
  const stack = await startLocalStack({
    port: settings.PORT,
    mailboxPort: settings.MAILBOX_PORT,
    dynamodbPort: settings.DYNAMODB_PORT,
    ttlSeconds: settings.CHANGE_REQUEST_TTL_SECONDS,
    reminderBeforeSeconds: settings.REMINDER_BEFORE_EXPIRY_SECONDS,
    sweepIntervalSeconds: settings.SWEEP_INTERVAL_SECONDS,
    fixtures: settings.FIXTURES,
    dataDir: settings.DATA_DIR,
    providerName: settings.PROVIDER_NAME,
    bounceAddresses: settings.BOUNCE_ADDRESSES,
    log: (line) => console.log(`  ${line}`),
  }).catch((error: unknown) => {
    const text = String((error as Error)?.message ?? error);
    // Taken between the check above and the start: the same advice.
    const busy = /EADDRINUSE|address already in use|could not listen/i.exec(text);
    if (busy) {
      fail(
        `A port is already in use (${text}). Stop what uses it, or choose others: PORT, MAILBOX_PORT and DYNAMODB_PORT.`,
      );
    }
    throw error;
  });

  const demo = 'aa123456-ovh';
  console.log(`
Service contacts is running.

  Control panel           ${stack.apiUrl}/panel/   (sign in as any demo account)
  API and confirm pages   ${stack.apiUrl}   (OpenAPI: ${stack.apiUrl}/openapi.json)
  Mailbox (sent emails)   ${stack.mailboxUrl}   (JSON: ${stack.mailboxStoreUrl})
  DynamoDB Local          ${stack.dynamodbEndpoint}   table ${stack.tableName}${settings.DATA_DIR ? ` (data in ${settings.DATA_DIR})` : ' (in memory)'}
  ${stack.loaded ? `Loaded ${stack.loaded.accounts} accounts and ${stack.loaded.services} services from ${settings.FIXTURES}` : 'Kept the data of the last run'}${stack.resumed ? `; resumed ${stack.resumed} open requests` : ''}
  Demo handles            aa123456-ovh (Finnish), bb4321-ovh (English), cc999-ovh, dd2024-ovh (unpaid invoices)

Try it:
  TOKEN=$(curl -s -X POST ${stack.apiUrl}/_local/token -H 'content-type: application/json' -d '{"nic":"${demo}"}' | sed 's/.*"token":"\\([^"]*\\)".*/\\1/')
  curl -s ${stack.apiUrl}/me/services -H "authorization: Bearer $TOKEN"

Press Ctrl-C to stop everything.`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
