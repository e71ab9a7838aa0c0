// In-memory implementations of the ports, for use-case tests that run in milliseconds. The store
// keeps the same promises as the DynamoDB one (guards, conditional commits, parties' lists, history)
// and any call can be made to fail once, or to lose to a concurrent writer, at the moment a test picks.
import { randomUUID } from 'node:crypto';
import { MAX_WRONG_CODES } from '../../shared/domain/codes';
import { abandonedAt, type BatchDue, type StoredBatch } from '../../shared/domain/batch';
import { concernsOf } from '../../shared/domain/batch-notices';
import { DomainError } from '../../shared/domain/errors';
import { sweepDueAt, sweptLater } from '../../shared/domain/lifecycle';
import type {
  Account,
  ContactChangeRecord,
  Contacts,
  Handle,
  Page,
  Service,
} from '../../shared/domain/model';
import {
  StaleWriteError,
  type ContactStore,
  type EmailMessage,
  type IdempotencyStore,
  type Mailer,
  type Leases,
  type RateLimiter,
  type Workflow,
} from '../../shared/domain/ports';
import { rolesOf } from '../../shared/domain/permissions';
import {
  bucketAt,
  oldestCountedBucket,
  retryAfterSeconds,
  roomInCurrentBucket,
  tooManyRequests,
  type Bucket,
  type RateLimit,
} from '../../shared/domain/rate-limits';
import { partiesOf } from '../../shared/domain/view';
import { renderEmail } from '../../shared/email/render';
import { withChanges, type Expectation, type Transition } from '../../shared/domain/transition';
import type { Deps } from '../../shared/usecases/deps';
import { ALL_EMAILS } from '../../shared/email/kinds/all';

type StoreCall = keyof ContactStore;

/** Runs before a store call; throw to fail it. `commit` gets the transition. */
export type Fault = (call: StoreCall, args: unknown[]) => void | Promise<void>;

const clone = <T>(value: T): T => structuredClone(value);

/** The rate limits of the use-case tests' deps (memoryDeps), for tests of the limits themselves too. */
export const TEST_LIMITS = {
  resendsPerHour: 3,
  requestsPerHour: 30,
  emailChangesPerDay: 3,
  unownedCodesPerRequestPerHour: 20,
  unownedCodesPerSourcePerHour: 60,
  addressRefusalsPerHour: 10,
};

function page<T>(all: T[], limit: number, cursor?: string): Page<T> {
  const start = cursor ? Number(Buffer.from(cursor, 'base64url').toString()) : 0;
  const items = all.slice(start, start + limit);
  const end = start + items.length;
  return end < all.length ? { items, nextCursor: Buffer.from(String(end)).toString('base64url') } : { items };
}

/**
 * A page of an index read by its key, as DynamoDB pages: the cursor is the last key read, so a page
 * after items left the index (a sweep ends what it reads) starts where the last one stopped.
 */
function keyedPage<T>(all: T[], keyOf: (item: T) => string, limit: number, cursor?: string): Page<T> {
  const after = cursor ? Buffer.from(cursor, 'base64url').toString() : undefined;
  const sorted = all
    .map((item) => ({ item, key: keyOf(item) }))
    .sort((a, b) => a.key.localeCompare(b.key))
    .filter(({ key }) => after === undefined || key > after);
  const taken = sorted.slice(0, limit);
  return sorted.length > limit
    ? { items: taken.map((t) => t.item), nextCursor: Buffer.from(taken.at(-1)!.key).toString('base64url') }
    : { items: taken.map((t) => t.item) };
}

function meets(request: ContactChangeRecord, expect: Expectation): boolean {
  const confirmer = (nic: Handle) => request.confirmers.find((c) => c.nic === nic);
  if (request.state !== expect.state) return false;
  for (const [nic, status] of Object.entries(expect.statuses ?? {})) {
    if (confirmer(nic)?.status !== status) return false;
  }
  if (expect.code && (confirmer(expect.code.nic)?.codeHash ?? null) !== expect.code.hash) return false;
  for (const nic of expect.attemptsBelow?.nics ?? []) {
    if ((confirmer(nic)?.attempts ?? Infinity) >= expect.attemptsBelow!.limit) return false;
  }
  if (expect.openAt && !(request.expiresAt > expect.openAt)) return false;
  if (expect.notReminded && confirmer(expect.notReminded)?.remindedAt !== undefined) return false;
  if (expect.notBounced && confirmer(expect.notBounced)?.bouncedAt !== undefined) return false;
  return true;
}

