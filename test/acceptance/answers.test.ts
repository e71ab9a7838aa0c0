// What the parties of an open request do over HTTP — accept, refuse, cancel, resend — and what the
// API says to everyone else: the wrong code, too many tries, a closed request, a stranger, no token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmLinkIn } from '../../infra/local/ses-local';
import { api, problemOf, type Answer, type Api } from '../support/client';
import { eventually, startTestStack, type TestStack, type World } from '../support/stack';

let stack: TestStack;
let http: Api;
beforeAll(async () => {
  stack = await startTestStack();
  http = api(stack.apiUrl);
});
afterAll(async () => stack?.stop());

const problem = (status: number, code: string) => ({ status, code, contentType: 'application/problem+json' });

/**
 * aa is admin and billing of `web`, zz its tech contact; aa asks to make bb the tech contact, so aa and
 * bb confirm and zz (losing every role) is told. yy is a stranger to all of it.
 */
async function openRequest() {
  const w = await stack.seed({
    accounts: { aa: {}, bb: {}, yy: {}, zz: {} },
    services: { web: { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } } },
  });
  const [aa, bb, yy, zz] = await Promise.all(['aa', 'bb', 'yy', 'zz'].map((n) => http.as(w.nic(n))));
  const created = await aa!.post(`/services/${w.serviceId('web')}/contact-changes`, { tech: w.nic('bb') });
  expect(created.status).toBe(202);
  const id: string = created.body.requests[0].id;
  const codes = { aa: await stack.code(w.email('aa'), id), bb: await stack.code(w.email('bb'), id) };
  return { w, id, codes, aa: aa!, bb: bb!, yy: yy!, zz: zz! };
}

const codeEmailsTo = async (w: World, name: string, id: string) =>
  (await stack.emailsTo(w.email(name))).filter((e) => confirmLinkIn(e, id) !== undefined);

/** The newest code emailed to `name` once it differs from `old`. */
const newCodeFor = (w: World, name: string, id: string, old: string) =>
  eventually(async () => {
    const latest = await stack.code(w.email(name), id);
    return latest !== old ? latest : undefined;
  });

const stateOf = (answer: Answer) => answer.body.state;

