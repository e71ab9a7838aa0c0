// One contract, two stores: the same cases run over the in-memory store that the use-case tests use
// (test/support/memory.ts) and over the DynamoDB store on DynamoDB Local, so that the memory store's
// re-implementation of conditional writes, transactions, paging and index queries cannot drift from
// the real one without a test failing. Every case makes handles and services of its own, so both
// stores can hold the data of every case at once.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadFixtures, parseFixtures } from '../../shared/adapters/fixtures';
import { LONGEST_CALL_MS, type BatchRecord } from '../../shared/domain/batch';
import { isDomainError } from '../../shared/domain/errors';
import { decide, type LifecycleEvent } from '../../shared/domain/lifecycle';
import type { ContactChangeRecord, Contacts, Handle, Service } from '../../shared/domain/model';
import { StaleWriteError, type ContactStore } from '../../shared/domain/ports';
import { storePerFile } from '../support/dynamodb-local';
import { accountFor } from '../support/accounts';
import { memoryStore } from '../support/memory';
import { changeRecord, isoIn, roomyQuota, uniqueNic } from './builders';

interface StoreUnderTest {
  store(): ContactStore;
  /** Accounts (each named by its handle, address `<nic>@example.com`) and one service with `contacts`. */
  seed(contacts: Contacts, others?: Handle[]): Promise<Service>;
}

const newService = (contacts: Contacts): Service => {
  const serviceId = `svc-${randomUUID().slice(0, 8)}.fi`;
  return { serviceId, name: serviceId, type: 'domain', contacts };
};

const handlesOf = (contacts: Contacts, others: Handle[]) => [
  ...new Set([...Object.values(contacts), ...others]),
];

function memory(): StoreUnderTest {
  const store = memoryStore();
  return {
    store: () => store,
    async seed(contacts, others = []) {
      const service = newService(contacts);
      for (const nic of handlesOf(contacts, others)) store.accounts.set(nic, accountFor(nic));
      store.services.set(service.serviceId, structuredClone(service));
      return service;
    },
  };
}

function dynamodb(): StoreUnderTest {
  const db = storePerFile();
  return {
    store: () => db.store,
    async seed(contacts, others = []) {
      const service = newService(contacts);
      const accounts = handlesOf(contacts, others).map((nic) => accountFor(nic));
      await loadFixtures(db.doc, db.tableName, parseFixtures({ accounts, services: [service] }));
      return service;
    },
  };
}

const STORES: [string, StoreUnderTest][] = [
  ['the memory store', memory()],
  ['the DynamoDB store', dynamodb()],
];

/** The write the lifecycle decides for `event` on `request` as read. */
const transition = (request: ContactChangeRecord, event: LifecycleEvent, at = new Date().toISOString()) => {
  const decided = decide(request, event, at);
  if (!decided) throw new Error(`No transition for ${event.type} from ${request.state}`);
  return decided;
};

