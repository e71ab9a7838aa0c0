// The local stand-in for SES v2: aws-ses-v2-local, run in this process, bound to 127.0.0.1. It keeps every
// email it accepts and serves them as JSON at /store and as a web mailbox at /. Tests, the local stack and
// the acceptance tests read codes and links back from here.
import type { AddressInfo } from 'node:net';
import sesLocalModule from 'aws-ses-v2-local';
import * as z from 'zod';

// Node's ESM loader hands over module.exports of this CommonJS package, so the server factory sits at
// `.default`; bundlers that honour `__esModule` hand over the factory itself. Accept both.
const startServer: typeof sesLocalModule =
  (sesLocalModule as unknown as { default?: typeof sesLocalModule }).default ?? sesLocalModule;

export interface SesLocal {
  /** The SES v2 endpoint for the SDK client (SES_ENDPOINT). */
  endpoint: string;
  /** GET: every email sent, as JSON (see MailboxStore). */
  storeUrl: string;
  /** The web mailbox, for people. */
  mailboxUrl: string;
  /** Closes the server and its open connections; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts the local SES. Without a port the system picks a free one, so parallel runs never collide.
 * The store lives in this process: two instances in one process see the same emails, so readers
 * select by recipient (tests use unique addresses).
 */
export async function startSesLocal(options: { port?: number } = {}): Promise<SesLocal> {
  const port = options.port ?? 0;
  const server = await startServer({ host: '127.0.0.1', port });
  // Express hands a failed listen (EADDRINUSE) to the same callback as success: check that it listens.
  if (!server.listening) {
    server.close();
    throw new Error(`The local SES could not listen on 127.0.0.1:${port}; is the port in use?`);
  }
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    storeUrl: `${endpoint}/store`,
    mailboxUrl: `${endpoint}/`,
    stop() {
      stopped ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // SDK clients keep connections alive; close() alone would wait for them to idle out.
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

const storedEmailSchema = z.looseObject({
  messageId: z.string(),
  from: z.string(),
  replyTo: z.array(z.string()),
  destination: z.object({ to: z.array(z.string()), cc: z.array(z.string()), bcc: z.array(z.string()) }),
  subject: z.string(),
  body: z.object({ text: z.string().optional(), html: z.string().optional() }),
  /** Seconds since the epoch. */
  at: z.number(),
});

const mailboxStoreSchema = z.looseObject({
  emails: z.array(storedEmailSchema),
  templates: z.record(z.string(), z.unknown()),
});

export type StoredEmail = z.infer<typeof storedEmailSchema>;
export type MailboxStore = z.infer<typeof mailboxStoreSchema>;

/** Every email the local SES holds, oldest first. Fails loudly if the store's shape ever changes. */
export async function readMailbox(endpoint: string): Promise<MailboxStore> {
  const response = await fetch(`${endpoint}/store`);
  if (!response.ok) throw new Error(`GET ${endpoint}/store answered ${response.status}`);
  return mailboxStoreSchema.parse(await response.json());
}

/** The emails addressed to `address` (To, Cc or Bcc), oldest first. Addresses compare case-insensitively. */
export function emailsTo(store: MailboxStore, address: string): StoredEmail[] {
  const wanted = address.toLowerCase();
  return store.emails.filter(({ destination: { to, cc, bcc } }) =>
    [...to, ...cc, ...bcc].some((a) => a.toLowerCase() === wanted),
  );
}

/** Polls the store until an email matches: the workflow sends its emails after the API has answered. */
export async function waitForEmail(
  endpoint: string,
  matches: (email: StoredEmail) => boolean,
  { timeoutMs = 10_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<StoredEmail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await readMailbox(endpoint)).emails.find(matches);
    if (found) return found;
    if (Date.now() >= deadline) throw new Error(`No matching email at ${endpoint} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface ConfirmLink {
  link: string;
  requestId: string;
  code: string;
}

/** Every confirm link of a code email (`<base>/confirm/<id>?token=<code>`), with its request id and code. */
export function confirmLinksIn(email: StoredEmail): ConfirmLink[] {
  const links = (email.body.text ?? '').matchAll(
    /(https?:\/\/\S+?\/confirm\/([^/?\s]+)\?token=([^\s&"'<>]+))/g,
  );
  return [...links].map(([, link = '', id = '', code = '']) => ({
    link,
    requestId: decodeURIComponent(id),
    code: decodeURIComponent(code),
  }));
}

/** The confirm link of a code email for request `requestId` (one email may carry several), or its first. */
export function confirmLinkIn(email: StoredEmail, requestId?: string): ConfirmLink | undefined {
  return confirmLinksIn(email).find((link) => requestId === undefined || link.requestId === requestId);
}