export interface MemoryStore extends ContactStore {
  accounts: Map<Handle, Account>;
  services: Map<string, Service>;
  requests: Map<string, ContactChangeRecord>;
  history: ContactChangeRecord[];
  /** Open request by `serviceId#role`. */
  guards: Map<string, string>;
  batches: Map<string, StoredBatch>;
  /** Every store call, in order, by name. */
  calls: StoreCall[];
  /** Faults run in order before each call; a fault that returns normally lets the call through. */
  faults: Fault[];
}

export function memoryStore(seed: { accounts?: Account[]; services?: Service[] } = {}): MemoryStore {
  const accounts = new Map((seed.accounts ?? []).map((a) => [a.nic, clone(a)]));
  const services = new Map((seed.services ?? []).map((s) => [s.serviceId, clone(s)]));
  const requests = new Map<string, ContactChangeRecord>();
  const history: ContactChangeRecord[] = [];
  const guards = new Map<string, string>();
  const batches = new Map<string, StoredBatch>();
  /** The once-per-batch emails sent, as `<batch>#<notice>` (the DynamoDB batch item's sets). */
  const marks = new Map<string, Set<string>>();
  /** What the DynamoDB batch item keeps of its requests ending and of its outcome emails. */
  const progress = new Map<
    string,
    {
      concerns: Record<Handle, string[]>;
      ended: Set<string>;
      told: Set<Handle>;
      owed: Set<Handle>;
      retryAt?: string;
    }
  >();
  // A request of a batch not published is nobody's to read (the DynamoDB store's `staged` requests).
  const readable = (request: ContactChangeRecord | undefined) =>
    request && (request.batchId === undefined || batches.get(request.batchId)?.published)
      ? request
      : undefined;
  const calls: StoreCall[] = [];
  const faults: Fault[] = [];
  const quotas = memoryLimiter();

  const enter = async (call: StoreCall, ...args: unknown[]) => {
    calls.push(call);
    for (const fault of [...faults]) await fault(call, args);
  };

  const store: MemoryStore = {
    accounts,
    services,
    requests,
    history,
    guards,
    batches,
    calls,
    faults,

    async getAccount(nic) {
      await enter('getAccount', nic);
      return clone(accounts.get(nic));
    },
    async getAccounts(nics) {
      await enter('getAccounts', nics);
      return new Map(nics.flatMap((nic) => (accounts.has(nic) ? [[nic, clone(accounts.get(nic)!)]] : [])));
    },
    // No cache here: the DynamoDB store's is its own, tested in test/integration/names-cache.test.ts.
    async getNames(nics) {
      await enter('getNames', nics);
      return new Map(nics.flatMap((nic) => (accounts.has(nic) ? [[nic, accounts.get(nic)!.name]] : [])));
    },
    async accountsWithEmail(email) {
      await enter('accountsWithEmail', email);
      const wanted = email.trim().toLowerCase();
      return [...accounts.values()].filter((a) => a.email.toLowerCase() === wanted).map((a) => clone(a));
    },
    async startEmailChange(nic, pending) {
      await enter('startEmailChange', nic, pending);
      const account = accounts.get(nic);
      if (!account) throw new DomainError('not_found', `No account ${nic}.`);
      account.pendingEmail = clone(pending);
      return clone(account);
    },
    async countWrongEmailCode(nic, read) {
      await enter('countWrongEmailCode', nic, read);
      const pending = accounts.get(nic)?.pendingEmail;
      if (pending?.codeHash !== read.codeHash || pending.attempts >= MAX_WRONG_CODES) {
        throw new StaleWriteError(`The address change of ${nic} moved`);
      }
      pending.attempts++;
    },
    async confirmEmailChange({ nic }, read) {
      await enter('confirmEmailChange', nic, read);
      const account = accounts.get(nic);
      if (!account || account.pendingEmail?.codeHash !== read.codeHash) {
        throw new StaleWriteError(`The address change of ${nic} moved`);
      }
      delete account.pendingEmail;
      delete account.emailBouncedAt;
      if (read.cancelHash !== undefined) account.endedEmailChange = { cancelHash: read.cancelHash };
      account.email = read.email;
      return clone(accounts.get(nic)!);
    },
    async cancelEmailChange(nic, read) {
      await enter('cancelEmailChange', nic, read);
      const account = accounts.get(nic);
      const pending = account?.pendingEmail;
      if (!account || pending?.codeHash !== read.codeHash || pending.cancelHash !== read.cancelHash) {
        throw new StaleWriteError(`The address change of ${nic} moved`);
      }
      delete account.pendingEmail;
      if (read.cancelHash !== undefined) account.endedEmailChange = { cancelHash: read.cancelHash };
      return clone(account);
    },
    async markEmailBounced(nic, email, at) {
      await enter('markEmailBounced', nic, email, at);
      const account = accounts.get(nic);
      if (account?.email !== email) return false;
      account.emailBouncedAt = at;
      return true;
    },
    async updateAccountLanguage(nic, language) {
      await enter('updateAccountLanguage', nic, language);
      const account = accounts.get(nic);
      if (!account) throw new DomainError('not_found', `No account ${nic}.`);
      account.language = language;
      return clone(account);
    },
    async getService(serviceId) {
      await enter('getService', serviceId);
      return clone(services.get(serviceId));
    },
    async getServices(serviceIds) {
      await enter('getServices', serviceIds);
      return new Map(
        serviceIds.flatMap((id) => (services.has(id) ? [[id, clone(services.get(id)!)] as const] : [])),
      );
    },
    async listServicesOf(nic, { role, limit, cursor }) {
      await enter('listServicesOf', nic);
      const mine = [...services.values()]
        .filter((s) => (role ? s.contacts[role] === nic : rolesOf(s.contacts, nic).length > 0))
        .sort((a, b) => a.serviceId.localeCompare(b.serviceId));
      return clone(page(mine, limit, cursor));
    },

    async createRequests(records, quota) {
      await enter('createRequests', records);
      const taken = records.flatMap((r) => r.roles.filter((role) => guards.has(`${r.serviceId}#${role}`)));
      if (taken.length > 0) {
        throw new DomainError(
          'change_pending',
          `A change of ${taken.join(' and ')} is already waiting for confirmation.`,
          taken.map((role) => ({ path: role, message: 'an open request already exists for this role' })),
        );
      }
      const counted = await quotas.take(quota.limit, quota.at, quota.uses);
      if (!counted.allowed) throw tooManyRequests(quota.limit, counted.retryAfterSeconds);
      for (const r of records) {
        requests.set(r.id, clone(r));
        for (const role of r.roles) guards.set(`${r.serviceId}#${role}`, r.id);
      }
    },
    async readQuota(limit, at) {
      await enter('readQuota', limit, at);
      return quotas.buckets(limit, at);
    },
    async createBatch(batch, records, quota) {
      await enter('createBatch', batch, records);
      if (batches.get(batch.id)?.published) throw new StaleWriteError(`The batch ${batch.id} is published`);
      const pending = records.filter((r) =>
        r.roles.some((role) => ![undefined, r.id].includes(guards.get(`${r.serviceId}#${role}`))),
      );
      if (pending.length > 0) {
        const services = [...new Set(pending.map((r) => r.serviceId))];
        throw new DomainError(
          'batch_refused',
          `A change of ${services.join(', ')} is already waiting for confirmation, so nothing was asked.`,
          services.map((serviceId) => ({
            path: `services[${batch.services.indexOf(serviceId)}]`,
            code: 'change_pending',
            message: `${serviceId}: an open request already exists`,
          })),
        );
      }
      const counted = await quotas.take(quota.limit, quota.at, quota.uses);
      if (!counted.allowed) throw tooManyRequests(quota.limit, counted.retryAfterSeconds);
      batches.set(batch.id, { ...clone(batch), published: false });
      progress.set(batch.id, {
        concerns: concernsOf(records),
        ended: new Set(),
        told: new Set(),
        owed: new Set(),
      });
      for (const r of records) {
        requests.set(r.id, clone(r));
        for (const role of r.roles) guards.set(`${r.serviceId}#${role}`, r.id);
      }
      batches.get(batch.id)!.published = true;
    },
    async getBatch(id) {
      await enter('getBatch', id);
      return clone(batches.get(id));
    },
    async markBatchNotice(batchId, notice, key) {
      await enter('markBatchNotice', batchId, notice, key);
      const marked = marks.get(`${batchId}#${notice}`) ?? new Set<string>();
      if (!batches.get(batchId)?.published || marked.has(key)) return false;
      marks.set(`${batchId}#${notice}`, marked.add(key));
      return true;
    },
    async recordBatchEnding(batchId, requestId) {
      await enter('recordBatchEnding', batchId, requestId);
      const held = progress.get(batchId);
      if (!batches.get(batchId)?.published || !held) return undefined;
      held.ended.add(requestId);
      return clone({ concerns: held.concerns, ended: held.ended });
    },
    async claimOutcome(batchId, nic, retryAt) {
      await enter('claimOutcome', batchId, nic, retryAt);
      const held = progress.get(batchId);
      if (!batches.get(batchId)?.published || !held || held.told.has(nic)) return false;
      held.told.add(nic);
      held.owed.add(nic);
      held.retryAt = retryAt;
      return true;
    },
    async outcomeSent(batchId, nic) {
      await enter('outcomeSent', batchId, nic);
      progress.get(batchId)?.owed.delete(nic);
    },
    async retakeOwedOutcomes(batchId, now, retryAt) {
      await enter('retakeOwedOutcomes', batchId, now, retryAt);
      const held = progress.get(batchId);
      if (!held?.retryAt || held.retryAt > now) return { owed: [], concerns: {} };
      if (held.owed.size === 0) {
        delete held.retryAt; // out of the sweep's list
        return { owed: [], concerns: {} };
      }
      held.retryAt = retryAt;
      return clone({ owed: [...held.owed], concerns: held.concerns });
    },
    async listBatchesDue(before, query) {
      await enter('listBatchesDue', before, query);
      const due = [...batches.values()].flatMap((batch): (BatchDue & { at: string })[] => {
        const retryAt = progress.get(batch.id)?.retryAt;
        if (!batch.published) return [{ at: abandonedAt(batch), batchId: batch.id, kind: 'unpublished' }];
        return retryAt ? [{ at: retryAt, batchId: batch.id, kind: 'owing' }] : [];
      });
      const listed = keyedPage(
        due.filter(({ at }) => at <= before),
        ({ at, kind, batchId }) => `${at}#${kind}#${batchId}`,
        query.limit,
        query.cursor,
      );
      return { ...listed, items: listed.items.map(({ batchId, kind }) => ({ batchId, kind })) };
    },
    async dropUnpublishedBatch(batchId) {
      await enter('dropUnpublishedBatch', batchId);
      const batch = batches.get(batchId);
      if (!batch || batch.published) return false;
      for (const id of batch.requestIds) {
        const request = requests.get(id);
        if (request?.batchId !== batchId) continue;
        requests.delete(id);
        for (const role of request.roles) {
          if (guards.get(`${request.serviceId}#${role}`) === id)
            guards.delete(`${request.serviceId}#${role}`);
        }
      }
      batches.delete(batchId);
      progress.delete(batchId);
      return true;
    },
    async getRequests(ids) {
      await enter('getRequests', ids);
      return clone(ids.flatMap((id) => readable(requests.get(id)) ?? []));
    },
    async getRequest(id) {
      await enter('getRequest', id);
      return clone(readable(requests.get(id)));
    },
    async listRequestsOf(nic, { state, limit, cursor }) {
      await enter('listRequestsOf', nic);
      const mine = [...requests.values()]
        .filter((r) => readable(r) && partiesOf(r).includes(nic) && (!state || r.state === state))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return clone(page(mine, limit, cursor));
    },
    async listHistory(serviceId, { limit, cursor }) {
      await enter('listHistory', serviceId);
      const past = history
        .filter((r) => r.serviceId === serviceId)
        .sort((a, b) => (b.completedAt ?? '').localeCompare(a.completedAt ?? ''));
      return clone(page(past, limit, cursor));
    },
    async listOpenExpiringBefore(before, { limit, cursor }) {
      await enter('listOpenExpiringBefore', before);
      const due = [...requests.values()].filter(
        (r) => readable(r) && sweptLater(r) && sweepDueAt(r) <= before,
      );
      // As the DynamoDB index's copy: no mark of emails owed (a refused request is listed only while owed).
      const copies = due.map(({ refusalNoticesOwed: _owed, ...copy }) => copy);
      return clone(keyedPage(copies, (r) => `${sweepDueAt(r)}#${r.id}`, limit, cursor));
    },

    async commit(transition: Transition) {
      await enter('commit', transition);
      const { read, next, changes } = transition;
      const current = requests.get(read.id);
      if (!current || !meets(current, transition.expect)) {
        throw new StaleWriteError(`The request ${read.id} changed since it was read`);
      }
      const applied = changes.find((c) => c.kind === 'apply');
      if (applied) {
        const service = services.get(applied.service.serviceId);
        const same = (a: Contacts, b: Contacts) =>
          a.admin === b.admin && a.tech === b.tech && a.billing === b.billing;
        if (!service || !same(service.contacts, applied.service.contacts)) {
          throw new StaleWriteError(`The service ${applied.service.serviceId} changed since it was read`);
        }
        services.set(service.serviceId, { ...service, contacts: clone(applied.after) });
      }
      // Like an UpdateItem, the changes land on what the store holds, which may be newer than the read.
      const stored = withChanges(current, changes);
      requests.set(read.id, stored);
      if (changes.some((c) => c.kind === 'end')) {
        for (const role of read.roles) {
          if (guards.get(`${read.serviceId}#${role}`) === read.id) guards.delete(`${read.serviceId}#${role}`);
        }
        // The past keeps no mark of emails still owed, as the DynamoDB history item.
        const past = clone(stored);
        delete past.refusalNoticesOwed;
        history.push(past);
      }
      return clone(changes.some((c) => c.kind === 'end' || c.kind === 'applying') ? next : stored);
    },
    async claimRefusalNotices(id) {
      await enter('claimRefusalNotices', id);
      const request = requests.get(id);
      if (request?.state !== 'refused' || request.refusalNoticesOwed !== true) return false;
      delete request.refusalNoticesOwed;
      return true;
    },
    async commitEach(transitions: Transition[]) {
      await enter('commitEach', transitions);
      // Each decision holds or fails alone, as the DynamoDB store's groups end up: a stale request's
      // group is committed again one at a time there. Through commit(), so its faults apply to each.
      const outcomes: (ContactChangeRecord | StaleWriteError)[] = [];
      for (const transition of transitions) {
        outcomes.push(
          await store.commit(transition).catch((error: unknown) => {
            if (error instanceof StaleWriteError) return error;
            throw error;
          }),
        );
      }
      return outcomes;
    },
  };
  return store;
}

