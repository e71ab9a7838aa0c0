// The caller's own account and lists, idempotent asking, and the published contract — over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_ROUTES } from '../../functions/http/routes';
import { confirmLinkIn } from '../../infra/local/ses-local';
import { api, problemOf, type Api, type Client } from '../support/client';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let http: Api;
beforeAll(async () => {
  stack = await startTestStack();
  http = api(stack.apiUrl);
});
afterAll(async () => stack?.stop());

/** aa (Finnish) is admin of three services whose tech contact is zz; bb is another account. */
const world = () =>
  stack.seed({
    accounts: { aa: { language: 'fi' }, bb: {}, zz: {} },
    services: Object.fromEntries(
      ['one', 'two', 'three'].map((s) => [s, { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } }]),
    ),
  });

/** Every item of a paged list, following nextCursor; also how many pages it took. */
async function everyPage(as: Client, path: string) {
  const ids: string[] = [];
  let pages = 0;
  let cursor: string | undefined;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const answer = await as.get(
      `${path}${separator}limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.items.length).toBeLessThanOrEqual(1);
    ids.push(
      ...answer.body.items.map((item: { id?: string; serviceId: string }) => item.id ?? item.serviceId),
    );
    cursor = answer.body.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  return { ids, pages };
}

describe('the account', () => {
  it('GET /me is the caller account: nic, email, name, language, zone, time zone, no address change waiting', async () => {
    const w = await world();
    const me = await (await http.as(w.nic('aa').toUpperCase())).get('/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      nic: w.nic('aa'),
      email: w.email('aa'),
      name: 'Account AA',
      language: 'fi',
      // Neither given in the fixtures: the European zone, and the Finnish reader's Helsinki time.
      zone: 'eu',
      timeZone: 'Europe/Helsinki',
      pendingEmail: null,
    });
  });

  it('PUT /me/email starts a change the new address confirms; codes sent afterwards go to the new one', async () => {
    const w = await world();
    const [aa, bb] = await Promise.all([http.as(w.nic('aa')), http.as(w.nic('bb'))]);
    const created = await aa.post(`/services/${w.serviceId('one')}/contact-changes`, { tech: w.nic('bb') });
    const id: string = created.body.requests[0].id;
    await stack.code(w.email('bb'), id);

    const newAddress = `new.${w.email('bb')}`;
    const started = await bb.put('/me/email', { email: newAddress });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ nic: w.nic('bb'), email: w.email('bb'), pendingEmail: newAddress });
    const warning = await stack.email(w.email('bb'), (e) => /change of the email address/.test(e.subject));
    expect(warning.body.text).toContain(newAddress);
    // Until the code comes back nothing changes: resent codes still go to the verified address.
    expect((await bb.post('/me/email/confirm', { token: 'WRONG-CODE' })).status).toBe(422);
    expect((await bb.get('/me')).body.email).toBe(w.email('bb'));

    const codeEmail = await stack.email(newAddress, (e) => /Confirm the new email address/.test(e.subject));
    const emailCode = /\n([0-9A-Z]{4}(?:-[0-9A-Z]{1,4})+)\n/.exec(codeEmail.body.text ?? '')?.[1] ?? '';
    expect(codeEmail.body.text).toContain('/panel/profile?emailCode=');
    expect(emailCode).toMatch(/^[0-9A-Z]{4}-/);
    const changed = await bb.post('/me/email/confirm', { token: emailCode });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ email: newAddress, pendingEmail: null });
    expect((await bb.get('/me')).body.email).toBe(newAddress);
    expect(problemOf(await bb.post('/me/email/confirm', { token: emailCode })).code).toBe('nothing_pending');
    const notice = await stack.email(w.email('bb'), (e) =>
      /email address of your account .* was changed/.test(e.subject),
    );
    expect(notice.body.text).toContain(newAddress);

    expect((await bb.post(`/contact-changes/${id}/resend`, { onlyMe: true })).status).toBe(202);
    const code = await stack.code(newAddress, id);
    const oldCodes = (await stack.emailsTo(w.email('bb'))).filter((e) => confirmLinkIn(e, id) !== undefined);
    expect(oldCodes).toHaveLength(1);
    expect((await bb.post(`/contact-changes/${id}/accept`, { token: code })).status).toBe(200);
  });

  it('PUT /me/email refuses what is not an email address', async () => {
    const w = await world();
    const bb = await http.as(w.nic('bb'));
    for (const body of [{ email: 'not an address' }, {}, { email: w.email('bb'), name: 'x' }]) {
      expect(problemOf(await bb.put('/me/email', body))).toMatchObject({
        status: 400,
        code: 'validation_failed',
      });
    }
    expect((await bb.get('/me')).body.email).toBe(w.email('bb'));
  });
});

describe('lists', () => {
  it('GET /me/contact-changes filters by state and pages with limit=1 and nextCursor, newest first', async () => {
    const w = await world();
    const aa = await http.as(w.nic('aa'));
    const ids: string[] = [];
    for (const s of ['one', 'two', 'three']) {
      const created = await aa.post(`/services/${w.serviceId(s)}/contact-changes`, { tech: w.nic('bb') });
      ids.push(created.body.requests[0].id);
      await stack.code(w.email('bb'), ids.at(-1)!);
    }
    expect((await aa.post(`/contact-changes/${ids[1]}/cancel`)).status).toBe(200);

    const all = await everyPage(aa, '/me/contact-changes');
    expect(all).toEqual({ ids: [...ids].reverse(), pages: 3 });
    expect((await everyPage(aa, '/me/contact-changes?state=awaiting_confirmation')).ids).toEqual([
      ids[2],
      ids[0],
    ]);
    expect((await everyPage(aa, '/me/contact-changes?state=cancelled')).ids).toEqual([ids[1]]);
    expect((await aa.get('/me/contact-changes?state=done')).body).toEqual({ items: [] });
    // bb is asked to confirm all three; zz is only told, of all three.
    expect((await everyPage(await http.as(w.nic('bb')), '/me/contact-changes')).ids).toHaveLength(3);
    expect((await everyPage(await http.as(w.nic('zz')), '/me/contact-changes')).ids).toHaveLength(3);
  });

  it('GET /me/services filters by role and pages', async () => {
    const w = await world();
    const [aa, zz] = await Promise.all([http.as(w.nic('aa')), http.as(w.nic('zz'))]);
    const every = ['one', 'two', 'three'].map(w.serviceId).sort();
    expect((await everyPage(aa, '/me/services')).ids.sort()).toEqual(every);
    expect((await everyPage(aa, '/me/services?role=billing')).ids.sort()).toEqual(every);
    expect((await aa.get('/me/services?role=tech')).body.items).toEqual([]);
    const zzServices = (await zz.get('/me/services?role=tech')).body.items;
    expect(zzServices).toHaveLength(3);
    expect(zzServices[0]).toMatchObject({ myRoles: ['tech'], editableRoles: ['tech'] });
  });

  it.each([
    '/me/contact-changes?limit=0',
    '/me/contact-changes?limit=101',
    '/me/contact-changes?limit=ten',
    '/me/contact-changes?state=open',
    '/me/contact-changes?cursor=not-a-cursor',
    '/me/services?role=owner',
    '/me/services?cursor=eyJwayI6IkFDQ09VTlQjeHgxLW92aCJ9',
  ])('%s is validation_failed', async (path) => {
    const w = await world();
    expect(problemOf(await (await http.as(w.nic('aa'))).get(path))).toEqual({
      status: 400,
      code: 'validation_failed',
      contentType: 'application/problem+json',
    });
  });
});

describe('forged cursors', () => {
  // A cursor with the right key names and the caller's own partition, but a sort key outside the list
  // (docs/data-model.md promises "else validation_failed on cursor"): DynamoDB refuses such an
  // ExclusiveStartKey, and that refusal must be the client's 400, not a 500.
  const cursor = (key: Record<string, string>) => Buffer.from(JSON.stringify(key)).toString('base64url');
  it.each([
    ['/me/services', (pk: string) => ({ pk, sk: 'zzz' })],
    ['/me/services?role=admin', (pk: string) => ({ pk, sk: 'zzz', adminOf: pk })],
    ['/me/contact-changes', (pk: string) => ({ pk, sk: 'PROFILE' })],
    ['/me/contact-changes?state=done', (pk: string) => ({ pk, sk: 'AAA', partyState: `${pk}#done` })],
  ])('%s with a sort key outside the list is validation_failed', async (path, key) => {
    const w = await world();
    const as = await http.as(w.nic('aa'));
    const answer = await as.get(
      `${path}${path.includes('?') ? '&' : '?'}cursor=${cursor(key(`ACCOUNT#${w.nic('aa')}`))}`,
    );
    expect(problemOf(answer)).toEqual({
      status: 400,
      code: 'validation_failed',
      contentType: 'application/problem+json',
    });
  });

  it("a service's history with a sort key outside the list is validation_failed", async () => {
    const w = await world();
    const as = await http.as(w.nic('aa'));
    const forged = cursor({ pk: `SERVICE#${w.serviceId('one')}`, sk: 'AAA' });
    const answer = await as.get(`/services/${w.serviceId('one')}/history?cursor=${forged}`);
    expect(problemOf(answer)).toEqual({
      status: 400,
      code: 'validation_failed',
      contentType: 'application/problem+json',
    });
  });
});

