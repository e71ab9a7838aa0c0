// Batches on DynamoDB Local, where only the real store can tell. The cost of a batch's requests ending:
// each ending records itself on the batch item and learns from that one write whose requests have all
// ended, so a batch of N costs a bounded number of calls per ending (and each person's requests are read
// once, for their outcome email), never the whole batch read again by every ending (N² item reads).
// Counted as the bench counts (bench/instrument.ts). And a creation that crashed before publishing,
// with no Idempotency-Key to finish it: the sweep removes what it left, and its guards with it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Counter, counting, instrumentDynamo, type RecordedCall } from '../../bench/instrument';
import { createDynamoClients } from '../../shared/adapters/dynamo/client';
import { guardKey } from '../../shared/adapters/dynamo/entities/guard';
import { LONGEST_CALL_MS } from '../../shared/domain/batch';
import { isDomainError } from '../../shared/domain/errors';
import { createDynamoStore } from '../../shared/adapters/dynamo/store';
import { createTable } from '../../shared/adapters/dynamo/table';
import { loadFixtures, parseFixtures } from '../../shared/adapters/fixtures';
import type { ContactStore } from '../../shared/domain/ports';
import { answerBatch } from '../../shared/usecases/answer-batch';
import { cancelBatch } from '../../shared/usecases/batch-cancel-resend';
import { cancelChange } from '../../shared/usecases/cancel-resend';
import { requestContactChange } from '../../shared/usecases/create-change';
import { batchIdFor, requestBatchChange } from '../../shared/usecases/create-batch';
import { sweepStaleRequests } from '../../shared/usecases/sweep';
import type { Deps } from '../../shared/usecases/deps';
import { memoryDeps } from '../support/memory';
import { dropTable, sharedDynamoDb } from '../support/servers';
import { dumpTable } from '../support/table-dump';
import { uniqueNic } from './builders';

const N = 40;
/** Later than every request's end: the sweep's index lists every open request due before it. */
const FAR = '2999-01-01T00:00:00.000Z';
const endpoint = sharedDynamoDb();
const tableName = `test-${randomUUID()}`;
const { client, doc } = createDynamoClients({ region: 'eu-west-1', endpoint });
instrumentDynamo(client);
/** Set: from the batch's publishing on, every call fails, as if the process had died there. */
let crashAtPublish = false;
/** Set: from the transaction that writes this service's request (its tech guard) on, every call fails. */
let crashAtRequestOf: string | undefined;
let crashed = false;
/** Set: the transaction that writes this service's request fails, once, as an outage would. */
let failRequestOf: string | undefined;
/** Each DynamoDB call, numbered by the events (sendings and answers) before it: an order, no clock. */
let events = 0;
let spans: { sent: number; answered: number }[] = [];
/** Every transaction DynamoDB carried out, as sent. */
const landed: string[] = [];
/** Set: runs once, just before the first transaction that takes the staged marks off. */
let beforeUnstaging: (() => Promise<void>) | undefined;
/** Set: runs once, just before the first transaction that updates more than one request (a grouped answer). */
let beforeGroupedAnswers: (() => Promise<void>) | undefined;
client.middlewareStack.add(
  (next, context) => async (args) => {
    const update = (args.input as { UpdateExpression?: string }).UpdateExpression ?? '';
    if (crashAtPublish && context.commandName === 'UpdateItemCommand' && update.startsWith('SET published'))
      crashed = true;
    const writesRequestOf = (serviceId: string | undefined) =>
      serviceId !== undefined &&
      context.commandName === 'TransactWriteItemsCommand' &&
      JSON.stringify(args.input).includes(String(guardKey(serviceId, 'tech').pk));
    if (writesRequestOf(crashAtRequestOf)) crashed = true;
    if (crashed) throw new Error('The process died');
    if (writesRequestOf(failRequestOf)) {
      failRequestOf = undefined;
      throw new Error('The table is unreachable');
    }
    const first = (args.input as { TransactItems?: { Update?: { UpdateExpression?: string } }[] })
      .TransactItems?.[0]?.Update?.UpdateExpression;
    const requestsUpdated = (
      (args.input as { TransactItems?: { Update?: { Key?: { sk?: unknown } } }[] }).TransactItems ?? []
    ).filter((item) => item.Update?.Key?.sk === 'REQUEST').length;
    if (beforeGroupedAnswers && requestsUpdated > 1) {
      const run = beforeGroupedAnswers;
      beforeGroupedAnswers = undefined;
      await run();
    }
    if (beforeUnstaging && first?.includes('REMOVE #staged')) {
      const run = beforeUnstaging;
      beforeUnstaging = undefined;
      await run();
    }
    return next(args);
  },
  { step: 'initialize', name: 'crashAtPublish' },
);
client.middlewareStack.add(
  (next, context) => async (args) => {
    const sent = ++events;
    try {
      const result = await next(args);
      if (context.commandName === 'TransactWriteItemsCommand') landed.push(JSON.stringify(args.input));
      return result;
    } finally {
      spans.push({ sent, answered: ++events });
    }
  },
  { step: 'initialize', name: 'roundTrips' },
);

