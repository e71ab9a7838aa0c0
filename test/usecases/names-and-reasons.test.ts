// What the API adds so that a client speaks in names and in its own language (API.md, "Added
// fields"): `names` for every handle a Service or ContactChange shows, read in one go per answer, and
// `reasonCode`/`reasonBy` for every way a request ends without being applied.
import { describe, expect, it } from 'vitest';
import { cancelChange } from '../../shared/usecases/cancel-resend';
import { requestContactChange } from '../../shared/usecases/create-change';
import {
  getChange,
  getHistory,
  getServiceOf,
  listMyChanges,
  listMyServices,
} from '../../shared/usecases/queries';
import { settle } from '../../shared/usecases/settle';
import { sweepStaleRequests } from '../../shared/usecases/sweep';
import { AA, accept, ask, BB, refuse, SERVICE, world, ZZ } from './world';

const NAMES = { [AA]: 'Aino Aalto', [BB]: 'Bob Brown', [ZZ]: 'Zed Zorn' };

/** Counts the store's reads of accounts (or of their names) while `run` runs. */
async function accountReads(deps: ReturnType<typeof world>, run: () => Promise<unknown>) {
  let reads = 0;
  const count = (call: string) => {
    if (call === 'getAccounts' || call === 'getAccount' || call === 'getNames') reads++;
  };
  deps.store.faults.push(count);
  await run();
  deps.store.faults.splice(deps.store.faults.indexOf(count), 1);
  return reads;
}

describe('names', () => {
  it('a service names its three contacts, in one read of accounts for a whole page', async () => {
    const deps = world();
    deps.store.services.set('other.fi', {
      serviceId: 'other.fi',
      name: 'other.fi',
      type: 'domain',
      contacts: { admin: AA, tech: BB, billing: AA },
    });
    let page: Awaited<ReturnType<typeof listMyServices>> | undefined;
    const reads = await accountReads(deps, async () => {
      page = await listMyServices(deps, AA, { limit: 50 });
    });
    expect(reads).toBe(1);
    expect(page!.items.map((s) => [s.serviceId, s.names])).toEqual([
      ['example.fi', { [AA]: NAMES[AA], [ZZ]: NAMES[ZZ] }],
      ['other.fi', { [AA]: NAMES[AA], [BB]: NAMES[BB] }],
    ]);
    expect((await getServiceOf(deps, AA, SERVICE)).names).toEqual({ [AA]: NAMES[AA], [ZZ]: NAMES[ZZ] });
  });

  it('a request names its asker, contacts, confirmers and those told; the answer to the asker costs no second read', async () => {
    const deps = world();
    let created: Awaited<ReturnType<typeof requestContactChange>> | undefined;
    const reads = await accountReads(deps, async () => {
      created = await requestContactChange(deps, AA, SERVICE, { tech: BB });
    });
    expect(reads).toBe(1); // the plan's own read of the accounts also names them
    expect(created!.requests[0]).toMatchObject({ serviceName: SERVICE, names: NAMES, notified: [ZZ] });
  });

  it('a list of requests is named with one read of accounts, whatever its length', async () => {
    const deps = world();
    await ask(deps, { tech: BB });
    await ask(deps, { billing: ZZ });
    let items: Awaited<ReturnType<typeof listMyChanges>>['items'] = [];
    const reads = await accountReads(deps, async () => {
      ({ items } = await listMyChanges(deps, AA, { limit: 50 }));
    });
    expect(items).toHaveLength(2);
    expect(reads).toBe(1);
    for (const item of items) {
      expect(Object.keys(item.names).sort()).toEqual(
        [...new Set([item.askedBy, item.from, item.to, ...item.notified])].sort(),
      );
    }
  });

  it('an account that no longer exists is shown by its handle alone', async () => {
    const deps = world();
    const { id } = await ask(deps, { tech: BB });
    deps.store.accounts.delete(ZZ);
    expect((await getChange(deps, AA, id)).names).toEqual({ [AA]: NAMES[AA], [BB]: NAMES[BB] });
  });
});

describe('reasonCode and reasonBy', () => {
  it('refused: by whoever said no', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await refuse(deps, id, BB);
    expect(await getChange(deps, AA, id)).toMatchObject({ reasonCode: 'refused', reasonBy: BB });
  });

  it('cancelled: by whoever withdrew it', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await cancelChange(deps, AA, id);
    expect(await getChange(deps, BB, id)).toMatchObject({ reasonCode: 'cancelled', reasonBy: AA });
  });

  it('expired: by nobody', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await accept(deps, id, AA);
    deps.advance(15 * 24 * 3600);
    await sweepStaleRequests(deps);
    expect(await getChange(deps, AA, id)).toMatchObject({ reasonCode: 'expired', reasonBy: null });
  });

  it('authority lost and contacts changed at apply; unpaid invoices names nobody', async () => {
    const deps = world();
    const lost = await ask(deps, { tech: BB });
    await accept(deps, lost.id, AA);
    deps.store.services.get(SERVICE)!.contacts.admin = ZZ; // Aino is no longer admin, only billing
    await accept(deps, lost.id, BB);
    await settle(deps, lost.id, { type: 'apply' });
    expect(await getChange(deps, BB, lost.id)).toMatchObject({ reasonCode: 'authority_lost', reasonBy: AA });

    const other = world();
    const moved = await ask(other, { tech: BB });
    await accept(other, moved.id, AA);
    await accept(other, moved.id, BB);
    other.store.services.get(SERVICE)!.contacts.tech = AA;
    await settle(other, moved.id, { type: 'apply' });
    expect(await getChange(other, AA, moved.id)).toMatchObject({
      reasonCode: 'contacts_changed',
      reasonBy: null,
    });

    const owing = world();
    const billing = await ask(owing, { billing: BB });
    await accept(owing, billing.id, AA);
    owing.store.accounts.get(BB)!.unpaidInvoices = 1;
    await accept(owing, billing.id, BB);
    await settle(owing, billing.id, { type: 'apply' });
    expect(await getChange(owing, AA, billing.id)).toMatchObject({
      reasonCode: 'unpaid_invoices',
      reasonBy: null,
    });
  });

  it('failed on a fault: by nobody, whatever the operators read in `reason`', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await settle(deps, id, { type: 'step_failed', reason: 'The ask task gave up.' });
    expect(await getChange(deps, AA, id)).toMatchObject({
      state: 'failed',
      reasonCode: 'failed',
      reasonBy: null,
    });
  });

  it('an open or done request has none', async () => {
    const deps = world();
    const { id } = await ask(deps);
    expect(await getChange(deps, AA, id)).toMatchObject({ reasonCode: null, reasonBy: null });
    await accept(deps, id, AA);
    await accept(deps, id, BB);
    await settle(deps, id, { type: 'apply' });
    const history = await getHistory(deps, AA, SERVICE, { limit: 10 });
    expect(history.items).toMatchObject([{ id, state: 'done', reasonCode: null, reasonBy: null }]);
  });
});