/**
 * Every email, as the mailer was asked to send it. Each is rendered too, as SES's mailer would: a
 * message that lacks what its kind needs fails here, in the use case that made it.
 */
export function memoryMailer(): Mailer & { sent: EmailMessage[]; to(nic: Handle): EmailMessage[] } {
  const sent: EmailMessage[] = [];
  return {
    sent,
    to: (nic) => sent.filter((m) => m.to.nic === nic),
    async send(message, template) {
      renderEmail(message, template, { providerName: 'Example Hosting' });
      sent.push(clone(message));
    },
  };
}

export type WorkflowCall =
  | { call: 'started'; id: string }
  | { call: 'accepted'; id: string; nic: Handle; receipt?: true }
  | { call: 'refused'; id: string; nic: Handle }
  | { call: 'ended'; id: string; state: string };

/**
 * A workflow that records what it heard; `hears` decides whether an acceptance was heard, and
 * `hearsRefusals` whether a refusal was, and `hearsReceipts` an acceptance that hands its receipt over
 * (by default not: no execution runs here to send their notices).
 */
export function memoryWorkflow(): Workflow & {
  calls: WorkflowCall[];
  hears: boolean;
  hearsRefusals: boolean;
  hearsReceipts: boolean;
} {
  const calls: WorkflowCall[] = [];
  const workflow = {
    calls,
    hears: true,
    hearsRefusals: false,
    hearsReceipts: false,
    async started(request: ContactChangeRecord) {
      calls.push({ call: 'started', id: request.id });
    },
    async accepted(request: ContactChangeRecord, nic: Handle, receipt: boolean) {
      calls.push({ call: 'accepted', id: request.id, nic, ...(receipt && { receipt }) });
      return receipt ? workflow.hearsReceipts : workflow.hears;
    },
    async refused(request: ContactChangeRecord, nic: Handle) {
      calls.push({ call: 'refused', id: request.id, nic });
      return workflow.hearsRefusals;
    },
    async ended(request: ContactChangeRecord) {
      calls.push({ call: 'ended', id: request.id, state: request.state });
    },
  };
  return workflow;
}

