// The current guide's rules over HTTP, on the local stack: GET /me says the account's zone and time
// zone; the new contact may be named by the verified address of their account, and the request then
// names their handle; an address still waiting for its code names nobody; a contact in another zone
// is refused with zone_mismatch and nothing is written but, for a body naming someone by address, the
// asker's counter of such refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, problemOf, type Api } from '../support/client';
import { startTestStack, type TestStack } from '../support/stack';
import { diffDumps, dumpTable } from '../support/table-dump';

let stack: TestStack;
let http: Api;
beforeAll(async () => {
  stack = await startTestStack();
  http = api(stack.apiUrl);
});
afterAll(async () => stack?.stop());

/** What a refused body wrote: nothing but the asker's counter of refusals by address (issue 22). */
const writtenBesidesRefusalCounter = async (before: Awaited<ReturnType<typeof dumpTable>>) =>
  diffDumps(before, await dumpTable(stack.dynamodbEndpoint, stack.tableName)).filter(
    (change) => !change.includes('"LIMIT#address-refusals#'),
  );

/** aa is every contact of `web`; bb another European account; ca a Canadian one in Toronto time. */
const world = () =>
  stack.seed({
    accounts: { aa: {}, bb: {}, ca: { zone: 'ca', timeZone: 'America/Toronto' } },
    services: { web: { contacts: { admin: 'aa', tech: 'aa', billing: 'aa' } } },
  });

describe('the account says its zone and time zone', () => {
  it('as the fixtures gave them, or eu and the language default', async () => {
    const w = await world();
    const [aa, ca] = await Promise.all([http.as(w.nic('aa')), http.as(w.nic('ca'))]);
    expect((await aa.get('/me')).body).toMatchObject({ zone: 'eu', timeZone: 'UTC' });
    expect((await ca.get('/me')).body).toMatchObject({ zone: 'ca', timeZone: 'America/Toronto' });
  });
});

describe('naming the new contact by email address', () => {
  it('the verified address, in another case, makes the request to its handle', async () => {
    const w = await world();
    const aa = await http.as(w.nic('aa'));
    const created = await aa.post(`/services/${w.serviceId('web')}/contact-changes`, {
      tech: w.email('bb').toUpperCase(),
    });
    expect(created.status).toBe(202);
    expect(created.body.requests).toEqual([expect.objectContaining({ to: w.nic('bb'), roles: ['tech'] })]);
    expect(created.body.message).toContain(w.nic('bb'));
    await stack.code(w.email('bb'), created.body.requests[0].id);
  });

  it('an address only waiting for its code is unknown_account and writes nothing', async () => {
    const w = await world();
    const [aa, bb] = await Promise.all([http.as(w.nic('aa')), http.as(w.nic('bb'))]);
    const waiting = `new.${w.email('bb')}`;
    expect((await bb.put('/me/email', { email: waiting })).status).toBe(202);

    const before = await dumpTable(stack.dynamodbEndpoint, stack.tableName);
    const refused = await aa.post(`/services/${w.serviceId('web')}/contact-changes`, { tech: waiting });
    expect(problemOf(refused)).toMatchObject({ status: 422, code: 'unknown_account' });
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'tech' })]);
    expect(await writtenBesidesRefusalCounter(before)).toEqual([]);
  });

  it('once the address is confirmed, it names the account and the old one nobody', async () => {
    const w = await world();
    const [aa, bb] = await Promise.all([http.as(w.nic('aa')), http.as(w.nic('bb'))]);
    const newAddress = `new.${w.email('bb')}`;
    await bb.put('/me/email', { email: newAddress });
    expect(
      (await bb.post('/me/email/confirm', { token: await stack.emailChangeCode(newAddress) })).status,
    ).toBe(200);
    const path = `/services/${w.serviceId('web')}/contact-changes`;
    expect(problemOf(await aa.post(path, { tech: w.email('bb') })).code).toBe('unknown_account');
    const created = await aa.post(path, { tech: newAddress });
    expect(created.status).toBe(202);
    expect(created.body.requests[0].to).toBe(w.nic('bb'));
  });

  it('something neither a handle nor an address is validation_failed', async () => {
    const w = await world();
    const aa = await http.as(w.nic('aa'));
    const answer = await aa.post(`/services/${w.serviceId('web')}/contact-changes`, {
      tech: 'bob at example',
    });
    expect(problemOf(answer)).toMatchObject({ status: 400, code: 'validation_failed' });
  });
});

describe('zones', () => {
  it('a contact in another zone, by handle or by address, is zone_mismatch 422 and writes nothing', async () => {
    const w = await world();
    const aa = await http.as(w.nic('aa'));
    const path = `/services/${w.serviceId('web')}/contact-changes`;
    const before = await dumpTable(stack.dynamodbEndpoint, stack.tableName);
    for (const named of [w.nic('ca'), w.email('ca')]) {
      const refused = await aa.post(path, { billing: named });
      expect(problemOf(refused)).toEqual({
        status: 422,
        code: 'zone_mismatch',
        contentType: 'application/problem+json',
      });
      expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'billing' })]);
    }
    expect(await writtenBesidesRefusalCounter(before)).toEqual([]);
    expect(await stack.emailsTo(w.email('ca'))).toEqual([]);
  });
});