describe('answering a request', () => {
  it('a confirmer refuses: the request ends as refused, nothing changes, and the other code dies', async () => {
    const { w, id, codes, aa, bb } = await openRequest();
    const refused = await bb.post(`/contact-changes/${id}/refuse`, { token: codes.bb });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ state: 'refused', completedAt: expect.any(String) });
    expect(refused.body.reason).toContain(w.nic('bb'));
    expect((await aa.get(`/services/${w.serviceId('web')}`)).body.contacts.tech).toBe(w.nic('zz'));
    expect(problemOf(await aa.post(`/contact-changes/${id}/accept`, { token: codes.aa }))).toEqual(
      problem(409, 'request_closed'),
    );
    const history = await aa.get(`/services/${w.serviceId('web')}/history`);
    expect(history.body.items.map((r: { id: string; state: string }) => [r.id, r.state])).toEqual([
      [id, 'refused'],
    ]);
    await stack.email(w.email('aa'), (e) => /was refused/.test(e.subject));
  });

  it('the asker cancels: everyone asked is told and every code stops working', async () => {
    const { w, id, codes, aa, bb } = await openRequest();
    expect(problemOf(await bb.post(`/contact-changes/${id}/cancel`))).toEqual(problem(403, 'not_the_asker'));
    const cancelled = await aa.post(`/contact-changes/${id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      state: 'cancelled',
      message: expect.stringContaining('cancelled'),
    });
    expect(problemOf(await bb.post(`/contact-changes/${id}/accept`, { token: codes.bb }))).toEqual(
      problem(409, 'request_closed'),
    );
    expect(problemOf(await aa.post(`/contact-changes/${id}/cancel`))).toEqual(problem(409, 'request_closed'));
    expect(problemOf(await bb.post(`/contact-changes/${id}/resend`, { onlyMe: true }))).toEqual(
      problem(409, 'request_closed'),
    );
    await stack.email(w.email('bb'), (e) => /was cancelled/.test(e.subject));
    await stack.email(w.email('aa'), (e) => /was cancelled/.test(e.subject));
    expect((await aa.get(`/contact-changes/${id}`)).body.state).toBe('cancelled');
  });

  it('resend: a new code arrives, the old one is invalid_token, the new one works', async () => {
    const { w, id, codes, aa, bb } = await openRequest();
    const resent = await bb.post(`/contact-changes/${id}/resend`, { onlyMe: true });
    expect(resent.status).toBe(202);
    expect(resent.body.state).toBe('awaiting_confirmation');
    const fresh = await newCodeFor(w, 'bb', id, codes.bb);
    expect(await codeEmailsTo(w, 'bb', id)).toHaveLength(2);
    expect(await codeEmailsTo(w, 'aa', id)).toHaveLength(1); // onlyMe: the asker's code is untouched
    expect(problemOf(await bb.post(`/contact-changes/${id}/accept`, { token: codes.bb }))).toEqual(
      problem(422, 'invalid_token'),
    );
    expect((await bb.post(`/contact-changes/${id}/accept`, { token: fresh })).status).toBe(200);
    expect((await aa.post(`/contact-changes/${id}/accept`, { token: codes.aa })).status).toBe(200);
    await eventually(async () =>
      (await aa.get(`/contact-changes/${id}`)).body.state === 'done' ? true : undefined,
    );
  });

  it('the asker has every unanswered confirmer sent a new code', async () => {
    const { w, id, codes, aa } = await openRequest();
    expect((await aa.post(`/contact-changes/${id}/accept`, { token: codes.aa })).status).toBe(200);
    expect((await aa.post(`/contact-changes/${id}/resend`)).status).toBe(202);
    await newCodeFor(w, 'bb', id, codes.bb);
    expect(await codeEmailsTo(w, 'aa', id)).toHaveLength(1); // aa has answered: no new code
  });

  it('five wrong codes are invalid_token, then too_many_attempts even for the right code, until a resend', async () => {
    const { w, id, codes, bb } = await openRequest();
    for (let i = 0; i < 5; i++) {
      expect(problemOf(await bb.post(`/contact-changes/${id}/accept`, { token: 'AAAA-BBBB-CCCC' }))).toEqual(
        problem(422, 'invalid_token'),
      );
    }
    expect(problemOf(await bb.post(`/contact-changes/${id}/accept`, { token: 'AAAA-BBBB-CCCC' }))).toEqual(
      problem(429, 'too_many_attempts'),
    );
    expect(problemOf(await bb.post(`/contact-changes/${id}/accept`, { token: codes.bb }))).toEqual(
      problem(429, 'too_many_attempts'),
    );
    expect(problemOf(await bb.post(`/contact-changes/${id}/refuse`, { token: codes.bb }))).toEqual(
      problem(429, 'too_many_attempts'),
    );
    expect((await bb.post(`/contact-changes/${id}/resend`, { onlyMe: true })).status).toBe(202);
    const fresh = await newCodeFor(w, 'bb', id, codes.bb);
    const accepted = await bb.post(`/contact-changes/${id}/accept`, { token: fresh });
    expect(accepted.status).toBe(200);
    expect(accepted.body.confirmations).toContainEqual(
      expect.objectContaining({ nic: w.nic('bb'), status: 'accepted' }),
    );
  });

  it('answering twice is already_answered, for accept, refuse and resend alike', async () => {
    const { id, codes, aa } = await openRequest();
    expect((await aa.post(`/contact-changes/${id}/accept`, { token: codes.aa })).status).toBe(200);
    expect(problemOf(await aa.post(`/contact-changes/${id}/accept`, { token: codes.aa }))).toEqual(
      problem(409, 'already_answered'),
    );
    expect(problemOf(await aa.post(`/contact-changes/${id}/refuse`, { token: codes.aa }))).toEqual(
      problem(409, 'already_answered'),
    );
    expect(problemOf(await aa.post(`/contact-changes/${id}/resend`, { onlyMe: true }))).toEqual(
      problem(409, 'already_answered'),
    );
  });

  it('after the change is done, answers, cancels and resends are request_closed', async () => {
    const { id, codes, aa, bb } = await openRequest();
    await bb.post(`/contact-changes/${id}/accept`, { token: codes.bb });
    await aa.post(`/contact-changes/${id}/accept`, { token: codes.aa });
    await eventually(async () =>
      (await aa.get(`/contact-changes/${id}`)).body.state === 'done' ? true : undefined,
    );
    expect(problemOf(await bb.post(`/contact-changes/${id}/refuse`, { token: codes.bb }))).toEqual(
      problem(409, 'request_closed'),
    );
    expect(problemOf(await aa.post(`/contact-changes/${id}/cancel`))).toEqual(problem(409, 'request_closed'));
    expect(problemOf(await aa.post(`/contact-changes/${id}/resend`))).toEqual(problem(409, 'request_closed'));
  });

  it("a confirmer using the other confirmer's code is not_a_party, and nothing is recorded", async () => {
    const { id, codes, aa, bb } = await openRequest();
    expect(problemOf(await bb.post(`/contact-changes/${id}/accept`, { token: codes.aa }))).toEqual(
      problem(403, 'not_a_party'),
    );
    expect(problemOf(await bb.post(`/contact-changes/${id}/refuse`, { token: codes.aa }))).toEqual(
      problem(403, 'not_a_party'),
    );
    const after = await aa.get(`/contact-changes/${id}`);
    expect(after.body.confirmations.map((c: { status: string }) => c.status)).toEqual(['pending', 'pending']);
    expect((await aa.post(`/contact-changes/${id}/accept`, { token: codes.aa })).status).toBe(200);
  });

  it('the old contact, only told, may read the request but not answer it or have codes sent', async () => {
    const { id, codes, zz } = await openRequest();
    expect((await zz.get(`/contact-changes/${id}`)).status).toBe(200);
    expect(problemOf(await zz.post(`/contact-changes/${id}/accept`, { token: codes.bb }))).toEqual(
      problem(403, 'not_a_party'),
    );
    expect(problemOf(await zz.post(`/contact-changes/${id}/resend`))).toEqual(problem(403, 'not_a_party'));
    expect(problemOf(await zz.post(`/contact-changes/${id}/cancel`))).toEqual(problem(403, 'not_the_asker'));
  });
});

describe('strangers and callers without a token', () => {
  it("a stranger gets 404 for someone else's request and service, never 403", async () => {
    const { w, id, codes, yy } = await openRequest();
    const notFound = problem(404, 'not_found');
    expect(problemOf(await yy.get(`/contact-changes/${id}`))).toEqual(notFound);
    expect(problemOf(await yy.post(`/contact-changes/${id}/accept`, { token: codes.bb }))).toEqual(notFound);
    expect(problemOf(await yy.post(`/contact-changes/${id}/refuse`, { token: codes.bb }))).toEqual(notFound);
    expect(problemOf(await yy.post(`/contact-changes/${id}/cancel`))).toEqual(notFound);
    expect(problemOf(await yy.post(`/contact-changes/${id}/resend`))).toEqual(notFound);
    expect(problemOf(await yy.get(`/services/${w.serviceId('web')}`))).toEqual(notFound);
    expect(problemOf(await yy.get(`/services/${w.serviceId('web')}/history`))).toEqual(notFound);
    expect((await yy.get('/me/contact-changes')).body.items).toEqual([]);
  });

  it('a request or service that does not exist is 404 too', async () => {
    const { aa } = await openRequest();
    const notFound = problem(404, 'not_found');
    expect(problemOf(await aa.get('/contact-changes/00000000-0000-4000-8000-000000000000'))).toEqual(
      notFound,
    );
    expect(problemOf(await aa.get('/services/no-such-service.example'))).toEqual(notFound);
    expect(problemOf(await aa.get('/services/no-such-service.example/history'))).toEqual(notFound);
  });

  it('without a token, or with a bad one, every authenticated route is 401 unauthenticated', async () => {
    const { w, id, codes } = await openRequest();
    const callers = [
      http,
      http.withAuthorization('Bearer not-a-jwt'),
      http.withAuthorization('Basic YWE6YmI='),
    ];
    for (const caller of callers) {
      for (const answer of [
        await caller.get('/me'),
        await caller.get('/me/services'),
        await caller.get(`/services/${w.serviceId('web')}`),
        await caller.get(`/contact-changes/${id}`),
        await caller.post(`/contact-changes/${id}/accept`, { token: codes.bb }),
        await caller.post(`/services/${w.serviceId('web')}/contact-changes`, { tech: w.nic('yy') }),
      ]) {
        expect(problemOf(answer)).toEqual(problem(401, 'unauthenticated'));
      }
    }
    expect(stateOf(await (await http.as(w.nic('aa'))).get(`/contact-changes/${id}`))).toBe(
      'awaiting_confirmation',
    );
  });
});
