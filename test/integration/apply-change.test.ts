import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { guardKey } from '../../shared/adapters/dynamo/entities/guard';
import { membershipKey } from '../../shared/adapters/dynamo/entities/membership';
import { pointerKey } from '../../shared/adapters/dynamo/entities/pointer';
import { decide } from '../../shared/domain/lifecycle';
import type { Contacts, ContactChangeRecord, Service } from '../../shared/domain/model';
import { StaleWriteError } from '../../shared/domain/ports';
import type { Deps } from '../../shared/usecases/deps';
import { settle } from '../../shared/usecases/settle';
import { storePerFile } from '../support/dynamodb-local';
import { memoryDeps } from '../support/memory';
import { changeRecord, seedService, uniqueNic, roomyQuota } from './builders';

const db = storePerFile();

/** The apply the lifecycle decides for `request` with `service` as read, carried out by the store. */
const applyAsRead = (request: ContactChangeRecord, service: Service, at = new Date().toISOString()) =>
  db.store.commit(decide(request, { type: 'preconditions_met', service }, at)!);

const serviceIdsOf = async (nic: string, role?: 'admin' | 'tech' | 'billing') =>
  (await db.store.listServicesOf(nic, { limit: 100, role })).items.map((s) => s.serviceId);

describe('applying a confirmed change', () => {
  it('moves the contacts, the role index of old and new contact, the guards, pointers and history together', async () => {
    const admin = uniqueNic('ad');
    const newcomer = uniqueNic('nw');
    const service = await seedService(db, { admin, tech: admin, billing: admin }, [newcomer]);
    const request = changeRecord(service, { roles: ['tech', 'billing'], to: newcomer, state: 'applying' });
    await db.store.createRequests([request], roomyQuota());

    const at = new Date().toISOString();
    const done = await applyAsRead(request, service, at);
    const contacts: Contacts = { admin, tech: newcomer, billing: newcomer };
    expect(done).toMatchObject({ state: 'done', completedAt: at });

    expect((await db.store.getService(service.serviceId))?.contacts).toEqual(contacts);
    expect(await db.store.getRequest(request.id)).toMatchObject({ state: 'done', completedAt: at });
    expect(await serviceIdsOf(newcomer, 'tech')).toEqual([service.serviceId]);
    expect(await serviceIdsOf(newcomer, 'billing')).toEqual([service.serviceId]);
    expect(await serviceIdsOf(admin, 'tech')).toEqual([]);
    expect(await serviceIdsOf(admin, 'admin')).toEqual([service.serviceId]);
    // The snapshot in "my services" shows the new contacts too.
    expect((await db.store.listServicesOf(admin, { limit: 10 })).items[0]?.contacts).toEqual(contacts);
    expect((await db.rawItem(membershipKey(newcomer, service.serviceId)))?.roles).toEqual([
      'tech',
      'billing',
    ]);
    expect(await db.rawItem(guardKey(service.serviceId, 'tech'))).toBeUndefined();
    expect((await db.rawItem(pointerKey(newcomer, request)))?.state).toBe('done');
    const history = (await db.store.listHistory(service.serviceId, { limit: 10 })).items;
    expect(history).toEqual([done]);
  });

  it('an old contact who loses every role loses the service from "my services"', async () => {
    const admin = uniqueNic('ad');
    const oldTech = uniqueNic('ot');
    const newTech = uniqueNic('nt');
    const service = await seedService(db, { admin, tech: oldTech, billing: admin }, [newTech]);
    const request = changeRecord(service, { roles: ['tech'], to: newTech, state: 'applying' });
    await db.store.createRequests([request], roomyQuota());

    expect((await applyAsRead(request, service)).state).toBe('done');
    expect(await serviceIdsOf(oldTech)).toEqual([]);
    expect(await db.rawItem(membershipKey(oldTech, service.serviceId))).toBeUndefined();
    expect(await serviceIdsOf(newTech)).toEqual([service.serviceId]);
  });

  it('when the contact changed since the service was read the apply is stale and nothing is written', async () => {
    const admin = uniqueNic('ad');
    const newcomer = uniqueNic('nw');
    const service = await seedService(db, { admin, tech: admin, billing: admin }, [newcomer]);
    const request = changeRecord(service, { roles: ['tech'], to: newcomer, state: 'applying' });
    await db.store.createRequests([request], roomyQuota());
    // Someone (support, by hand) gave tech to another account after the request was confirmed.
    const someoneElse = uniqueNic('se');
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: { pk: `SERVICE#${service.serviceId}`, sk: 'PROFILE' },
        UpdateExpression: 'SET contacts.tech = :nic',
        ExpressionAttributeValues: { ':nic': someoneElse },
      }),
    );

    await expect(applyAsRead(request, service)).rejects.toBeInstanceOf(StaleWriteError);
    expect((await db.store.getService(service.serviceId))?.contacts.tech).toBe(someoneElse);
    expect((await db.store.getRequest(request.id))?.state).toBe('applying');
    expect((await db.rawItem(guardKey(service.serviceId, 'tech')))?.requestId).toBe(request.id);
    expect(await serviceIdsOf(newcomer)).toEqual([]);
    expect((await db.store.listHistory(service.serviceId, { limit: 10 })).items).toEqual([]);
  });

  it('a request that is no longer applying (closed, or already done) is stale to apply', async () => {
    const admin = uniqueNic('ad');
    const newcomer = uniqueNic('nw');
    const service = await seedService(db, { admin, tech: admin, billing: admin }, [newcomer]);
    const request = changeRecord(service, { roles: ['tech'], to: newcomer, state: 'applying' });
    await db.store.createRequests([request], roomyQuota());
    const failed = await db.store.commit(
      decide(
        request,
        { type: 'preconditions_broken', why: { code: 'unpaid_invoices', nics: [newcomer] } },
        new Date().toISOString(),
      )!,
    );

    await expect(applyAsRead(request, service)).rejects.toBeInstanceOf(StaleWriteError);
    expect(await db.store.getRequest(request.id)).toEqual(failed);
    await expect(applyAsRead({ ...request, id: crypto.randomUUID() }, service)).rejects.toBeInstanceOf(
      StaleWriteError,
    );
    expect((await db.store.getService(service.serviceId))?.contacts.tech).toBe(admin);
  });

  it('two concurrent applies for different roles of one service both apply, with complete history', async () => {
    const admin = uniqueNic('ad');
    const tech = uniqueNic('te');
    const billing = uniqueNic('bi');
    const service = await seedService(db, { admin, tech: admin, billing: admin }, [tech, billing]);
    const requests: ContactChangeRecord[] = [
      changeRecord(service, { roles: ['tech'], to: tech, state: 'applying' }),
      changeRecord(service, { roles: ['billing'], to: billing, state: 'applying' }),
    ];
    await db.store.createRequests(requests, roomyQuota());

    // Each apply is settled as the workflow's Apply task does: the loser of the race re-reads and applies.
    const deps: Deps = { ...memoryDeps(), store: db.store, now: () => new Date() };
    const outcomes = await Promise.all(requests.map((r) => settle(deps, r.id, { type: 'apply' })));
    expect(outcomes.map((o) => o?.state)).toEqual(['done', 'done']);

    expect((await db.store.getService(service.serviceId))?.contacts).toEqual({ admin, tech, billing });
    expect(await serviceIdsOf(tech, 'tech')).toEqual([service.serviceId]);
    expect(await serviceIdsOf(billing, 'billing')).toEqual([service.serviceId]);
    expect((await db.rawItem(membershipKey(admin, service.serviceId)))?.roles).toEqual(['admin']);
    const history = (await db.store.listHistory(service.serviceId, { limit: 10 })).items;
    expect(history.map((r) => r.id).sort()).toEqual(requests.map((r) => r.id).sort());
    expect(history.every((r) => r.state === 'done')).toBe(true);
  });
});