/**
 * The DynamoDB round trips `run` waits for one after another: the longest chain of its calls each sent
 * after the one before had answered. Calls sent together (before any of them answered) count once.
 */
async function roundTripsInARow(run: () => Promise<unknown>): Promise<number> {
  spans = [];
  await run();
  const depth = new Map<(typeof spans)[number], number>();
  for (const span of [...spans].sort((a, b) => a.answered - b.answered)) {
    const before = spans.filter((other) => other.answered < span.sent).map((other) => depth.get(other)!);
    depth.set(span, 1 + Math.max(0, ...before));
  }
  return Math.max(0, ...depth.values());
}
let store: ContactStore;

beforeAll(async () => {
  await createTable(client, tableName);
  store = createDynamoStore(doc, tableName);
});
afterAll(async () => {
  doc.destroy();
  client.destroy();
  if (endpoint) await dropTable(endpoint, tableName);
});

/** Items read by GetItem and BatchGetItem, each key once. */
const itemsRead = (calls: RecordedCall[]) =>
  calls.reduce((sum, call) => {
    const input = call.input as { RequestItems?: Record<string, { Keys: unknown[] }> };
    if (call.command === 'GetItemCommand') return sum + 1;
    if (call.command !== 'BatchGetItemCommand') return sum;
    return sum + Object.values(input.RequestItems ?? {}).reduce((n, r) => n + r.Keys.length, 0);
  }, 0);

async function seed(n: number) {
  const [aa, bb, zz] = [uniqueNic('aa'), uniqueNic('bb'), uniqueNic('zz')];
  const services = Array.from({ length: n }, (_, i) => ({
    serviceId: `svc-${randomUUID().slice(0, 8)}-${String(i)}.fi`,
    name: `Service ${String(i)}`,
    type: 'domain' as const,
    contacts: { admin: aa, tech: zz, billing: aa },
  }));
  await loadFixtures(
    doc,
    tableName,
    parseFixtures({
      accounts: [aa, bb, zz].map((nic) => ({ nic, email: `${nic}@example.com`, name: nic, language: 'en' })),
      services,
    }),
  );
  const memory = memoryDeps();
  const deps: Deps = { ...memory, store };
  return { aa, bb, zz, serviceIds: services.map((s) => s.serviceId), memory, deps };
}

const count = (calls: RecordedCall[], command: string) =>
  calls.filter((c) => c.command === `${command}Command`).length;

it(`creating a batch of ${String(N)} costs calls bounded by its transactions, not by its services: one read of all the services, one write to unstage all the requests`, async () => {
  const { aa, bb, serviceIds, deps } = await seed(N);
  const counter = new Counter('create a batch');
  const { batch } = await counting(counter, () =>
    requestBatchChange(deps, aa, { services: serviceIds, tech: bb }, randomUUID()),
  );
  const calls = counter.dynamo();
  console.log(`create a batch of ${String(N)}: ${String(calls.length)} DynamoDB calls`);

  expect(batch.requests).toHaveLength(N);
  // The services in one BatchGetItem, the accounts in another, their names for the answer in a third;
  // the one GetItem looks for an unpublished batch of the same id to resume.
  expect(count(calls, 'BatchGetItem')).toBeLessThanOrEqual(3);
  expect(count(calls, 'GetItem')).toBeLessThanOrEqual(1);
  // 40 requests of 5 items each (the request, its guard, 3 pointers) and the batch and quota: 3
  // transactions of at most 100 items; then the one publishing UpdateItem; then one transaction takes
  // every staged mark off. Before: a GetItem and an UpdateItem per service, 89 calls in all.
  expect(count(calls, 'TransactWriteItems')).toBe(4);
  expect(count(calls, 'UpdateItem')).toBe(1);
  expect(calls.length).toBeLessThanOrEqual(10);
  // Every request is readable and in the sweep's index.
  const due = await store.listOpenExpiringBefore(FAR, { limit: 1000 });
  const open = new Set(due.items.map((r) => r.id));
  expect(batch.requests.filter((r) => !open.has(r.id))).toEqual([]);
});

