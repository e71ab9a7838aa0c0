// The local stack for workflow and acceptance tests: free ports, no demo fixtures, and helpers to
// seed uniquely named accounts and services and to read the mailbox.
import { randomBytes, randomUUID } from 'node:crypto';
import { createDynamoClients } from '../../shared/adapters/dynamo/client';
import { loadFixtures, parseFixtures } from '../../shared/adapters/fixtures';
import type { Language, Role, ServiceType, Zone } from '../../shared/domain/model';
import { confirmLinkIn, readMailbox, waitForEmail, type StoredEmail } from '../../infra/local/ses-local';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../infra/local/stack';
import { dropTable, sharedDynamoDb } from './servers';

export interface TestStack extends LocalStack {
  /** The clock of every use case and handler of this stack: move it instead of waiting for a window. */
  clock: TestClock;
  /** Accounts named by letter pairs, made unique per call: `world.nic('aa')` → `aa1234567-ovh`. */
  seed(world: WorldSpec): Promise<World>;
  /** The newest email to `address` whose subject or text matches, waiting for it to arrive. */
  email(address: string, matches?: (email: StoredEmail) => boolean): Promise<StoredEmail>;
  emailsTo(address: string): Promise<StoredEmail[]>;
  /** The code of the newest code email to `address` for request `id`. */
  code(address: string, id: string): Promise<string>;
  /** The code of the newest email to `address` that confirms it as an account's new address. */
  emailChangeCode(address: string): Promise<string>;
  /** The stop link of the newest email to `address` (the old one) telling that its address change started. */
  emailChangeStopLink(address: string): Promise<{ nic: string; token: string }>;
}

/**
 * The machine's time plus an offset that tests move. Time still passes (so requests made one after
 * another keep their order), but a validity window or a rate-limit window is passed by moving the
 * clock, never by sleeping. DynamoDB Local and the JWTs keep the machine's time.
 */
export interface TestClock {
  now(): Date;
  /** Moves the clock forward (or back, with a negative amount). */
  advance(ms: number): void;
  /** Moves the clock so that it reads `at` now. */
  set(at: Date | string): void;
}

export function testClock(): TestClock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance(ms) {
      offset += ms;
    },
    set(at) {
      offset = new Date(at).getTime() - Date.now();
    },
  };
}

export interface WorldSpec {
  accounts: Record<
    string,
    { language?: Language; unpaidInvoices?: number; paymentMethod?: boolean; zone?: Zone; timeZone?: string }
  >;
  /** `name`: the service's display name; its id by default. */
  services: Record<string, { type?: ServiceType; name?: string; contacts: Record<Role, string> }>;
}

export interface World {
  nic(name: string): string;
  email(name: string): string;
  serviceId(name: string): string;
  /**
   * Loads the world's fixtures again with these services, as an operator's `npm run fixtures` would:
   * contacts change without a request (the accounts are loaded again as seeded).
   */
  reload(services: WorldSpec['services']): Promise<void>;
}

/**
 * Far above DESIGN.md's: most tests act many times as one account. The rate-limit tests set their own,
 * and test/unit checks DESIGN.md's defaults.
 */
export const GENEROUS_LIMITS = {
  resendsPerHour: 1000,
  requestsPerHour: 1000,
  emailChangesPerDay: 1000,
  // Every test's page answers come from 127.0.0.1.
  unownedCodesPerRequestPerHour: 1000,
  unownedCodesPerSourcePerHour: 100_000,
  addressRefusalsPerHour: 1000,
};

/**
 * The local stack in a table of its own (uniquely named) on the run's DynamoDB Local, with a mailbox
 * of its own. A stack that keeps its data (`dataDir`) or asks for a port starts its own DynamoDB Local.
 */
