// What the control panel needs beyond the API's first version: the account's language, and, on one
// machine only, the list of accounts its sign-in page offers.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, problemOf, type Api } from '../support/client';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let http: Api;
beforeAll(async () => {
  stack = await startTestStack();
  http = api(stack.apiUrl);
});
afterAll(async () => stack?.stop());

const world = () =>
  stack.seed({
    accounts: { aa: { language: 'fi' }, bb: {} },
    services: { one: { contacts: { admin: 'aa', tech: 'aa', billing: 'aa' } } },
  });

it('PUT /me/language saves the language, and emails sent afterwards speak it', async () => {
  const w = await world();
  const aa = await http.as(w.nic('aa'));
  const changed = await aa.put('/me/language', { language: 'en' });
  expect(changed.status).toBe(200);
  expect(changed.body).toEqual({
    nic: w.nic('aa'),
    email: w.email('aa'),
    name: 'Account AA',
    language: 'en',
    zone: 'eu',
    // No time zone of its own: it follows the language, now English.
    timeZone: 'UTC',
    pendingEmail: null,
  });
  expect((await aa.get('/me')).body.language).toBe('en');

  await aa.post(`/services/${w.serviceId('one')}/contact-changes`, { tech: w.nic('bb') });
  const email = await stack.email(w.email('aa'), (e) => /confirm/i.test(e.subject));
  expect(email.subject).toMatch(/^Please confirm/);
});

it('PUT /me/language refuses a language the system does not speak, and a body with more in it', async () => {
  const w = await world();
  const aa = await http.as(w.nic('aa'));
  for (const body of [
    { language: 'sv' },
    { language: 'FI' },
    {},
    { language: 'en', email: 'x@example.com' },
  ]) {
    const answer = await aa.put('/me/language', body);
    expect(problemOf(answer)).toMatchObject({ status: 400, code: 'validation_failed' });
  }
  expect((await aa.get('/me')).body.language).toBe('fi');
  expect((await http.put('/me/language', { language: 'en' })).status).toBe(401);
});

it('GET /_local/accounts lists every account by handle, with its name, for the local sign-in page', async () => {
  const w = await world();
  const answer = await http.get('/_local/accounts');
  expect(answer.status).toBe(200);
  expect(answer.body.accounts).toEqual(
    expect.arrayContaining([
      { nic: w.nic('aa'), name: 'Account AA' },
      { nic: w.nic('bb'), name: 'Account BB' },
    ]),
  );
  const nics = answer.body.accounts.map((a: { nic: string }) => a.nic);
  expect(nics).toEqual([...nics].sort());
});

it('the local routes are not in the published contract', async () => {
  const document = (await http.get('/openapi.json')).body;
  expect(Object.keys(document.paths).filter((path) => path.startsWith('/_local'))).toEqual([]);
  expect(document.paths['/me/language'].put).toBeDefined();
});