it('a request that ends between the publishing and the unstaging keeps its ending; the others are unstaged', async () => {
  const { aa, bb, serviceIds, deps } = await seed(3);
  const batchId = randomUUID();
  beforeUnstaging = async () => {
    const batch = (await store.getBatch(batchId))!;
    const [first] = await store.getRequests(batch.requestIds);
    await cancelChange(deps, aa, first!.id);
  };
  const { batch } = await requestBatchChange(deps, aa, { services: serviceIds, tech: bb }, batchId);
  expect(beforeUnstaging).toBeUndefined();
  const states = (await store.getRequests(batch.requests.map((r) => r.id))).map((r) => r.state);
  expect(states).toEqual(['cancelled', 'awaiting_confirmation', 'awaiting_confirmation']);
  const due = await store.listOpenExpiringBefore(FAR, { limit: 1000 });
  const open = new Set(due.items.map((r) => r.id));
  expect(batch.requests.map((r) => open.has(r.id))).toEqual([false, true, true]);
});

it(`cancelling a batch of ${String(N)} costs calls linear in ${String(N)}: each ending one write on the batch, each person's requests read once`, async () => {
  const { aa, bb, zz, serviceIds, memory, deps } = await seed(N);
  const { batch } = await requestBatchChange(deps, aa, { services: serviceIds, tech: bb }, randomUUID());

  const counter = new Counter('cancel a batch');
  await counting(counter, () => cancelBatch(deps, aa, batch.id));
  const calls = counter.dynamo();
  const count = (command: string) => calls.filter((c) => c.command === `${command}Command`).length;
  console.log(
    `cancel a batch of ${String(N)}: ${String(calls.length)} DynamoDB calls, ${String(itemsRead(calls))} items read`,
  );

  // Each person (aa, bb, zz) hears once, listing all 40.
  const outcomes = memory.mailer.sent.filter((m) => m.kind === 'batch_outcome');
  expect(outcomes.map((m) => m.to.nic).sort()).toEqual([aa, bb, zz].sort());
  for (const m of outcomes) expect(m.outcome!.requests).toHaveLength(N);
  // The ending of each request: its commit, and one write on the batch item that says who is due.
  expect(count('TransactWriteItems')).toBe(N);
  expect(count('UpdateItem')).toBeLessThanOrEqual(N + 2 * 3);
  // Reading: the batch and its requests for the cancel, each request again to settle it, each person's
  // requests once for their emails (one read of the 40 for all three), the batch again for the answer.
  // Before the ending wrote its progress on the batch item, every ending read the whole batch: 1,727.
  expect(itemsRead(calls)).toBeLessThanOrEqual(4 * N + 2);
});

/** A batch of `n` for Bob's tech role, and each person's batch code (from their one code email). */
async function openBatch(n: number) {
  const seeded = await seed(n);
  const { aa, bb, serviceIds, deps, memory } = seeded;
  const { batch } = await requestBatchChange(deps, aa, { services: serviceIds, tech: bb }, randomUUID());
  const code = (nic: string) =>
    memory.mailer.sent.findLast((m) => m.kind === 'batch_code' && m.to.nic === nic)!.batch!.code;
  return { ...seeded, batch, ids: batch.requests.map((r) => r.id), code };
}

