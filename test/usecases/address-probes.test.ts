// Issue 22, item 2: naming a contact by address used to let anyone signed in test, silently and
// without limit, whether an address has an account, and learn its handle from zone_mismatch's detail.
// Refusals of such bodies now count toward a per-asker limit, and no answer names a handle the asker
// did not give.
import { describe, expect, it } from 'vitest';
import { requestContactChange } from '../../shared/usecases/create-change';
import { AA, BB, outcome, SERVICE, world } from './world';

const CA = 'ca4-ovh';

function withCanadian(deps: ReturnType<typeof world>) {
  deps.store.accounts.set(CA, {
    nic: CA,
    email: 'gabrielle@example.ca',
    name: 'Gabrielle',
    language: 'en',
    zone: 'ca',
    unpaidInvoices: 0,
    paymentMethod: true,
  });
  return deps;
}

const refusal = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('probing addresses for accounts', () => {
  it('60 probes: the first 10 refusals are said, the rest are too_many_requests; by handle, nothing is counted', async () => {
    const deps = withCanadian(world()); // 10 address refusals per asker per hour
    const said: string[] = [];
    for (let i = 0; i < 60; i++) {
      const address = i % 2 === 0 ? `nobody${i}@example.com` : 'gabrielle@example.ca';
      said.push(await outcome(requestContactChange(deps, AA, SERVICE, { tech: address })));
    }
    expect(said.slice(0, 10)).toEqual(
      Array.from({ length: 5 }, () => ['unknown_account', 'zone_mismatch']).flat(),
    );
    expect(new Set(said.slice(10))).toEqual(new Set(['too_many_requests']));
    const held = await refusal(requestContactChange(deps, AA, SERVICE, { tech: 'x@example.com' }));
    expect(held).toMatchObject({ code: 'too_many_requests', retryAfterSeconds: expect.any(Number) });
    expect(String((held as Error).message)).not.toContain('example.com');
    // Naming by handle tells nothing new (the handle was given), so it is not held back.
    expect(await outcome(requestContactChange(deps, AA, SERVICE, { tech: CA }))).toBe('zone_mismatch');
    // A real change by address still goes through: it emails the person, so it is no silent probe.
    expect(await outcome(requestContactChange(deps, AA, SERVICE, { tech: `${BB}@example.com` }))).toBe('ok');
    expect(deps.store.requests.size).toBe(1);
    // When Retry-After said, the asker may be refused again.
    deps.advance((held as { retryAfterSeconds: number }).retryAfterSeconds);
    expect(await outcome(requestContactChange(deps, AA, SERVICE, { tech: 'y@example.com' }))).toBe(
      'unknown_account',
    );
  });

  it('a body naming one role by handle and another by address counts as a probe of the address', async () => {
    const deps = withCanadian(world());
    const said: string[] = [];
    for (let i = 0; i < 11; i++) {
      said.push(
        await outcome(requestContactChange(deps, AA, SERVICE, { admin: BB, tech: `nobody${i}@example.com` })),
      );
    }
    expect(said.slice(0, 10)).toEqual(Array(10).fill('unknown_account'));
    expect(said[10]).toBe('too_many_requests');
  });

  it('no refusal names a handle the asker did not give: zone_mismatch and no_change say the address', async () => {
    const deps = withCanadian(world());
    const zone = await refusal(requestContactChange(deps, AA, SERVICE, { billing: 'GABRIELLE@example.ca' }));
    expect(zone).toMatchObject({ code: 'zone_mismatch' });
    expect(JSON.stringify(zone)).not.toContain(CA);
    expect((zone as Error).message).toContain('GABRIELLE@example.ca');
    const same = await refusal(requestContactChange(deps, AA, SERVICE, { billing: `${AA}@example.com` }));
    expect(same).toMatchObject({ code: 'no_change' });
    expect(JSON.stringify(same)).not.toContain(`"${AA}"`);
    expect((same as Error).message).toContain(`${AA}@example.com already is`);
    // By handle, the handle given is the one said.
    expect(await refusal(requestContactChange(deps, AA, SERVICE, { billing: CA }))).toMatchObject({
      message: expect.stringContaining(CA),
    });
  });
});
