// Asking for a change that may not be made: the right status and problem code, as a problem
// document, and nothing written — the service, the asker's requests and the whole table are as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, problemOf, type Api, type Client } from '../support/client';
import { startTestStack, type TestStack, type World } from '../support/stack';
import { diffDumps, dumpTable } from '../support/table-dump';

let stack: TestStack;
let http: Api;
beforeAll(async () => {
  stack = await startTestStack();
  http = api(stack.apiUrl);
});
afterAll(async () => stack?.stop());

/** aa is admin, zz tech, yy billing of `web`; bb is another account; owes says who has an unpaid invoice. */
const world = (owes: string[] = []) =>
  stack.seed({
    accounts: Object.fromEntries(
      ['aa', 'bb', 'yy', 'zz'].map((n) => [n, { unpaidInvoices: owes.includes(n) ? 1 : 0 }]),
    ),
    services: { web: { contacts: { admin: 'aa', tech: 'zz', billing: 'yy' } } },
  });

/** The asker's view of everything a refused request could have touched, and the table itself. */
const snapshot = async (as: Client, w: World) => ({
  service: (await as.get(`/services/${w.serviceId('web')}`)).body,
  myChanges: (await as.get('/me/contact-changes')).body,
  table: await dumpTable(stack.dynamodbEndpoint, stack.tableName),
});

/** Sends the change as `asker` and expects a refusal with `status` and `code` that wrote nothing. */
async function expectRefused(
  w: World,
  asker: string,
  body: unknown,
  expected: { status: number; code: string },
  options: { raw?: { body: string; contentType: string } } = {},
) {
  const as = await http.as(w.nic(asker));
  const before = await snapshot(as, w);
  const path = `/services/${w.serviceId('web')}/contact-changes`;
  const answer = options.raw
    ? await as.raw('POST', path, options.raw.body, { 'content-type': options.raw.contentType })
    : await as.post(path, body);
  expect(problemOf(answer)).toEqual({ ...expected, contentType: 'application/problem+json' });
  expect(answer.body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status: expected.status,
    detail: expect.any(String),
  });
  const after = await snapshot(as, w);
  expect(after.service).toEqual(before.service);
  expect(after.myChanges).toEqual(before.myChanges);
  expect(diffDumps(before.table, after.table)).toEqual([]);
  return answer.body;
}

describe('refused requests write nothing', () => {
  it('a tech contact asks to change the billing contact: role_not_allowed', async () => {
    const w = await world();
    const problem = await expectRefused(
      w,
      'zz',
      { billing: w.nic('bb') },
      { status: 403, code: 'role_not_allowed' },
    );
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'billing' })]);
  });

  it('a billing contact asks to change the admin contact: role_not_allowed', async () => {
    const w = await world();
    await expectRefused(w, 'yy', { admin: w.nic('bb') }, { status: 403, code: 'role_not_allowed' });
  });

  it('the admin names the current tech contact as the new one: no_change', async () => {
    const w = await world();
    await expectRefused(w, 'aa', { tech: w.nic('zz') }, { status: 422, code: 'no_change' });
  });

  it('the admin names a handle that has no account: unknown_account', async () => {
    const w = await world();
    await expectRefused(w, 'aa', { tech: 'qq99999999-ovh' }, { status: 422, code: 'unknown_account' });
  });

  it('the old billing contact has an unpaid invoice: unpaid_invoices', async () => {
    const w = await world(['yy']);
    await expectRefused(w, 'aa', { billing: w.nic('bb') }, { status: 422, code: 'unpaid_invoices' });
  });

  it('the new billing contact has an unpaid invoice: unpaid_invoices', async () => {
    const w = await world(['bb']);
    await expectRefused(w, 'aa', { billing: w.nic('bb') }, { status: 422, code: 'unpaid_invoices' });
  });

  it('an unpaid invoice does not stop a tech change', async () => {
    const w = await world(['bb', 'yy']);
    const as = await http.as(w.nic('aa'));
    const answer = await as.post(`/services/${w.serviceId('web')}/contact-changes`, { tech: w.nic('bb') });
    expect(answer.status).toBe(202);
    // Let its workflow hand out both codes, so that the next test's table is at rest.
    for (const name of ['aa', 'bb']) await stack.code(w.email(name), answer.body.requests[0].id);
  });

  it('a second request for a role that already has one open: change_pending', async () => {
    const w = await world();
    const as = await http.as(w.nic('aa'));
    const first = await as.post(`/services/${w.serviceId('web')}/contact-changes`, { tech: w.nic('bb') });
    expect(first.status).toBe(202);
    // Let the first request's workflow hand out its codes, so the table is at rest before comparing.
    for (const name of ['aa', 'bb']) await stack.code(w.email(name), first.body.requests[0].id);
    await expectRefused(w, 'aa', { tech: w.nic('yy') }, { status: 409, code: 'change_pending' });
    // A request that names the pending role among others is refused whole.
    await expectRefused(
      w,
      'aa',
      { tech: w.nic('yy'), billing: w.nic('bb') },
      { status: 409, code: 'change_pending' },
    );
  });

  it('a stranger asks to change a service they hold no role on: not_found, never 403', async () => {
    const w = await world();
    await expectRefused(w, 'bb', { tech: w.nic('bb') }, { status: 404, code: 'not_found' });
  });

  describe('malformed bodies: validation_failed with the field problems', () => {
    it.each([
      ['a handle that is not one', (w: World) => ({ tech: 'not-a-handle', billing: w.nic('bb') })],
      ['an empty body', () => ({})],
      ['a field that is not a role', (w: World) => ({ tech: w.nic('bb'), owner: w.nic('bb') })],
      ['a handle that is not a string', () => ({ tech: 12345 })],
      ['an array instead of an object', (w: World) => [w.nic('bb')]],
      ['no body at all', () => undefined],
    ])('%s', async (_name, body) => {
      const w = await world();
      const problem = await expectRefused(w, 'aa', body(w), { status: 400, code: 'validation_failed' });
      expect(problem.errors?.length ?? 0).toBeGreaterThan(0);
    });

    it.each([
      ['JSON that does not parse', '{"tech": ', 'application/json'],
      ['a JSON body sent as text/plain', '{"tech":"bb1-ovh"}', 'text/plain'],
      ['a form instead of JSON', 'tech=bb1-ovh', 'application/x-www-form-urlencoded'],
    ])('%s', async (_name, body, contentType) => {
      const w = await world();
      await expectRefused(
        w,
        'aa',
        undefined,
        { status: 400, code: 'validation_failed' },
        { raw: { body, contentType } },
      );
    });
  });
});