it(`accepting a batch of ${String(N)} writes the answers in a few transactions, not one per request`, async () => {
  const { aa, bb, batch, ids, deps, code } = await openBatch(N);
  await answerBatch(deps, aa, batch.id, code(aa), 'accept');
  const counter = new Counter('accept a batch');
  const view = await counting(counter, () => answerBatch(deps, bb, batch.id, code(bb), 'accept'));
  const calls = counter.dynamo();
  const commands = [...new Set(calls.map((c) => c.command.replace(/Command$/, '')))];
  console.log(
    `accept a batch of ${String(N)} (the last to accept): ${String(calls.length)} DynamoDB calls: ` +
      commands.map((c) => `${c} ×${String(count(calls, c))}`).join(', '),
  );
  expect(view.requests.map((r) => r.confirmations.find((c) => c.nic === bb)?.status)).toEqual(
    ids.map(() => 'accepted'),
  );
  // Each request's move to applying is 4 items (the request and its three parties' pointers): the 40
  // fill two transactions of at most 100. Before, one transaction per request: 40.
  expect(count(calls, 'TransactWriteItems')).toBe(2);
  // The batch and its requests read once for the answer, the accounts at most once for its notices,
  // the names for the view; nothing per request (the workflow heard each acceptance: no apply here).
  expect(calls.length).toBeLessThanOrEqual(8);
});

it('a request cancelled between the reading and the writing of a batch answer keeps its ending; every other request gets the answer', async () => {
  const { aa, bb, batch, ids, deps, code } = await openBatch(12);
  await answerBatch(deps, aa, batch.id, code(aa), 'accept');
  // Lands after the batch answer read the requests, before its grouped write: the write's condition
  // fails on that request alone (CancellationReasons), and the rest of its group is written one by one.
  beforeGroupedAnswers = () => cancelChange(deps, aa, ids[5]!).then(() => undefined);
  const view = await answerBatch(deps, bb, batch.id, code(bb), 'accept');
  expect(beforeGroupedAnswers).toBeUndefined();
  const stored = await store.getRequests(ids);
  expect(stored[5]!.state).toBe('cancelled');
  expect(stored[5]!.confirmers.find((c) => c.nic === bb)?.status).toBe('pending');
  const others = stored.filter((_, i) => i !== 5);
  expect(others.map((r) => [r.state, r.confirmers.find((c) => c.nic === bb)?.status])).toEqual(
    others.map(() => ['applying', 'accepted']),
  );
  expect(view.requests.map((r) => r.state)).toEqual(stored.map((r) => r.state));
});

it('a cancel of one request at the same time as a batch answer ends consistent, whichever ran first', async () => {
  const { aa, bb, batch, ids, deps, code } = await openBatch(12);
  await answerBatch(deps, aa, batch.id, code(aa), 'accept');
  const [answered, cancelled] = await Promise.allSettled([
    answerBatch(deps, bb, batch.id, code(bb), 'accept'),
    cancelChange(deps, aa, ids[5]!),
  ]);
  // The answer never fails for another request's sake; the cancel either holds or is refused by the rules.
  expect(answered.status).toBe('fulfilled');
  if (cancelled.status === 'rejected') expect(isDomainError(cancelled.reason)).toBe(true);
  const stored = await store.getRequests(ids);
  const bobsAnswer = (r: (typeof stored)[number]) => r.confirmers.find((c) => c.nic === bb)?.status;
  // Request 5 is cancelled exactly when the cancel held; otherwise it has Bob's acceptance, as every other.
  expect(stored[5]!.state === 'cancelled').toBe(cancelled.status === 'fulfilled');
  if (stored[5]!.state !== 'cancelled') expect(bobsAnswer(stored[5]!)).toBe('accepted');
  const others = stored.filter((_, i) => i !== 5);
  expect(others.map((r) => [r.state, bobsAnswer(r)])).toEqual(others.map(() => ['applying', 'accepted']));
  // Nothing half-written: each party's list shows every request in the state it is in.
  for (const nic of [aa, bb]) {
    const listed = (await store.listRequestsOf(nic, { limit: 50 })).items.filter((r) => ids.includes(r.id));
    expect(new Map(listed.map((r) => [r.id, r.state]))).toEqual(new Map(stored.map((r) => [r.id, r.state])));
  }
});