/** Every item of every page, `limit` at a time, checking that only the last page has no cursor. */
async function allPages<T>(list: (cursor?: string) => Promise<{ items: T[]; nextCursor?: string }>) {
  const pages: T[][] = [];
  let cursor: string | undefined;
  do {
    const page = await list(cursor);
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return pages;
}

describe.each(STORES)('%s', (_, sut) => {
  const store = () => sut.store();

  describe('accounts', () => {
    it('reads the accounts that exist, leaves out the others, and finds an address whatever its case', async () => {
      const [aa, bb] = [uniqueNic('aa'), uniqueNic('bb')];
      await sut.seed({ admin: aa, tech: aa, billing: aa }, [bb]);
      const missing = uniqueNic('xx');
      expect(await store().getAccount(aa)).toEqual(accountFor(aa));
      expect(await store().getAccount(missing)).toBeUndefined();
      const read = await store().getAccounts([aa, missing, bb]);
      expect([...read.keys()].sort()).toEqual([aa, bb].sort());
      expect(read.get(bb)).toEqual(accountFor(bb));
      expect(await store().getNames([aa, missing, bb, aa])).toEqual(
        new Map([
          [aa, aa],
          [bb, bb],
        ]),
      );
      expect((await store().accountsWithEmail(`${aa.toUpperCase()}@EXAMPLE.COM`)).map((a) => a.nic)).toEqual([
        aa,
      ]);
    });

    it('reads many services at once, each once however often named, and leaves out those that do not exist', async () => {
      const aa = uniqueNic('aa');
      const [one, two] = [
        await sut.seed({ admin: aa, tech: aa, billing: aa }),
        await sut.seed({ admin: aa, tech: aa, billing: aa }),
      ];
      const read = await store().getServices([one.serviceId, 'no-such.fi', two.serviceId, one.serviceId]);
      expect([...read.keys()].sort()).toEqual([one.serviceId, two.serviceId].sort());
      expect(read.get(two.serviceId)).toEqual(two);
      expect(await store().getServices([])).toEqual(new Map());
    });
  });

  describe('creating requests', () => {
    it('a second open request for a role already asked is change_pending, and nothing of it is written', async () => {
      const [aa, bb, cc] = [uniqueNic('aa'), uniqueNic('bb'), uniqueNic('cc')];
      const service = await sut.seed({ admin: aa, tech: aa, billing: aa }, [bb, cc]);
      const first = changeRecord(service, { roles: ['tech'], to: bb });
      await store().createRequests([first], roomyQuota());
      // Two roles in one transaction, one of them taken: neither is written.
      const second = changeRecord(service, { roles: ['billing'], to: cc });
      const third = changeRecord(service, { roles: ['tech'], to: cc });
      const refused = await store()
        .createRequests([second, third], roomyQuota())
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(isDomainError(refused) && refused.code).toBe('change_pending');
      expect(await store().getRequest(first.id)).toEqual(first);
      expect(await store().getRequest(second.id)).toBeUndefined();
      expect(await store().getRequest(third.id)).toBeUndefined();
      // The billing role was not taken by the refused transaction.
      await store().createRequests([second], roomyQuota());
      expect((await store().getRequest(second.id))?.state).toBe('awaiting_confirmation');
    });

    it('a quota used up refuses the creation with too_many_requests, and writes nothing', async () => {
      const [aa, bb] = [uniqueNic('aa'), uniqueNic('bb')];
      const service = await sut.seed({ admin: aa, tech: aa, billing: aa }, [bb]);
      const quota = roomyQuota();
      const tight = { ...quota, limit: { ...quota.limit, limit: 1 } };
      await store().createRequests([changeRecord(service, { roles: ['tech'], to: bb })], tight);
      const over = changeRecord(service, { roles: ['billing'], to: bb });
      const refused = await store()
        .createRequests([over], tight)
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(isDomainError(refused) && refused.code).toBe('too_many_requests');
      expect(await store().getRequest(over.id)).toBeUndefined();
    });

    it('a quota read before another creation counted refuses as one read at the write: the write checks the count', async () => {
      const [aa, bb] = [uniqueNic('aa'), uniqueNic('bb')];
      const service = await sut.seed({ admin: aa, tech: aa, billing: aa }, [bb]);
      const quota = roomyQuota();
      const tight = { ...quota, limit: { ...quota.limit, limit: 1 } };
      const readEarly = await store().readQuota(tight.limit, tight.at);
      expect(readEarly).toEqual([]);
      await store().createRequests([changeRecord(service, { roles: ['tech'], to: bb })], tight);
      expect(await store().readQuota(tight.limit, tight.at)).toEqual([expect.objectContaining({ count: 1 })]);
      // The buckets as read before that creation (none used) are out of date: the limit still holds.
      const over = changeRecord(service, { roles: ['billing'], to: bb });
      const refused = await store()
        .createRequests([over], { ...tight, buckets: readEarly })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(isDomainError(refused) && refused.code).toBe('too_many_requests');
      expect(await store().getRequest(over.id)).toBeUndefined();
    });
  });

  describe('batches', () => {
    /** `n` services of one admin (also tech), and a batch giving their tech role to `bb`, not yet stored. */
    async function batchOf(n: number) {
      const [aa, bb] = [uniqueNic('aa'), uniqueNic('bb')];
      const services = [];
      for (let i = 0; i < n; i++) services.push(await sut.seed({ admin: aa, tech: aa, billing: aa }, [bb]));
      const id = randomUUID();
      const createdAt = new Date().toISOString();
      const requests = services.map((service) => ({
        ...changeRecord(service, { roles: ['tech'], to: bb, createdAt }),
        batchId: id,
      }));
      const batch: BatchRecord = {
        id,
        askedBy: aa,
        change: { tech: bb },
        services: services.map((s) => s.serviceId),
        requestIds: requests.map((r) => r.id),
        createdAt: requests[0]!.createdAt,
        expiresAt: requests[0]!.expiresAt,
      };
      return { aa, bb, services, batch, requests };
    }

    it('marks a once-per-batch email once: of two marks at once, exactly one holds', async () => {
      const { aa, bb, batch, requests } = await batchOf(1);
      expect(await store().markBatchNotice(batch.id, 'reminded', aa)).toBe(false); // not stored, so not published
      await store().createBatch(batch, requests, roomyQuota());
      const marks = await Promise.all([
        store().markBatchNotice(batch.id, 'reminded', bb),
        store().markBatchNotice(batch.id, 'reminded', bb),
      ]);
      expect(marks.sort()).toEqual([false, true]);
      expect(await store().markBatchNotice(batch.id, 'reminded', aa)).toBe(true);
      expect(await store().markBatchNotice(batch.id, 'bounced', aa)).toBe(true);
      expect(await store().markBatchNotice(batch.id, 'reminded', aa)).toBe(false);
      // The mark is the batch item's own: reading the batch is unchanged by it.
      expect(await store().getBatch(batch.id)).toEqual({ ...batch, published: true });
    });

    it('records each ending once, says whose requests have all ended, and keeps an outcome email owed until sent', async () => {
      const { aa, bb, batch, requests } = await batchOf(2);
      const [first, second] = batch.requestIds as [string, string];
      expect(await store().recordBatchEnding(batch.id, first)).toBeUndefined(); // not published yet
      await store().createBatch(batch, requests, roomyQuota());
      const afterFirst = await store().recordBatchEnding(batch.id, first);
      expect(afterFirst!.concerns).toEqual({ [aa]: [first, second], [bb]: [first, second] });
      expect([...afterFirst!.ended]).toEqual([first]);
      // Recorded again (a retried ending) while the other ends: that one sees both ended, each once.
      const [afterSecond] = await Promise.all([
        store().recordBatchEnding(batch.id, second),
        store().recordBatchEnding(batch.id, first),
      ]);
      expect([...afterSecond!.ended].sort()).toEqual([first, second].sort());

      // The claim: of two at once, one holds; the email is owed until sent.
      const t0 = new Date();
      const retryAt = isoIn(15 * 60_000, t0.getTime());
      const claims = await Promise.all([
        store().claimOutcome(batch.id, aa, retryAt),
        store().claimOutcome(batch.id, aa, retryAt),
      ]);
      expect(claims.sort()).toEqual([false, true]);
      expect(await store().claimOutcome(batch.id, bb, retryAt)).toBe(true);
      await store().outcomeSent(batch.id, bb);
      const owing = async (before: string) =>
        (await store().listBatchesDue(before, { limit: 100 })).items.some(
          (due) => due.batchId === batch.id && due.kind === 'owing',
        );
      expect(await owing(t0.toISOString())).toBe(false); // not before its retry time
      expect(await owing(retryAt)).toBe(true);

      // After its retry time a sweep takes aa's again (and only one of two sweeps does), until later.
      const later = isoIn(30 * 60_000, t0.getTime());
      expect(await store().retakeOwedOutcomes(batch.id, t0.toISOString(), later)).toEqual({
        owed: [],
        concerns: {},
      });
      const retakes = await Promise.all([
        store().retakeOwedOutcomes(batch.id, retryAt, later),
        store().retakeOwedOutcomes(batch.id, retryAt, later),
      ]);
      expect(retakes.map((r) => r.owed).sort()).toEqual([[], [aa]]);
      expect(retakes.find((r) => r.owed.length > 0)!.concerns[aa]).toEqual([first, second]);
      expect(await owing(retryAt)).toBe(false);
      expect(await owing(later)).toBe(true);
      // Once sent, nothing is owed: the next sweep takes the batch off its list.
      await store().outcomeSent(batch.id, aa);
      expect(
        (await store().retakeOwedOutcomes(batch.id, later, isoIn(45 * 60_000, t0.getTime()))).owed,
      ).toEqual([]);
      expect(await owing(later)).toBe(false);
      expect(await store().getBatch(batch.id)).toEqual({ ...batch, published: true });
    });

    it('a batch larger than one transaction is readable whole once stored, its requests in its order', async () => {
      const { bb, batch, requests } = await batchOf(30);
      await store().createBatch(batch, requests, roomyQuota());
      expect(await store().getBatch(batch.id)).toEqual({ ...batch, published: true });
      expect(await store().getRequests([...batch.requestIds].reverse())).toEqual([...requests].reverse());
      expect(await store().getRequest(requests[29]!.id)).toEqual(requests[29]);
      const mine = (await allPages((cursor) => store().listRequestsOf(bb, { limit: 50, cursor }))).flat();
      expect(mine.map((r) => r.id).sort()).toEqual([...batch.requestIds].sort());
      const due = (
        await allPages((cursor) => store().listOpenExpiringBefore(batch.expiresAt, { limit: 100, cursor }))
      ).flat();
      // In the sweep's index once published (the index copies no batchId: the sweep reads the item itself).
      expect(due.filter((r) => batch.requestIds.includes(r.id))).toHaveLength(30);
    });

    it('a service of a later transaction already asked refuses the whole batch, naming it, and leaves nothing', async () => {
      const { aa, bb, services, batch, requests } = await batchOf(30);
      const held = changeRecord(services[27]!, { roles: ['tech'], to: aa === bb ? aa : bb });
      await store().createRequests([held], roomyQuota());
      const refused = await store()
        .createBatch(batch, requests, roomyQuota())
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(isDomainError(refused) && refused.code).toBe('batch_refused');
      expect(isDomainError(refused) && refused.errors).toEqual([
        expect.objectContaining({ path: 'services[27]', code: 'change_pending' }),
      ]);
      expect(await store().getBatch(batch.id)).toBeUndefined();
      expect(await store().getRequests(batch.requestIds)).toEqual([]);
      expect(await store().getRequest(requests[0]!.id)).toBeUndefined();
      expect((await store().listRequestsOf(bb, { limit: 50 })).items.map((r) => r.id)).toEqual([held.id]);
      // The guards the batch took on the way are free again; the one held stays.
      await store().createRequests([changeRecord(services[0]!, { roles: ['tech'], to: bb })], roomyQuota());
      expect(await store().getRequest(held.id)).toEqual(held);
    });
  });

  describe('conditional writes', () => {
    it('of two writes from the same read, exactly one holds; the other is a StaleWriteError', async () => {
      const [aa, bb] = [uniqueNic('aa'), uniqueNic('bb')];
      const service = await sut.seed({ admin: aa, tech: aa, billing: aa }, [bb]);
      const request = changeRecord(service, { roles: ['tech'], to: bb });
      await store().createRequests([request], roomyQuota());
      const results = await Promise.allSettled([
        store().commit(transition(request, { type: 'accepted', nic: aa })),
        store().commit(transition(request, { type: 'refused', nic: aa })),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected');
      expect(lost?.reason).toBeInstanceOf(StaleWriteError);
      const stored = (await store().getRequest(request.id))!;
      const won = results.findIndex((r) => r.status === 'fulfilled');
      expect(stored.state).toBe(won === 0 ? 'awaiting_confirmation' : 'refused');
      expect(stored.confirmers.find((c) => c.nic === aa)?.status).toBe(won === 0 ? 'accepted' : 'refused');
    });

    it('a write from a read the request has moved past is refused and changes nothing', async () => {
      const [aa, bb] = [uniqueNic('aa'), uniqueNic('bb')];
      const service = await sut.seed({ admin: aa, tech: aa, billing: aa }, [bb]);
      const request = changeRecord(service, { roles: ['tech'], to: bb });
      await store().createRequests([request], roomyQuota());
      const cancelled = await store().commit(transition(request, { type: 'cancelled', by: aa }));
      expect(cancelled.state).toBe('cancelled');
      await expect(store().commit(transition(request, { type: 'accepted', nic: bb }))).rejects.toBeInstanceOf(
        StaleWriteError,
      );
      const stored = (await store().getRequest(request.id))!;
      expect(stored.state).toBe('cancelled');
      expect(stored.confirmers.map((c) => c.status)).toEqual(['pending', 'pending']);
    });
  });

  describe('a refusal’s emails owed (claimRefusalNotices)', () => {
    it('the refusal’s own write leaves them owed; of two claims at once exactly one takes them, and no later one', async () => {
      const [aa, bb] = [uniqueNic('aa'), uniqueNic('bb')];
      const service = await sut.seed({ admin: aa, tech: aa, billing: aa }, [bb]);
      const request = changeRecord(service, { roles: ['tech'], to: bb });
      await store().createRequests([request], roomyQuota());
      expect(await store().claimRefusalNotices(request.id)).toBe(false); // open: nothing owed
      const refused = await store().commit(transition(request, { type: 'refused', nic: bb }));
      expect(refused.refusalNoticesOwed).toBe(true);
      expect((await store().getRequest(request.id))?.refusalNoticesOwed).toBe(true);
      // The past keeps no such mark.
      const [past] = (await store().listHistory(service.serviceId, { limit: 5 })).items;
      expect(past?.state).toBe('refused');
      expect(past).not.toHaveProperty('refusalNoticesOwed');
      const claims = await Promise.all([
        store().claimRefusalNotices(request.id),
        store().claimRefusalNotices(request.id),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store().claimRefusalNotices(request.id)).toBe(false);
      const stored = (await store().getRequest(request.id))!;
      expect(stored.state).toBe('refused');
      expect(stored).not.toHaveProperty('refusalNoticesOwed');
    });

    it('the sweep lists a refusal whose emails are owed once no one else can be sending them, and no longer once claimed', async () => {
      const [aa, bb] = [uniqueNic('aa'), uniqueNic('bb')];
      const service = await sut.seed({ admin: aa, tech: aa, billing: aa }, [bb]);
      const request = changeRecord(service, { roles: ['tech'], to: bb });
      await store().createRequests([request], roomyQuota());
      const refusedAt = new Date().toISOString();
      await store().commit(transition(request, { type: 'refused', nic: bb }, refusedAt));
      const listed = async (before: string) =>
        (await allPages((cursor) => store().listOpenExpiringBefore(before, { limit: 100, cursor })))
          .flat()
          .filter((r) => r.id === request.id);
      const dueAt = isoIn(LONGEST_CALL_MS, Date.parse(refusedAt));
      expect(await listed(isoIn(-1, Date.parse(dueAt)))).toEqual([]);
      const [copy] = await listed(dueAt);
      // The index's copy, as the sweep reads it: refused, without the mark (it is listed only while owed).
      expect(copy).toMatchObject({ id: request.id, state: 'refused', completedAt: refusedAt });
      expect(copy).not.toHaveProperty('refusalNoticesOwed');
      expect(await store().claimRefusalNotices(request.id)).toBe(true);
      expect(await listed('9999-12-31T23:59:59.999Z')).toEqual([]);
    });

    it('no other ending owes anything, and no request that does not exist', async () => {
      const [aa, bb] = [uniqueNic('aa'), uniqueNic('bb')];
      const service = await sut.seed({ admin: aa, tech: aa, billing: aa }, [bb]);
      const request = changeRecord(service, { roles: ['tech'], to: bb });
      await store().createRequests([request], roomyQuota());
      const cancelled = await store().commit(transition(request, { type: 'cancelled', by: aa }));
      expect(cancelled).not.toHaveProperty('refusalNoticesOwed');
      expect(await store().claimRefusalNotices(request.id)).toBe(false);
      expect(await store().claimRefusalNotices(randomUUID())).toBe(false);
    });
  });

  describe('many decisions at once (commitEach)', () => {
    /** `n` open requests, each on a service of its own: Aino's tech role asked for Bob. */
    async function openRequests(n: number) {
      const [aa, bb] = [uniqueNic('aa'), uniqueNic('bb')];
      const requests: ContactChangeRecord[] = [];
      for (let i = 0; i < n; i++) {
        const service = await sut.seed({ admin: aa, tech: aa, billing: aa }, [bb]);
        const request = changeRecord(service, { roles: ['tech'], to: bb });
        await store().createRequests([request], roomyQuota());
        requests.push(request);
      }
      return { aa, bb, requests };
    }

    it('carries out every decision, more than one transaction holds, as commit() would each', async () => {
      // 30 endings of several items each (the request, its pointers, its guard, its history): more
      // than one TransactWriteItems of at most 100 items.
      const { aa, bb, requests } = await openRequests(30);
      const outcomes = await store().commitEach(
        requests.map((r) => transition(r, { type: 'cancelled', by: aa })),
      );
      expect(outcomes.map((o) => (o instanceof StaleWriteError ? 'stale' : o.state))).toEqual(
        requests.map(() => 'cancelled'),
      );
      const stored = await store().getRequests(requests.map((r) => r.id));
      expect(stored.map((r) => r.state)).toEqual(requests.map(() => 'cancelled'));
      expect((await store().listRequestsOf(bb, { limit: 50, state: 'cancelled' })).items).toHaveLength(30);
      expect(
        (await store().listHistory(requests[29]!.serviceId, { limit: 5 })).items.map((r) => r.id),
      ).toEqual([requests[29]!.id]);
    });

    it('a request moved since it was read is a StaleWriteError and keeps its move; every other decision holds', async () => {
      const { aa, bb, requests } = await openRequests(30);
      // Bob refuses request 7 first: the batch's decisions were made on what was read before.
      await store().commit(transition(requests[7]!, { type: 'refused', nic: bb }));
      const outcomes = await store().commitEach(
        requests.map((r) => transition(r, { type: 'accepted', nic: aa })),
      );
      expect(outcomes[7]).toBeInstanceOf(StaleWriteError);
      const held = outcomes.filter((o, i) => i !== 7);
      expect(held.every((o) => !(o instanceof StaleWriteError))).toBe(true);
      const stored = await store().getRequests(requests.map((r) => r.id));
      expect(stored[7]!.state).toBe('refused');
      expect(stored[7]!.confirmers.find((c) => c.nic === aa)?.status).toBe('pending');
      const others = stored.filter((_, i) => i !== 7);
      expect(others.map((r) => r.confirmers.find((c) => c.nic === aa)?.status)).toEqual(
        others.map(() => 'accepted'),
      );
      expect(others.map((r) => r.state)).toEqual(others.map(() => 'awaiting_confirmation'));
    });

    it('nothing to do is nothing written', async () => {
      expect(await store().commitEach([])).toEqual([]);
    });
  });

  describe('applying', () => {
    it('moves the contacts and the role index, ends in history, and frees the role for a new request', async () => {
      const [aa, bb, cc] = [uniqueNic('aa'), uniqueNic('bb'), uniqueNic('cc')];
      const service = await sut.seed({ admin: aa, tech: aa, billing: aa }, [bb, cc]);
      const request = changeRecord(service, { roles: ['tech'], to: bb, state: 'applying' });
      await store().createRequests([request], roomyQuota());
      const done = await store().commit(transition(request, { type: 'preconditions_met', service }));
      expect(done.state).toBe('done');
      expect((await store().getService(service.serviceId))?.contacts).toEqual({
        admin: aa,
        tech: bb,
        billing: aa,
      });
      const ids = async (nic: Handle, role?: 'admin' | 'tech' | 'billing') =>
        (await store().listServicesOf(nic, { limit: 10, role })).items.map((s) => s.serviceId);
      expect(await ids(bb, 'tech')).toEqual([service.serviceId]);
      expect(await ids(bb)).toEqual([service.serviceId]);
      expect(await ids(aa, 'tech')).toEqual([]);
      expect(await ids(aa, 'admin')).toEqual([service.serviceId]);
      expect((await store().listHistory(service.serviceId, { limit: 10 })).items).toEqual([done]);
      const next = changeRecord(
        { ...service, contacts: { admin: aa, tech: bb, billing: aa } },
        {
          roles: ['tech'],
          to: cc,
        },
      );
      await store().createRequests([next], roomyQuota());
      expect((await store().getRequest(next.id))?.state).toBe('awaiting_confirmation');
    });

    it('an apply against contacts that changed since they were read is a StaleWriteError', async () => {
      const [aa, bb, cc] = [uniqueNic('aa'), uniqueNic('bb'), uniqueNic('cc')];
      const service = await sut.seed({ admin: aa, tech: aa, billing: aa }, [bb, cc]);
      const tech = changeRecord(service, { roles: ['tech'], to: bb, state: 'applying' });
      const billing = changeRecord(service, { roles: ['billing'], to: cc, state: 'applying' });
      await store().createRequests([tech, billing], roomyQuota());
      await store().commit(transition(tech, { type: 'preconditions_met', service }));
      await expect(
        store().commit(transition(billing, { type: 'preconditions_met', service })),
      ).rejects.toBeInstanceOf(StaleWriteError);
      expect((await store().getService(service.serviceId))?.contacts).toEqual({
        admin: aa,
        tech: bb,
        billing: aa,
      });
      expect((await store().getRequest(billing.id))?.state).toBe('applying');
    });
  });

  describe('paging and index queries', () => {
    it('"my services", by role or not: each service once over pages of two, in service id order', async () => {
      const aa = uniqueNic('aa');
      const bb = uniqueNic('bb');
      const services = [];
      for (let i = 0; i < 5; i++)
        services.push(
          await sut.seed(i < 3 ? { admin: aa, tech: aa, billing: aa } : { admin: bb, tech: aa, billing: bb }),
        );
      const all = services.map((s) => s.serviceId).sort();
      const pages = await allPages((cursor) => store().listServicesOf(aa, { limit: 2, cursor }));
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
      expect(pages.flat().map((s) => s.serviceId)).toEqual(all);
      const admin = await allPages((cursor) =>
        store().listServicesOf(aa, { limit: 2, cursor, role: 'admin' }),
      );
      expect(admin.flat().map((s) => s.serviceId)).toEqual(
        services
          .slice(0, 3)
          .map((s) => s.serviceId)
          .sort(),
      );
      expect((await store().listServicesOf(bb, { limit: 10, role: 'tech' })).items).toEqual([]);
    });

    it("a party's requests: newest first over pages, and by state", async () => {
      const [aa, bb] = [uniqueNic('aa'), uniqueNic('bb')];
      const requests = [];
      for (let i = 0; i < 3; i++) {
        const service = await sut.seed({ admin: aa, tech: aa, billing: aa }, [bb]);
        const request = changeRecord(service, { roles: ['tech'], to: bb, createdAt: isoIn(i * 1000) });
        await store().createRequests([request], roomyQuota());
        requests.push(request);
      }
      await store().commit(transition(requests[1]!, { type: 'cancelled', by: aa }));
      const pages = await allPages((cursor) => store().listRequestsOf(bb, { limit: 2, cursor }));
      expect(pages.flat().map((r) => r.id)).toEqual([requests[2]!.id, requests[1]!.id, requests[0]!.id]);
      const open = await store().listRequestsOf(bb, { limit: 10, state: 'awaiting_confirmation' });
      expect(open.items.map((r) => r.id)).toEqual([requests[2]!.id, requests[0]!.id]);
      const cancelled = await store().listRequestsOf(aa, { limit: 10, state: 'cancelled' });
      expect(cancelled.items.map((r) => [r.id, r.state])).toEqual([[requests[1]!.id, 'cancelled']]);
    });

    it('the open requests due by a moment: soonest first, never one that has ended or is not yet due', async () => {
      const [aa, bb] = [uniqueNic('aa'), uniqueNic('bb')];
      const at = (ms: number) => isoIn(ms, Date.parse('2020-01-01T00:00:00.000Z'));
      const make = async (expiresAt: string) => {
        const service = await sut.seed({ admin: aa, tech: aa, billing: aa }, [bb]);
        const request = changeRecord(service, { roles: ['tech'], to: bb, createdAt: at(0), expiresAt });
        await store().createRequests([request], roomyQuota());
        return request;
      };
      const later = await make(at(3000));
      const sooner = await make(at(1000));
      const ended = await make(at(2000));
      const notYet = await make(at(9000));
      await store().commit(transition(ended, { type: 'cancelled', by: aa }));
      const mine = new Set([later.id, sooner.id, ended.id, notYet.id]);
      // Other cases' requests share the store: only this case's are compared.
      const pages = await allPages((cursor) =>
        store().listOpenExpiringBefore(at(5000), { limit: 2, cursor }),
      );
      expect(
        pages
          .flat()
          .map((r) => r.id)
          .filter((id) => mine.has(id)),
      ).toEqual([sooner.id, later.id]);
    });
  });
});
