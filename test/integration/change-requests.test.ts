import { describe, expect, it } from 'vitest';
import { guardKey } from '../../shared/adapters/dynamo/entities/guard';
import { pointerKey } from '../../shared/adapters/dynamo/entities/pointer';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  CODE_HASHES_ATTRIBUTE,
  requestKey,
  TASK_TOKENS_ATTRIBUTE,
} from '../../shared/adapters/dynamo/entities/request';
import { OPEN_INDEX } from '../../shared/adapters/dynamo/table';
import { createTaskTokens } from '../../shared/adapters/dynamo/task-tokens';
import { newCode, reminder } from '../../shared/domain/confirmers';
import { DomainError } from '../../shared/domain/errors';
import { decide, type LifecycleEvent } from '../../shared/domain/lifecycle';
import type { ContactChangeRecord } from '../../shared/domain/model';
import { StaleWriteError } from '../../shared/domain/ports';
import { storePerFile } from '../support/dynamodb-local';
import { changeRecord, isoIn, seedService, uniqueNic, roomyQuota } from './builders';

const db = storePerFile();
const now = () => new Date().toISOString();

/** What the lifecycle decides for `event` on the request as `read`, carried out by the store. */
const commit = (read: ContactChangeRecord, event: LifecycleEvent, at = now()) =>
  db.store.commit(decide(read, event, at)!);
const fresh = async (id: string) => (await db.store.getRequest(id))!;

/** A service held wholly by a fresh admin, and a fresh account to hand roles to. */
async function adminAndNewcomer() {
  const admin = uniqueNic('aa');
  const newcomer = uniqueNic('nn');
  const service = await seedService(db, { admin, tech: admin, billing: admin }, [newcomer]);
  return { admin, newcomer, service };
}

describe('creating change requests', () => {
  it('a second open request for the same service and role is change_pending and writes nothing', async () => {
    const { newcomer, service } = await adminAndNewcomer();
    const first = changeRecord(service, { roles: ['tech'], to: newcomer });
    await db.store.createRequests([first], roomyQuota());
    expect(await db.store.getRequest(first.id)).toEqual(first);

    const billing = changeRecord(service, { roles: ['billing'], to: newcomer });
    const again = changeRecord(service, { roles: ['tech'], to: uniqueNic('zz') });
    const error = await db.store.createRequests([billing, again], roomyQuota()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'change_pending', errors: [{ path: 'tech' }] });

    expect(await db.store.getRequest(billing.id)).toBeUndefined();
    expect(await db.store.getRequest(again.id)).toBeUndefined();
    expect(await db.rawItem(guardKey(service.serviceId, 'billing'))).toBeUndefined();
    expect((await db.rawItem(guardKey(service.serviceId, 'tech')))?.requestId).toBe(first.id);
  });

  it('closing a request removes its guards, so a new request for the same role is allowed, and writes history', async () => {
    const { admin, newcomer, service } = await adminAndNewcomer();
    const first = changeRecord(service, { roles: ['tech', 'billing'], to: newcomer });
    await db.store.createRequests([first], roomyQuota());

    const closedAt = now();
    const closed = await commit(first, { type: 'cancelled', by: admin }, closedAt);
    expect(closed).toMatchObject({
      state: 'cancelled',
      reason: `${admin} withdrew the request.`,
      why: { code: 'cancelled', nics: [admin] },
      completedAt: closedAt,
    });
    expect(closed.confirmers.every((c) => c.codeHash === undefined)).toBe(true);
    expect(await db.rawItem(requestKey(first.id))).not.toHaveProperty('waits');
    expect(await db.store.getRequest(first.id)).toEqual(closed);
    expect(await db.rawItem(guardKey(service.serviceId, 'tech'))).toBeUndefined();
    expect((await db.rawItem(pointerKey(admin, first)))?.state).toBe('cancelled');
    // The past keeps the request as it ended, without any code hash.
    const past = { ...closed, confirmers: closed.confirmers.map(({ spentCodeHash: _, ...c }) => c) };
    expect((await db.store.listHistory(service.serviceId, { limit: 10 })).items).toEqual([past]);

    await db.store.createRequests([changeRecord(service, { roles: ['tech'], to: newcomer })], roomyQuota());
    // Closing again from the state read before is stale.
    await expect(commit(first, { type: 'window_passed' }, closedAt)).rejects.toBeInstanceOf(StaleWriteError);
  });

  it('a close that missed an answer given meanwhile is stale', async () => {
    const { newcomer, service } = await adminAndNewcomer();
    const request = changeRecord(service, { roles: ['tech'], to: newcomer });
    await db.store.createRequests([request], roomyQuota());
    await commit(request, { type: 'accepted', nic: newcomer });
    await expect(commit(request, { type: 'window_passed' })).rejects.toBeInstanceOf(StaleWriteError);
  });
});