it('a batch whose creation crashed before publishing, without an Idempotency-Key, is removed by the sweep once no call can still be making it', async () => {
  const { aa, bb, serviceIds, deps, memory } = await seed(3);
  crashAtPublish = true;
  await expect(requestBatchChange(deps, aa, { services: serviceIds, tech: bb })).rejects.toThrow(
    'The process died',
  );
  crashAtPublish = crashed = false;
  // Seen by nobody, but its guards hold every service.
  const single = () => requestContactChange(deps, aa, serviceIds[0]!, { tech: bb });
  const refused = await single().catch((error: unknown) => error);
  expect(isDomainError(refused) && refused.code).toBe('change_pending');

  // Not while the creation could still be running.
  memory.advance(LONGEST_CALL_MS / 1000 - 60);
  expect((await sweepStaleRequests(deps)).batchesRemoved).toBeUndefined();
  memory.advance(120);
  expect((await sweepStaleRequests(deps)).batchesRemoved).toBe(1);
  expect((await sweepStaleRequests(deps)).batchesRemoved).toBeUndefined();
  const { requests } = await single();
  expect(requests).toHaveLength(1);
});

it('asking for a change waits for three DynamoDB round trips in a row: the service is read beside the quota', async () => {
  const { aa, bb, serviceIds, deps } = await seed(1);
  const trips = await roundTripsInARow(() => requestContactChange(deps, aa, serviceIds[0]!, { tech: bb }));
  console.log(`create: ${String(spans.length)} DynamoDB calls, ${String(trips)} in a row`);
  // The service's GetItem and the quota's Query together; then the accounts' BatchGetItem (it needs the
  // service's contacts); then the one transaction. Before: the four one after another.
  expect(trips).toBe(3);
});

it(`creating a batch of ${String(N)} waits for its request transactions together, not one after another`, async () => {
  const { aa, bb, serviceIds, deps } = await seed(N);
  const trips = await roundTripsInARow(() =>
    requestBatchChange(deps, aa, { services: serviceIds, tech: bb }, randomUUID()),
  );
  console.log(
    `create a batch of ${String(N)}: ${String(spans.length)} DynamoDB calls, ${String(trips)} in a row`,
  );
  // The services, an earlier attempt's batch and the quota read together; the accounts; the quota and
  // batch item's transaction; the 2 transactions of the requests together; the publishing; the
  // unstaging; and the names for the answer, when the per-process cache of names has lapsed (a minute).
  // Before: all 9 (or 10) calls one after another.
  expect(trips).toBeLessThanOrEqual(7);
});

it('a transaction of the requests failing while those beside it land leaves nothing of the batch, only the quota it counted', async () => {
  // 60 requests of 5 items: the first transaction holds 19 (with the batch and the quota), then 20, 20 and 1.
  const { aa, bb, serviceIds, deps } = await seed(60);
  const before = await dumpTable(endpoint!, tableName);
  failRequestOf = serviceIds[45];
  await expect(
    requestBatchChange(deps, aa, { services: serviceIds, tech: bb }, randomUUID()),
  ).rejects.toThrow('The table is unreachable');
  expect(failRequestOf).toBeUndefined();
  // The last service's transaction went beside the failing one, and was undone with the rest.
  expect(landed.some((input) => input.includes(String(guardKey(serviceIds[59]!, 'tech').pk)))).toBe(true);
  const after = await dumpTable(endpoint!, tableName);
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
    (key) => before.get(key) !== after.get(key),
  );
  expect(changed).toHaveLength(1);
  expect(changed[0]).toMatch(/^LIMIT#/);
  // Every service may be asked again.
  const { batch } = await requestBatchChange(deps, aa, { services: serviceIds, tech: bb }, randomUUID());
  expect(batch.requests).toHaveLength(60);
});

it('a creation that died during its request transactions is finished by a retry with the same Idempotency-Key', async () => {
  const { aa, bb, serviceIds, deps } = await seed(60);
  const body = { services: serviceIds, tech: bb };
  const batchId = batchIdFor(deps, aa, 'key-1', body);
  crashAtRequestOf = serviceIds[45];
  await expect(requestBatchChange(deps, aa, body, batchId)).rejects.toThrow('The process died');
  crashAtRequestOf = undefined;
  crashed = false;
  expect(await store.getBatch(batchId)).toEqual(expect.objectContaining({ published: false }));
  const { batch } = await requestBatchChange(deps, aa, body, batchId);
  expect(batch.requests).toHaveLength(60);
  expect(await store.getRequests(batch.requests.map((r) => r.id))).toHaveLength(60);
  const due = await store.listOpenExpiringBefore(FAR, { limit: 1000 });
  const open = new Set(due.items.map((r) => r.id));
  expect(batch.requests.filter((r) => !open.has(r.id))).toEqual([]);
});
