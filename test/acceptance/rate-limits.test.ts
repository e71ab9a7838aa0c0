// DESIGN.md's rate limits over HTTP, with the stack set to DESIGN.md's defaults: 3 resends per
// confirmer per request per hour, 30 new requests per asker per hour, 3 address-change starts per
// account per day. A refusal is 429 too_many_requests with Retry-After and sends nothing; the
// counters are items of the table with a TTL (read raw here), since Lambdas scale out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmLinkIn } from '../../infra/local/ses-local';
import { TTL_ATTRIBUTE } from '../../shared/adapters/dynamo/entities/idempotency';
import { api, problemOf, type Answer, type Api } from '../support/client';
import { checkAnswer } from '../support/contract';
import { startTestStack, type TestStack, type World } from '../support/stack';
import { tableReader, type TableReader } from '../support/table-check';

let stack: TestStack;
let http: Api;
let table: TableReader;
beforeAll(async () => {
  stack = await startTestStack({ limits: { resendsPerHour: 3, requestsPerHour: 30, emailChangesPerDay: 3 } });
  http = api(stack.apiUrl);
  table = tableReader(stack.dynamodbEndpoint, stack.tableName);
});
afterAll(async () => {
  table?.close();
  await stack?.stop();
});

const HOUR = 3600;
const DAY = 24 * HOUR;
const epochSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Sends `call` and checks it is refused as a rate limit: 429 too_many_requests whose Retry-After is
 * when the oldest bucket of the counter's sliding window stops counting, as the server saw it
 * (between the clock before and after the call).
 */
async function expectRefused(call: () => Promise<Answer>, counterPk: string, windowSeconds: number) {
  const before = epochSeconds();
  const answer = await call();
  const after = epochSeconds();
  checkAnswer(answer);
  expect(problemOf(answer)).toEqual({
    status: 429,
    code: 'too_many_requests',
    contentType: 'application/problem+json',
  });
  const retryAfter = Number(answer.headers.get('retry-after'));
  const counter = await counterOf(counterPk, windowSeconds);
  expect(retryAfter).toBeGreaterThanOrEqual(counter.firstFreeAt - after);
  expect(retryAfter).toBeLessThanOrEqual(counter.firstFreeAt - before);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  return { answer, counter };
}

/**
 * The raw buckets of `pk` (a sliding window of twelve): their count in all, each with a TTL when it
 * stops counting (a window after its end), and when the oldest does.
 */
async function counterOf(pk: string, windowSeconds: number) {
  const items = await table.query(pk, 'BUCKET#');
  expect(items.length, `the counter ${pk}`).toBeGreaterThan(0);
  const size = windowSeconds / 12;
  for (const item of items) {
    const start = Number(String(item.sk).slice('BUCKET#'.length));
    expect(item).toMatchObject({ entity: 'rate-counter', [TTL_ATTRIBUTE]: start + size + windowSeconds });
  }
  const ttls = items.map((i) => Number(i[TTL_ATTRIBUTE]));
  return { count: items.reduce((sum, i) => sum + Number(i.count), 0), firstFreeAt: Math.min(...ttls), items };
}

const codeEmails = async (w: World, name: string, id: string) =>
  (await stack.emailsTo(w.email(name))).filter((e) => confirmLinkIn(e)?.requestId === id);

const seed = () =>
  stack.seed({
    accounts: { aa: {}, bb: {}, cc: {}, dd: {}, zz: {} },
    services: {
      web: { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } },
      other: { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } },
    },
  });