describe('answering', () => {
  it('the last acceptance moves the request and every party pointer to applying in one write', async () => {
    const { admin, newcomer, service } = await adminAndNewcomer();
    const request = changeRecord(service, { roles: ['billing'], to: newcomer });
    await db.store.createRequests([request], roomyQuota());

    const at = now();
    const afterFirst = await commit(request, { type: 'accepted', nic: admin }, at);
    expect(afterFirst.state).toBe('awaiting_confirmation');
    expect(afterFirst.confirmers[0]).toMatchObject({ nic: admin, status: 'accepted', at });
    // The used code can never match again.
    expect(afterFirst.confirmers[0]?.codeHash).toBeUndefined();

    const afterLast = await commit(afterFirst, { type: 'accepted', nic: newcomer }, at);
    expect(afterLast.state).toBe('applying');
    expect(await db.store.getRequest(request.id)).toEqual(afterLast);
    for (const nic of [admin, newcomer]) {
      expect((await db.rawItem(pointerKey(nic, request)))?.state).toBe('applying');
    }
  });

  it('an answer from a stale read (a resend replaced the code meanwhile) is a StaleWriteError', async () => {
    const { newcomer, service } = await adminAndNewcomer();
    const request = changeRecord(service, { roles: ['tech'], to: newcomer });
    await db.store.createRequests([request], roomyQuota());
    const resent = await db.store.commit(newCode(request, newcomer, 'a-new-hash', now()));
    expect(resent.confirmers[1]).toMatchObject({ codeHash: 'a-new-hash', attempts: 0 });
    expect(await fresh(request.id)).toEqual(resent);

    const at = now();
    await expect(commit(request, { type: 'accepted', nic: newcomer }, at)).rejects.toBeInstanceOf(
      StaleWriteError,
    );
    const accepted = await commit(resent, { type: 'accepted', nic: newcomer }, at);
    expect(accepted).toMatchObject({ state: 'awaiting_confirmation' });
    expect(accepted.confirmers[1]).toMatchObject({ status: 'accepted', at, spentCodeHash: 'a-new-hash' });
    // Answering twice from the same read loses.
    await expect(commit(resent, { type: 'refused', nic: newcomer }, at)).rejects.toBeInstanceOf(
      StaleWriteError,
    );
  });

  it('an answer after the expiry is stale even while the request is still open', async () => {
    const { newcomer, service } = await adminAndNewcomer();
    const request = changeRecord(service, { roles: ['tech'], to: newcomer, expiresAt: isoIn(-1000) });
    await db.store.createRequests([request], roomyQuota());
    await expect(commit(request, { type: 'accepted', nic: newcomer })).rejects.toBeInstanceOf(
      StaleWriteError,
    );
  });

  it('wrong codes are counted only while the confirmer is pending; the reminder is marked once', async () => {
    const { admin, newcomer, service } = await adminAndNewcomer();
    const request = changeRecord(service, { roles: ['tech'], to: newcomer });
    await db.store.createRequests([request], roomyQuota());

    const wrong = async () =>
      (await commit(await fresh(request.id), { type: 'wrong_code', nics: [newcomer] })).confirmers[1]
        ?.attempts;
    expect(await wrong()).toBe(1);
    expect(await wrong()).toBe(2);
    const tokens = createTaskTokens({ doc: db.doc, name: db.tableName });
    expect(await tokens.remember(request.id, newcomer, 'a-retried-wait')).toBe(true);
    const read = await fresh(request.id);
    expect(read.confirmers[1]).toMatchObject({ attempts: 2, codeHash: `hash-of-${newcomer}` });
    expect((await tokens.of(read)).get(newcomer)).toBe('a-retried-wait');

    const at = now();
    await db.store.commit(reminder(read, newcomer, at));
    await expect(db.store.commit(reminder(read, newcomer, at))).rejects.toBeInstanceOf(StaleWriteError);

    await commit(request, { type: 'accepted', nic: admin }, at);
    await expect(commit(request, { type: 'wrong_code', nics: [admin] })).rejects.toBeInstanceOf(
      StaleWriteError,
    );
    await expect(db.store.commit(newCode(request, admin, 'x', at))).rejects.toBeInstanceOf(StaleWriteError);
  });
});