export function memoryIdempotency(): IdempotencyStore {
  const records = new Map<
    string,
    { fingerprint: string; expiresAt: Date; runningUntil: Date; response?: unknown }
  >();
  return {
    async claim(scope, key, fingerprint, { expiresAt, runningUntil, now }) {
      const record = records.get(`${scope}#${key}`);
      const abandoned = record && !('response' in record) && record.runningUntil < now;
      // As the DynamoDB adapter's condition: a record past its expiry is no record, TTL deletion or not.
      const expired = record && record.expiresAt < now;
      if (!record || abandoned || expired) {
        records.set(`${scope}#${key}`, { fingerprint, expiresAt, runningUntil });
        return { kind: 'claimed' };
      }
      if (record.fingerprint !== fingerprint) return { kind: 'mismatch' };
      return 'response' in record ? { kind: 'replay', response: record.response } : { kind: 'in_progress' };
    },
    async complete(scope, key, response) {
      records.get(`${scope}#${key}`)!.response = response;
    },
    async release(scope, key) {
      records.delete(`${scope}#${key}`);
    },
  };
}

/** Sliding-window counters in buckets, as the DynamoDB limiter keeps them (shared/domain/rate-limits.ts). */
export function memoryLimiter(): RateLimiter & {
  take(...args: [...Parameters<RateLimiter['take']>, uses?: number]): ReturnType<RateLimiter['take']>;
  /** The limit's buckets that count at `at`, as the DynamoDB adapter's Query reads them. */
  buckets(limit: RateLimit, at: Date): Bucket[];
} {
  const buckets = new Map<string, Bucket[]>();
  const of = (limit: RateLimit) => buckets.get(limit.key) ?? [];
  return {
    buckets: (limit, at) =>
      of(limit)
        .filter((b) => b.start >= oldestCountedBucket(limit, at) && b.start <= bucketAt(limit, at))
        .map((b) => ({ ...b })),
    async take(limit, now, uses: number = 1) {
      const held = of(limit);
      const start = bucketAt(limit, now);
      const current = held.find((b) => b.start === start);
      if ((current?.count ?? 0) + uses > roomInCurrentBucket(limit, now, held)) {
        return { allowed: false, retryAfterSeconds: retryAfterSeconds(limit, now, held, uses) };
      }
      buckets.set(limit.key, [
        ...held.filter((b) => b.start !== start),
        { start, count: (current?.count ?? 0) + uses },
      ]);
      return { allowed: true };
    },
    async giveBack(limit, now) {
      const start = bucketAt(limit, now);
      buckets.set(
        limit.key,
        of(limit).map((b) => (b.start === start ? { start, count: Math.max(0, b.count - 1) } : b)),
      );
    },
  };
}

