import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { guardKey, membershipKey, pointerKey } from '../../shared/adapters/dynamo/keys';
import type { Contacts, ContactChangeRecord } from '../../shared/domain/model';
import { storePerFile } from '../support/dynamodb-local';
import { changeRecord, seedService, uniqueNic } from './builders';

const db = storePerFile();

const serviceIdsOf = async (nic: string, role?: 'admin' | 'tech' | 'billing') =>
  (await db.store.listServicesOf(nic, { limit: 100, role })).items.map((s) => s.serviceId);

describe('applying a confirmed change', () => {
  it('moves the contacts, the role index of old and new contact, the guards, pointers and history together', async () => {
    const admin = uniqueNic('ad');
    const newcomer = uniqueNic('nw');
    const service = await seedService(db, { admin, tech: admin, billing: admin }, [newcomer]);
    const request = changeRecord(service, { roles: ['tech', 'billing'], to: newcomer, state: 'applying' });
    await db.store.createRequests([request]);

    const at = new Date().toISOString();
    const outcome = await db.store.applyChange(request.id, at);
    const contacts: Contacts = { admin, tech: newcomer, billing: newcomer };
    expect(outcome).toMatchObject({
      kind: 'applied',
      service: { contacts },
      request: { state: 'done', completedAt: at },
    });

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
    expect(history).toEqual([outcome.kind === 'applied' && outcome.request]);
  });

  it('an old contact who loses every role loses the service from "my services"', async () => {
    const admin = uniqueNic('ad');
    const oldTech = uniqueNic('ot');
    const newTech = uniqueNic('nt');
    const service = await seedService(db, { admin, tech: oldTech, billing: admin }, [newTech]);
    const request = changeRecord(service, { roles: ['tech'], to: newTech, state: 'applying' });
    await db.store.createRequests([request]);

    expect((await db.store.applyChange(request.id, new Date().toISOString())).kind).toBe('applied');
    expect(await serviceIdsOf(oldTech)).toEqual([]);
    expect(await db.rawItem(membershipKey(oldTech, service.serviceId))).toBeUndefined();
    expect(await serviceIdsOf(newTech)).toEqual([service.serviceId]);
  });

  it('when the contact changed meanwhile it is contacts_changed and nothing is written', async () => {
    const admin = uniqueNic('ad');
    const newcomer = uniqueNic('nw');
    const service = await seedService(db, { admin, tech: admin, billing: admin }, [newcomer]);
    const request = changeRecord(service, { roles: ['tech'], to: newcomer, state: 'applying' });
    await db.store.createRequests([request]);
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

    const outcome = await db.store.applyChange(request.id, new Date().toISOString());
    expect(outcome).toMatchObject({ kind: 'contacts_changed', service: { contacts: { tech: someoneElse } } });
    expect((await db.store.getRequest(request.id))?.state).toBe('applying');
    expect((await db.rawItem(guardKey(service.serviceId, 'tech')))?.requestId).toBe(request.id);
    expect(await serviceIdsOf(newcomer)).toEqual([]);
    expect((await db.store.listHistory(service.serviceId, { limit: 10 })).items).toEqual([]);
  });

  it('a request that is not applying (closed, or already done) is not_applying', async () => {
    const admin = uniqueNic('ad');
    const newcomer = uniqueNic('nw');
    const service = await seedService(db, { admin, tech: admin, billing: admin }, [newcomer]);
    const request = changeRecord(service, { roles: ['tech'], to: newcomer, state: 'applying' });
    await db.store.createRequests([request]);
    const failed = await db.store.closeRequest(
      request,
      'failed',
      'billing has unpaid invoices',
      new Date().toISOString(),
    );

    expect(await db.store.applyChange(request.id, new Date().toISOString())).toEqual({
      kind: 'not_applying',
      request: failed,
    });
    expect(await db.store.applyChange('no-such-request', new Date().toISOString())).toEqual({
      kind: 'not_applying',
      request: undefined,
    });
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
    await db.store.createRequests(requests);

    const at = new Date().toISOString();
    const outcomes = await Promise.all(requests.map((r) => db.store.applyChange(r.id, at)));
    expect(outcomes.map((o) => o.kind)).toEqual(['applied', 'applied']);

    expect((await db.store.getService(service.serviceId))?.contacts).toEqual({ admin, tech, billing });
    expect(await serviceIdsOf(tech, 'tech')).toEqual([service.serviceId]);
    expect(await serviceIdsOf(billing, 'billing')).toEqual([service.serviceId]);
    expect((await db.rawItem(membershipKey(admin, service.serviceId)))?.roles).toEqual(['admin']);
    const history = (await db.store.listHistory(service.serviceId, { limit: 10 })).items;
    expect(history.map((r) => r.id).sort()).toEqual(requests.map((r) => r.id).sort());
    expect(history.every((r) => r.state === 'done')).toBe(true);
  });
});