describe('lists of requests', () => {
  it('the sweep sees only open requests expiring at or before the given time, oldest first', async () => {
    const base = Date.parse('2031-01-01T00:00:00.000Z') + Math.floor(Math.random() * 1e9);
    const at = (offset: number) => isoIn(offset, base);
    const services = [];
    for (let i = 0; i < 4; i++) services.push((await adminAndNewcomer()).service);
    const [a, b, c, d] = services.map((service, i) =>
      changeRecord(service, {
        roles: ['tech'],
        to: uniqueNic('sw'),
        expiresAt: at(i * 1000),
        createdAt: at(-1000),
      }),
    );
    if (!a || !b || !c || !d) throw new Error('four requests expected');
    await db.store.createRequests([a, b, c, d], roomyQuota());
    await commit(b, { type: 'cancelled', by: b.askedBy }, at(0));

    // Other tests' requests share the open index; read it all and keep ours.
    const due = [];
    let cursor: string | undefined;
    do {
      const page = await db.store.listOpenExpiringBefore(at(2000), { limit: 50, cursor });
      due.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const ours = due.filter((r) => [a, b, c, d].some((x) => x.id === r.id));
    expect(ours.map((r) => r.id)).toEqual([a.id, c.id]);
  });

  it('the sweep reads no secret: its index copy has no code hash or task token, and every other attribute', async () => {
    const { service } = await adminAndNewcomer();
    const request = changeRecord(service, { roles: ['tech'], to: uniqueNic('ix'), expiresAt: isoIn(-5) });
    await db.store.createRequests([request], roomyQuota());
    await createTaskTokens({ doc: db.doc, name: db.tableName }).remember(
      request.id,
      request.confirmers[0]!.nic,
      'task-token-1',
    );

    const item = (await db.rawItem(requestKey(request.id)))!;
    expect(Object.keys(item)).toEqual(expect.arrayContaining([CODE_HASHES_ATTRIBUTE, TASK_TOKENS_ATTRIBUTE]));
    const { Items = [] } = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: OPEN_INDEX.indexName,
        KeyConditionExpression: '#pk = :open',
        FilterExpression: '#id = :id',
        ExpressionAttributeNames: { '#pk': OPEN_INDEX.partitionKey, '#id': 'id' },
        ExpressionAttributeValues: { ':open': 'OPEN', ':id': request.id },
      }),
    );
    const copy = Items[0]!;
    // Everything of the item but the secrets: a new attribute must be projected, or named secret here.
    const secrets = [CODE_HASHES_ATTRIBUTE, TASK_TOKENS_ATTRIBUTE];
    expect(Object.keys(copy).sort()).toEqual(
      Object.keys(item)
        .filter((k) => !secrets.includes(k))
        .sort(),
    );
    expect(JSON.stringify(copy)).not.toMatch(/hash|task-token/i);

    // Read through the store, the copy is the request without its codes.
    const [seen] = (await db.store.listOpenExpiringBefore(isoIn(0), { limit: 100 })).items.filter(
      (r) => r.id === request.id,
    );
    const { confirmers, ...rest } = request;
    expect(seen).toMatchObject(rest);
    expect(seen!.confirmers.map((c) => c.codeHash)).toEqual(confirmers.map(() => undefined));
  });

  it("a party's requests come newest first, and a state filter pages through that state only", async () => {
    const { admin, newcomer, service } = await adminAndNewcomer();
    const other = await seedService(db, { admin, tech: admin, billing: admin });
    const third = await seedService(db, { admin, tech: admin, billing: admin });
    const old = changeRecord(service, { roles: ['tech'], to: newcomer, createdAt: isoIn(-3000) });
    const mid = changeRecord(other, { roles: ['tech'], to: newcomer, createdAt: isoIn(-2000) });
    const recent = changeRecord(third, { roles: ['billing'], to: newcomer, createdAt: isoIn(-1000) });
    await db.store.createRequests([old, mid, recent], roomyQuota());
    await commit(mid, { type: 'refused', nic: newcomer });

    const all = await db.store.listRequestsOf(newcomer, { limit: 10 });
    expect(all.items.map((r) => r.id)).toEqual([recent.id, mid.id, old.id]);

    const first = await db.store.listRequestsOf(admin, { limit: 1, state: 'awaiting_confirmation' });
    expect(first.items.map((r) => r.id)).toEqual([recent.id]);
    const second = await db.store.listRequestsOf(admin, {
      limit: 1,
      state: 'awaiting_confirmation',
      cursor: first.nextCursor,
    });
    expect(second.items.map((r) => r.id)).toEqual([old.id]);
    expect(second.nextCursor).toBeUndefined();
    expect(
      (await db.store.listRequestsOf(admin, { limit: 10, state: 'refused' })).items.map((r) => r.id),
    ).toEqual([mid.id]);
  });
});