/** Leases as the DynamoDB adapter keeps them: taken when free or lapsed, given back by their holder. */
export function memoryLeases(): Leases {
  const held = new Map<string, { holder: string; until: number }>();
  return {
    async take(name, holder, { now, until }) {
      const current = held.get(name);
      if (current && current.until > now.getTime())
        return { taken: false, holder: current.holder, until: new Date(current.until).toISOString() };
      held.set(name, { holder, until: until.getTime() });
      return { taken: true };
    },
    async release(name, holder) {
      if (held.get(name)?.holder === holder) held.delete(name);
    },
  };
}

export interface MemoryDeps extends Deps {
  store: MemoryStore;
  mailer: ReturnType<typeof memoryMailer>;
  workflow: ReturnType<typeof memoryWorkflow>;
  /** Moves the clock. */
  advance(seconds: number): void;
  /** What the use cases counted (BusinessMetrics), by metric. */
  counted: Map<string, number>;
  warnings: string[];
}

/** Use-case dependencies over in-memory ports, with a clock the test moves. */
export function memoryDeps(
  store: MemoryStore = memoryStore(),
  start = Date.parse('2027-03-01T09:00:00.000Z'),
): MemoryDeps {
  let now = start;
  const warnings: string[] = [];
  const counted = new Map<string, number>();
  return {
    store,
    idempotency: memoryIdempotency(),
    mailer: memoryMailer(),
    // The use cases are tested on their own: the kinds each function sends are the HTTP tests' to hold.
    emails: ALL_EMAILS,
    workflow: memoryWorkflow(),
    limiter: memoryLimiter(),
    leases: memoryLeases(),
    metrics: {
      count: (metric, value = 1) => void counted.set(metric, (counted.get(metric) ?? 0) + value),
    },
    counted,
    now: () => new Date(now),
    newId: randomUUID,
    settings: {
      ttlSeconds: 14 * 24 * 3600,
      reminderBeforeSeconds: 2 * 24 * 3600,
      publicBaseUrl: 'https://contacts.example',
      limits: TEST_LIMITS,
      providerName: 'Example Hosting',
    },
    log: { warn: (message) => void warnings.push(message) },
    advance: (seconds) => void (now += seconds * 1000),
    warnings,
  };
}