export async function startTestStack(options: LocalStackOptions = {}): Promise<TestStack> {
  const clock = testClock();
  const ownDynamo = options.dataDir !== undefined || options.dynamodbPort !== undefined;
  const shared = ownDynamo ? undefined : (options.dynamodbEndpoint ?? sharedDynamoDb());
  const stack = await startLocalStack({
    fixtures: null,
    sweepIntervalSeconds: 0,
    now: clock.now,
    ...(shared && { dynamodbEndpoint: shared, tableName: `test-${randomUUID()}` }),
    ...options,
    limits: { ...GENEROUS_LIMITS, ...options.limits },
  });
  const { doc } = createDynamoClients({ region: 'eu-west-1', endpoint: stack.dynamodbEndpoint });
  const emailsTo = async (address: string) =>
    (await readMailbox(stack.sesEndpoint)).emails.filter((e) => e.destination.to.includes(address));

  return {
    ...stack,
    clock,
    async seed(spec) {
      const run = String(randomBytes(3).readUIntBE(0, 3));
      const nic = (name: string) => `${name}${run}-ovh`;
      const email = (name: string) => `${name}.${run}@example.com`;
      const serviceId = (name: string) => `${name}-${run}.example`;
      const load = (services: WorldSpec['services']) =>
        loadFixtures(
          doc,
          stack.tableName,
          parseFixtures({
            accounts: Object.entries(spec.accounts).map(([name, a]) => ({
              nic: nic(name),
              email: email(name),
              name: `Account ${name.toUpperCase()}`,
              language: a.language ?? 'en',
              unpaidInvoices: a.unpaidInvoices ?? 0,
              ...(a.zone && { zone: a.zone }),
              ...(a.timeZone && { timeZone: a.timeZone }),
              ...(a.paymentMethod !== undefined && { paymentMethod: a.paymentMethod }),
            })),
            services: Object.entries(services).map(([name, s]) => ({
              serviceId: serviceId(name),
              name: s.name ?? serviceId(name),
              type: s.type ?? 'domain',
              contacts: {
                admin: nic(s.contacts.admin),
                tech: nic(s.contacts.tech),
                billing: nic(s.contacts.billing),
              },
            })),
          }),
        );
      await load(spec.services);
      return {
        nic,
        email,
        serviceId,
        async reload(services) {
          await load(services);
        },
      };
    },
    emailsTo,
    async email(address, matches = () => true) {
      return waitForEmail(stack.sesEndpoint, (e) => e.destination.to.includes(address) && matches(e));
    },
    async code(address, id) {
      const isCodeFor = (e: StoredEmail) => confirmLinkIn(e, id) !== undefined;
      await waitForEmail(stack.sesEndpoint, (e) => e.destination.to.includes(address) && isCodeFor(e));
      const latest = (await emailsTo(address)).filter(isCodeFor).at(-1)!;
      return confirmLinkIn(latest, id)!.code;
    },
    async emailChangeCode(address) {
      const link = (e: StoredEmail) =>
        /\/panel\/profile\?emailCode=([^\s&"'<>]+)/.exec(e.body.text ?? '')?.[1];
      await waitForEmail(
        stack.sesEndpoint,
        (e) => e.destination.to.includes(address) && link(e) !== undefined,
      );
      const latest = (await emailsTo(address)).filter((e) => link(e) !== undefined).at(-1)!;
      return decodeURIComponent(link(latest)!);
    },
    async emailChangeStopLink(address) {
      const link = (e: StoredEmail) =>
        /\/email-change\/cancel\?nic=([^\s&"'<>]+)&token=([^\s&"'<>]+)/.exec(e.body.text ?? '');
      await waitForEmail(stack.sesEndpoint, (e) => e.destination.to.includes(address) && link(e) !== null);
      const [, nic, token] = link((await emailsTo(address)).filter((e) => link(e) !== null).at(-1)!)!;
      return { nic: decodeURIComponent(nic!), token: decodeURIComponent(token!) };
    },
    async stop() {
      doc.destroy();
      await stack.stop();
      // Only the table this stack made: a table named by the caller may be another's.
      if (shared && options.tableName === undefined) await dropTable(shared, stack.tableName);
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('Condition not met in time');
    await sleep(50);
  }
}
