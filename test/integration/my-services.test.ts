import { describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { membershipKey } from '../../shared/adapters/dynamo/entities/membership';
import { DomainError } from '../../shared/domain/errors';
import type { Service } from '../../shared/domain/model';
import { storePerFile } from '../support/dynamodb-local';
import { seedService, uniqueNic } from './builders';

const db = storePerFile();

async function pages(list: (cursor?: string) => Promise<{ items: Service[]; nextCursor?: string }>) {
  const seen: Service[][] = [];
  let cursor: string | undefined;
  do {
    const page = await list(cursor);
    seen.push(page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

describe('my services', () => {
  it('an account with five services reads them two per page, each once, and the last page says it is last', async () => {
    const me = uniqueNic('ma');
    const other = uniqueNic('mb');
    for (let i = 0; i < 5; i++) await seedService(db, { admin: me, tech: other, billing: me });

    const seen = await pages((cursor) => db.store.listServicesOf(me, { limit: 2, cursor }));
    expect(seen.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(new Set(seen.flat().map((s) => s.serviceId)).size).toBe(5);
  });

  it('a role filter lists only the services where the account holds that role, paged without short pages', async () => {
    const me = uniqueNic('ra');
    const other = uniqueNic('rb');
    const billingOnes = [
      await seedService(db, { admin: other, tech: other, billing: me }),
      await seedService(db, { admin: me, tech: other, billing: me }),
      await seedService(db, { admin: other, tech: me, billing: me }),
    ];
    const techOnly = await seedService(db, { admin: other, tech: me, billing: other });

    const billing = await pages((cursor) =>
      db.store.listServicesOf(me, { limit: 2, role: 'billing', cursor }),
    );
    expect(billing.map((page) => page.length)).toEqual([2, 1]);
    expect(billing.flat()).toEqual(expect.arrayContaining(billingOnes));

    const tech = (await db.store.listServicesOf(me, { limit: 10, role: 'tech' })).items.map(
      (s) => s.serviceId,
    );
    expect(tech.sort()).toEqual([billingOnes[2]?.serviceId, techOnly.serviceId].sort());
    expect((await db.store.listServicesOf(me, { limit: 10, role: 'admin' })).items).toEqual([billingOnes[1]]);
  });

  it('a malformed cursor, or one from another account or list, is a validation error naming the cursor', async () => {
    const me = uniqueNic('ca');
    const other = uniqueNic('cb');
    for (let i = 0; i < 2; i++) await seedService(db, { admin: me, tech: me, billing: other });
    await seedService(db, { admin: other, tech: other, billing: other });
    const mine = await db.store.listServicesOf(me, { limit: 1 });
    expect(mine.nextCursor).toBeDefined();

    const attempts = [
      db.store.listServicesOf(me, { limit: 1, cursor: 'not-base64-json!' }),
      db.store.listServicesOf(me, { limit: 1, cursor: Buffer.from('[1,2]').toString('base64url') }),
      db.store.listServicesOf(other, { limit: 1, cursor: mine.nextCursor }),
      db.store.listServicesOf(me, { limit: 1, role: 'admin', cursor: mine.nextCursor }),
    ];
    for (const attempt of attempts) {
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'validation_failed', errors: [{ path: 'cursor' }] });
    }
  });

  it('a stored row that does not read as a service fails the page, naming the row and the field', async () => {
    const me = uniqueNic('xa');
    const other = uniqueNic('xb');
    const good = await seedService(db, { admin: me, tech: other, billing: other });
    const bad = await seedService(db, { admin: me, tech: other, billing: other });
    // A bad migration, say: the row's contacts lost their tech, by role index or not.
    const key = membershipKey(me, bad.serviceId);
    const row = await db.rawItem(key);
    await db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...row, contacts: { admin: me, billing: other } },
      }),
    );

    for (const role of [undefined, 'admin' as const]) {
      await expect(db.store.listServicesOf(me, { limit: 10, role })).rejects.toThrow(
        `A stored membership item does not read as one (${key.pk} / ${key.sk}): contacts.tech: expected a string`,
      );
    }
    // Only the page holding it: the other's rows read as before.
    expect((await db.store.listServicesOf(other, { limit: 10 })).items).toEqual(
      expect.arrayContaining([good, bad]),
    );
  });
});
