// Issue 22, replayed over HTTP on the local stack as the attacks were first made: the contact being
// replaced posting junk to the public confirm page to lock everyone else out, a wrong code's page
// showing the whole request, and a signed-in account testing addresses for accounts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseCode } from '../../shared/domain/codes';
import { api, problemOf, type Api } from '../support/client';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { diffDumps, dumpTable } from '../support/table-dump';

let stack: TestStack;
let http: Api;
beforeAll(async () => {
  // Nobody's codes: 8 per request, 30 per source (all of this file's own posts come from 127.0.0.1).
  stack = await startTestStack({
    limits: {
      unownedCodesPerRequestPerHour: 8,
      unownedCodesPerSourcePerHour: 30,
      addressRefusalsPerHour: 10,
    },
  });
  http = api(stack.apiUrl);
});
afterAll(async () => stack?.stop());

/** aa (admin) asks to make bb the tech contact of `web` in place of zz, who is told. */
async function openRequest() {
  const w = await stack.seed({
    accounts: { aa: {}, bb: {}, zz: {} },
    services: { web: { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } } },
  });
  const aa = await http.as(w.nic('aa'));
  const created = await aa.post(`/services/${w.serviceId('web')}/contact-changes`, { tech: w.nic('bb') });
  expect(created.status).toBe(202);
  const id: string = created.body.requests[0].id;
  const codes = { aa: await stack.code(w.email('aa'), id), bb: await stack.code(w.email('bb'), id) };
  return { w, id, aa, codes };
}

const post = async (id: string, fields: Record<string, string>, headers: Record<string, string> = {}) => {
  const answer = await http.raw('POST', `/confirm/${id}`, new URLSearchParams(fields).toString(), {
    'content-type': 'application/x-www-form-urlencoded',
    ...headers,
  });
  return { status: answer.status, headers: answer.headers, html: String(answer.body) };
};

const attemptsOf = async (as: Awaited<ReturnType<Api['as']>>, id: string) => {
  const { body } = await as.get(`/contact-changes/${id}`);
  return body as { state: string; confirmations: { nic: string; status: string }[] };
};

