import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixtures, parseFixtures } from '../../shared/adapters/fixtures';
import type { ContactStore } from '../../shared/domain/ports';
import { startDynamoForTests } from '../support/dynamodb-local';

let dynamo: Awaited<ReturnType<typeof startDynamoForTests>>;
let db: { tableName: string; store: ContactStore };

beforeAll(async () => {
  dynamo = await startDynamoForTests();
  db = await dynamo.newStore();
});
afterAll(() => dynamo?.stop());

describe('loading the demo fixtures', () => {
  it('makes every account, service and "my services" list readable, and loading again changes nothing', async () => {
    const fixtures = parseFixtures(JSON.parse(await readFile('fixtures/demo.json', 'utf8')));
    const counts = await loadFixtures(dynamo.doc, db.tableName, fixtures);
    expect(counts.accounts).toBe(fixtures.accounts.length);
    expect(counts.services).toBe(fixtures.services.length);
    expect(counts.invoices).toBe(3);
    await loadFixtures(dynamo.doc, db.tableName, fixtures);

    const accounts = await db.store.getAccounts(fixtures.accounts.map((a) => a.nic));
    expect(accounts.size).toBe(fixtures.accounts.length);
    expect(accounts.get('aa123456-ovh')).toEqual({
      nic: 'aa123456-ovh',
      email: 'aino.aalto@example.com',
      name: 'Aino Aalto',
      language: 'fi',
      zone: 'eu',
      unpaidInvoices: 0,
      paymentMethod: true,
    });
    // Fiona has no payment method on file: she cannot become a billing contact.
    expect(accounts.get('ff31-ovh')?.paymentMethod).toBe(false);
    expect(accounts.get('gg2025-ovh')).toMatchObject({ zone: 'ca', timeZone: 'America/Toronto' });
    // Every account can be named by its address, in any case.
    for (const account of fixtures.accounts) {
      const named = await db.store.accountsWithEmail(account.email.toUpperCase());
      expect(named.map((a) => a.nic)).toEqual([account.nic]);
    }
    // Dan's fixture lists invoices in full; two of them are unpaid.
    expect((await db.store.getAccount('dd2024-ovh'))?.unpaidInvoices).toBe(2);

    for (const service of fixtures.services) {
      expect(await db.store.getService(service.serviceId)).toEqual(service);
    }
    for (const account of fixtures.accounts) {
      const expected = fixtures.services.filter((s) => Object.values(s.contacts).includes(account.nic));
      const page = await db.store.listServicesOf(account.nic, { limit: 100 });
      expect(page.items).toEqual(expect.arrayContaining(expected));
      expect(page.items).toHaveLength(expected.length);
      expect(page.nextCursor).toBeUndefined();
    }
  });

  it('stores handles lower-case whatever case the file uses', async () => {
    const fixtures = parseFixtures({
      accounts: [{ nic: ' XY123-OVH ', email: 'xy@example.com', name: 'Xavier Young', language: 'en' }],
      services: [
        {
          serviceId: 'xy-case.example',
          name: 'xy-case.example',
          type: 'hosting',
          contacts: { admin: 'Xy123-ovh', tech: 'xy123-OVH', billing: 'XY123-ovh' },
        },
      ],
    });
    await loadFixtures(dynamo.doc, db.tableName, fixtures);
    expect((await db.store.getAccount('xy123-ovh'))?.name).toBe('Xavier Young');
    expect((await db.store.getService('xy-case.example'))?.contacts).toEqual({
      admin: 'xy123-ovh',
      tech: 'xy123-ovh',
      billing: 'xy123-ovh',
    });
  });
});