describe('resends', () => {
  it('a confirmer is sent three new codes an hour per request; the fourth resend is 429 and sends nothing', async () => {
    const w = await seed();
    const [aa, bb] = await Promise.all([http.as(w.nic('aa')), http.as(w.nic('bb'))]);
    const ask = async (service: string) => {
      const created = await aa.post(`/services/${w.serviceId(service)}/contact-changes`, {
        tech: w.nic('bb'),
      });
      const id: string = created.body.requests[0].id;
      await stack.code(w.email('bb'), id);
      return id;
    };
    const id = await ask('web');
    for (let i = 0; i < 3; i++)
      expect((await bb.post(`/contact-changes/${id}/resend`, { onlyMe: true })).status).toBe(202);
    expect(await codeEmails(w, 'bb', id)).toHaveLength(4); // the first code and three new ones

    const pk = `LIMIT#resend#${id}#${w.nic('bb')}`;
    await expectRefused(() => bb.post(`/contact-changes/${id}/resend`, { onlyMe: true }), pk, HOUR);
    // The asker asking for everyone's codes is refused too, for bb's sake: nobody gets an email.
    const aaBefore = (await codeEmails(w, 'aa', id)).length;
    await expectRefused(() => aa.post(`/contact-changes/${id}/resend`), pk, HOUR);
    expect(await codeEmails(w, 'bb', id)).toHaveLength(4);
    expect(await codeEmails(w, 'aa', id)).toHaveLength(aaBefore);
    expect((await counterOf(pk, HOUR)).count).toBe(3);
    // The last code sent still works: the limit stops emails, not answers.
    const latest = await stack.code(w.email('bb'), id);
    expect((await bb.post(`/contact-changes/${id}/accept`, { token: latest })).status).toBe(200);

    // The count is per request: bb's codes for another request are still sent.
    const other = await ask('other');
    expect((await bb.post(`/contact-changes/${other}/resend`, { onlyMe: true })).status).toBe(202);
  });

  it("a refused resend costs nobody else's quota: the asker's own three codes are still sent", async () => {
    const w = await seed();
    const [aa, bb] = await Promise.all([http.as(w.nic('aa')), http.as(w.nic('bb'))]);
    const created = await aa.post(`/services/${w.serviceId('web')}/contact-changes`, { tech: w.nic('bb') });
    const id: string = created.body.requests[0].id;
    await stack.code(w.email('aa'), id);
    for (let i = 0; i < 3; i++)
      expect((await bb.post(`/contact-changes/${id}/resend`, { onlyMe: true })).status).toBe(202);
    // aa asks for everyone's codes: refused for bb's sake, so nothing was sent to aa either…
    await expectRefused(
      () => aa.post(`/contact-changes/${id}/resend`),
      `LIMIT#resend#${id}#${w.nic('bb')}`,
      HOUR,
    );
    // …and aa still has three of their own.
    for (let i = 0; i < 3; i++)
      expect((await aa.post(`/contact-changes/${id}/resend`, { onlyMe: true })).status).toBe(202);
    expect(await codeEmails(w, 'aa', id)).toHaveLength(4);
  });
});

describe('new requests', () => {
  it('an asker makes thirty requests an hour, however they are cancelled; the 31st is 429 and emails nobody', async () => {
    const w = await seed();
    const aa = await http.as(w.nic('aa'));
    const path = `/services/${w.serviceId('web')}/contact-changes`;
    // Refused bodies cost nothing.
    for (let i = 0; i < 3; i++)
      expect(problemOf(await aa.post(path, { tech: w.nic('zz') })).code).toBe('no_change');
    const askAndCancel = async () => {
      const created = await aa.post(path, { tech: w.nic('bb') });
      expect(created.status).toBe(202);
      expect((await aa.post(`/contact-changes/${created.body.requests[0].id}/cancel`)).status).toBe(200);
    };
    for (let i = 0; i < 29; i++) await askAndCancel();
    const pk = `LIMIT#requests#${w.nic('aa')}`;
    // One body that makes two requests needs two of the one use left: refused whole.
    await expectRefused(() => aa.post(path, { tech: w.nic('dd'), billing: w.nic('cc') }), pk, HOUR);
    await askAndCancel(); // the 30th
    await expectRefused(() => aa.post(path, { tech: w.nic('dd') }), pk, HOUR);
    expect((await counterOf(pk, HOUR)).count).toBe(30);
    expect(await stack.emailsTo(w.email('dd'))).toEqual([]);
    expect(await stack.emailsTo(w.email('cc'))).toEqual([]);
    expect((await aa.get('/me/contact-changes?limit=100')).body.items).toHaveLength(30);
    // Per asker: zz, the tech contact, may still ask.
    const zz = await http.as(w.nic('zz'));
    expect((await zz.post(path, { tech: w.nic('dd') })).status).toBe(202);
  });
});

describe('address changes', () => {
  it('three starts a day; the fourth is 429, and neither address hears of it', async () => {
    const w = await seed();
    const bb = await http.as(w.nic('bb'));
    const address = (i: number) => `new${i}.${w.email('bb')}`;
    expect(problemOf(await bb.put('/me/email', { email: w.email('bb') })).code).toBe('no_change'); // not counted
    for (let i = 1; i <= 3; i++) expect((await bb.put('/me/email', { email: address(i) })).status).toBe(202);
    const told = async () =>
      (await stack.emailsTo(w.email('bb'))).filter((e) => /change of the email address/.test(e.subject));
    expect(await told()).toHaveLength(3);

    const pk = `LIMIT#email-change#${w.nic('bb')}`;
    await expectRefused(() => bb.put('/me/email', { email: address(4) }), pk, DAY);
    expect(await stack.emailsTo(address(4))).toEqual([]);
    expect(await told()).toHaveLength(3);
    expect((await bb.get('/me')).body).toMatchObject({ email: w.email('bb'), pendingEmail: address(3) });
    expect((await counterOf(pk, DAY)).count).toBe(3);
    // The change already started can still be confirmed.
    const code = await stack.emailChangeCode(address(3));
    expect((await bb.post('/me/email/confirm', { token: code })).body.email).toBe(address(3));
    // Per account: another account starts its own.
    const cc = await http.as(w.nic('cc'));
    expect((await cc.put('/me/email', { email: `new.${w.email('cc')}` })).status).toBe(202);
  });
});