describe('Idempotency-Key on asking for a change', () => {
  it('the same key and body twice: the same answer, and one request', async () => {
    const w = await world();
    const aa = await http.as(w.nic('aa'));
    const path = `/services/${w.serviceId('one')}/contact-changes`;
    const key = { 'idempotency-key': `key-${w.nic('aa')}` };
    const first = await aa.post(path, { tech: w.nic('bb') }, key);
    const second = await aa.post(path, { tech: w.nic('bb') }, key);
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body).toEqual(first.body);
    await stack.code(w.email('bb'), first.body.requests[0].id);
    expect((await aa.get('/me/contact-changes')).body.items.map((r: { id: string }) => r.id)).toEqual([
      first.body.requests[0].id,
    ]);
    const codeEmails = (await stack.emailsTo(w.email('bb'))).filter((e) => confirmLinkIn(e));
    expect(codeEmails).toHaveLength(1);

    const other = await aa.post(path, { tech: w.nic('aa') }, key);
    expect(other.status).toBeGreaterThanOrEqual(400);
    expect(other.status).toBeLessThan(500);
    expect(other.headers.get('content-type')).toBe('application/problem+json');
    expect((await aa.get('/me/contact-changes')).body.items).toHaveLength(1);
  });

  it('a refused ask does not use up its key: fixed and sent again, it is made', async () => {
    const w = await world();
    const aa = await http.as(w.nic('aa'));
    const path = `/services/${w.serviceId('two')}/contact-changes`;
    const key = { 'idempotency-key': `retry-${w.nic('aa')}` };
    expect(problemOf(await aa.post(path, { tech: 'qq1-ovh' }, key)).code).toBe('unknown_account');
    const made = await aa.post(path, { tech: w.nic('bb') }, key);
    expect(made.status).toBe(202);
    await stack.code(w.email('bb'), made.body.requests[0].id);
  });
});

describe('the published contract', () => {
  it('GET /health answers ok', async () => {
    const health = await http.get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
  });

  it('GET /openapi.json is an OpenAPI 3.1 document listing every deployed route', async () => {
    const doc = await http.get('/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\.1\./);
    const listed = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, item]) =>
        Object.keys(item)
          .filter((key) => ['get', 'put', 'post', 'delete', 'patch'].includes(key))
          .map((method) => `${method.toUpperCase()} ${path}`),
    );
    const deployed = HTTP_ROUTES.filter((r) => !r.localOnly).map((r) => `${r.route.method} ${r.route.path}`);
    expect(listed.sort()).toEqual(deployed.sort());
    expect(listed).not.toContain('POST /_local/token');
  });
});