describe('the contact being replaced cannot block their removal (issue 22, item 1)', () => {
  it('zz sees the request, posts 5 junk refusals to its page; aa and bb still accept and the change applies', async () => {
    const { w, id, aa, codes } = await openRequest();
    // The old contact is told, and so sees the request's id in their own list.
    const zz = await http.as(w.nic('zz'));
    const mine = (await zz.get('/me/contact-changes')).body.items as { id: string }[];
    expect(mine.map((r) => r.id)).toContain(id);

    for (let i = 0; i < 5; i++) {
      const junk = await post(id, { token: `AAAA-BBBB-CCCC-DDD${i}`, decision: 'refuse' });
      expect(junk.status).toBe(422);
    }
    // A code shaped like a real one, with a key id that names nobody, is junk too.
    const shaped = await post(id, { token: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ', decision: 'refuse' });
    expect(shaped.status).toBe(422);

    // Nobody is locked: both accept, on the page and over the API, and the change applies.
    expect((await post(id, { token: codes.bb, decision: 'accept' })).status).toBe(200);
    expect((await aa.post(`/contact-changes/${id}/accept`, { token: codes.aa })).status).toBe(200);
    const done = await eventually(async () => {
      const request = await attemptsOf(aa, id);
      return request.state === 'done' ? request : undefined;
    });
    expect(done.confirmations.map((c) => c.status)).toEqual(['accepted', 'accepted']);
    expect((await aa.get(`/services/${w.serviceId('web')}`)).body.contacts.tech).toBe(w.nic('bb'));
  });

  it("a wrong code with bb's key id counts against bb alone: five lock bb, aa still answers", async () => {
    const { id, aa, codes } = await openRequest();
    const symbols = normaliseCode(codes.bb);
    const typo = `${symbols.slice(0, 6)}${symbols.slice(6).split('').reverse().join('')}`;
    for (let i = 0; i < 5; i++)
      expect((await post(id, { token: typo, decision: 'accept' })).status).toBe(422);
    expect((await post(id, { token: codes.bb, decision: 'accept' })).status).toBe(429);
    expect((await aa.post(`/contact-changes/${id}/accept`, { token: codes.aa })).status).toBe(200);
  });

  it('junk past the limit for the request is 429 with Retry-After and a readable page; the owners are not held back', async () => {
    const { id, codes } = await openRequest();
    // From other sources (the local server takes X-Forwarded-For as API Gateway's sourceIp).
    for (let i = 0; i < 8; i++) {
      const junk = await post(
        id,
        { token: 'JUNK', decision: 'refuse' },
        { 'x-forwarded-for': `203.0.113.${i}` },
      );
      expect(junk.status).toBe(422);
    }
    const held = await post(id, { token: 'JUNK', decision: 'refuse' }, { 'x-forwarded-for': '203.0.113.99' });
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(held.html).toMatch(/Too many codes that do not work/);
    expect((await post(id, { token: codes.bb, decision: 'accept' })).status).toBe(200);
  });

  it('junk from one source past its limit is 429 on any request; another source is not held back', async () => {
    const requests = [];
    for (let i = 0; i < 5; i++) requests.push(await openRequest()); // 6 each: under every request's 8
    const from = { 'x-forwarded-for': '198.51.100.23' };
    for (let i = 0; i < 30; i++) {
      const junk = await post(requests[i % 5]!.id, { token: 'JUNK', decision: 'accept' }, from);
      expect(junk.status).toBe(422);
    }
    expect((await post(requests[0]!.id, { token: 'JUNK', decision: 'accept' }, from)).status).toBe(429);
    const other = { 'x-forwarded-for': '198.51.100.24' };
    expect((await post(requests[0]!.id, { token: 'JUNK', decision: 'accept' }, other)).status).toBe(422);
  });
});

describe('a wrong code shows no more than no code (issue 22, item 3)', () => {
  it('GET and POST with a wrong or unknown code show nothing of the request: no service, role or names', async () => {
    const { w, id, codes } = await openRequest();
    const symbols = normaliseCode(codes.bb);
    const typo = `${symbols.slice(0, 6)}${symbols.slice(6).split('').reverse().join('')}`;
    const secrets = [
      w.serviceId('web'),
      'Account AA',
      'Account BB',
      'Account ZZ',
      w.nic('aa'),
      w.nic('bb'),
      w.nic('zz'),
    ];
    const secretsIn = (html: string) => secrets.filter((s) => html.includes(s));
    const noCode = await fetch(`${stack.apiUrl}/confirm/${id}`);
    expect(secretsIn(await noCode.text())).toEqual([]);
    for (const token of ['x', 'AAAA-BBBB', typo, codes.aa.slice(0, -1)]) {
      const shown = await fetch(`${stack.apiUrl}/confirm/${id}?token=${encodeURIComponent(token)}`);
      expect(shown.status).toBe(422);
      expect(secretsIn(await shown.text())).toEqual([]);
    }
    for (const token of ['x', typo]) {
      const answered = await post(id, { token, decision: 'accept' });
      expect(answered.status).toBe(422);
      expect(secretsIn(answered.html)).toEqual([]);
    }
    // The owner's code still shows everything.
    const own = await fetch(`${stack.apiUrl}/confirm/${id}?token=${encodeURIComponent(codes.bb)}`);
    expect(secretsIn(await own.text())).toEqual(expect.arrayContaining([w.serviceId('web'), w.nic('bb')]));
  });
});

describe('addresses cannot be tested for accounts (issue 22, item 2)', () => {
  it('60 probes by address: 10 refusals, then 429 with Retry-After; no answer names a handle; nothing is sent', async () => {
    const w = await stack.seed({
      accounts: { aa: {}, bb: {}, ca: { zone: 'ca' } },
      services: { web: { contacts: { admin: 'aa', tech: 'aa', billing: 'aa' } } },
    });
    const aa = await http.as(w.nic('aa'));
    const path = `/services/${w.serviceId('web')}/contact-changes`;
    const before = await dumpTable(stack.dynamodbEndpoint, stack.tableName);
    const codes: string[] = [];
    for (let i = 0; i < 60; i++) {
      const address = i % 2 === 0 ? `nobody.${i}.${w.email('bb')}` : w.email('ca');
      const refused = await aa.post(path, { tech: address });
      codes.push(problemOf(refused).code);
      expect(JSON.stringify(refused.body)).not.toContain(w.nic('ca'));
      if (i === 59) expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(codes.slice(0, 10)).toEqual(
      Array.from({ length: 5 }, () => ['unknown_account', 'zone_mismatch']).flat(),
    );
    expect(new Set(codes.slice(10))).toEqual(new Set(['too_many_requests']));
    expect(await stack.emailsTo(w.email('ca'))).toEqual([]);
    // Only the asker's counter of refusals was written.
    const written = diffDumps(before, await dumpTable(stack.dynamodbEndpoint, stack.tableName));
    expect(written.map((d) => JSON.stringify(d))).toEqual([
      expect.stringContaining(`address-refusals#${w.nic('aa')}`),
    ]);
    // A change by handle is no probe, and a real one by address still goes through (it emails).
    expect(problemOf(await aa.post(path, { tech: w.nic('ca') })).code).toBe('zone_mismatch');
    expect((await aa.post(path, { tech: w.email('bb') })).status).toBe(202);
  });
});
