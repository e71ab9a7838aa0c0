// The DynamoDB store's display names (`getNames`) on DynamoDB Local: a name changed by a new load of
// the customer data shows within the bound of docs/decisions.md ("Names from a short-lived cache"),
// at once when the account is read whole meanwhile.
import { describe, expect, it } from 'vitest';
import { loadFixtures, parseFixtures } from '../../shared/adapters/fixtures';
import { NAMES_FRESH_MS } from '../../shared/adapters/dynamo/names';
import { createDynamoStore } from '../../shared/adapters/dynamo/store';
import type { Handle } from '../../shared/domain/model';
import { storePerFile } from '../support/dynamodb-local';
import { seedService, uniqueNic } from './builders';

const db = storePerFile();

/** A store of its own (its own cache) over the file's table, with a clock the test moves. */
function storeWithClock() {
  let now = Date.now();
  const store = createDynamoStore(db.doc, db.tableName, { names: { clock: () => now } });
  return { store, advance: (ms: number) => (now += ms) };
}

/** The provider's customer data loaded again with a new name for `nic`. */
const rename = (nic: Handle, name: string) =>
  loadFixtures(
    db.doc,
    db.tableName,
    parseFixtures({ accounts: [{ nic, email: `${nic}@example.com`, name, language: 'en' }], services: [] }),
  );

describe('display names', () => {
  it('a new name shows within the bound, not before, and an unknown handle is left out', async () => {
    const [aa, zz, missing] = [uniqueNic('na'), uniqueNic('nz'), uniqueNic('nx')];
    await seedService(db, { admin: aa, tech: zz, billing: aa });
    const { store, advance } = storeWithClock();
    expect(await store.getNames([aa, zz, missing])).toEqual(
      new Map([
        [aa, aa],
        [zz, zz],
      ]),
    );

    await rename(aa, 'Aino Aalto');
    advance(NAMES_FRESH_MS - 1);
    expect((await store.getNames([aa])).get(aa)).toBe(aa);
    advance(1);
    expect((await store.getNames([aa])).get(aa)).toBe('Aino Aalto');
  });

  it('a name shows at once in a process that has read the account whole since', async () => {
    const aa = uniqueNic('nb');
    await seedService(db, { admin: aa, tech: aa, billing: aa });
    const { store } = storeWithClock();
    await store.getNames([aa]);
    await rename(aa, 'Aino Aalto');
    await store.getAccounts([aa]);
    expect((await store.getNames([aa])).get(aa)).toBe('Aino Aalto');
  });

  it('an account made after its handle was asked for is named at once', async () => {
    const aa = uniqueNic('nc');
    const { store } = storeWithClock();
    expect(await store.getNames([aa])).toEqual(new Map());
    await rename(aa, 'Aino Aalto');
    expect((await store.getNames([aa])).get(aa)).toBe('Aino Aalto');
  });
});
