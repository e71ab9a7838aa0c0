// A request nobody finishes confirming expires at the end of its validity window (an hour here):
// seen over HTTP as the request, the service, the history, the lists and the emails. The window is
// passed by moving the stack's clock and running the sweep, as the schedule would: nothing waits for
// real time, so an answer given before the clock moves is in time however slow the machine is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, problemOf, type Api } from '../support/client';
import { startTestStack, type TestStack } from '../support/stack';

const WINDOW_SECONDS = 3600;

let stack: TestStack;
let http: Api;
beforeAll(async () => {
  stack = await startTestStack({ ttlSeconds: WINDOW_SECONDS });
  http = api(stack.apiUrl);
});
afterAll(async () => stack?.stop());

/** Moves the clock just past the request's end and sweeps, as the schedule does: the request expires. */
async function passTheWindow(expiresAt: string) {
  stack.clock.set(new Date(Date.parse(expiresAt) + 1000));
  expect((await stack.sweep()).expired).toBeGreaterThanOrEqual(1);
}

describe('the validity window', () => {
  it('only the asker accepts in time: the request expires, nothing changes, and everyone is told', async () => {
    const w = await stack.seed({
      accounts: { aa: { language: 'fi' }, bb: {}, zz: {} },
      services: { web: { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } } },
    });
    const [aa, bb, zz] = await Promise.all(['aa', 'bb', 'zz'].map((n) => http.as(w.nic(n))));
    const created = await aa!.post(`/services/${w.serviceId('web')}/contact-changes`, { tech: w.nic('bb') });
    expect(created.status).toBe(202);
    const { id, createdAt, expiresAt } = created.body.requests[0];
    expect(Date.parse(expiresAt) - Date.parse(createdAt)).toBe(WINDOW_SECONDS * 1000);
    const codeA = await stack.code(w.email('aa'), id);
    const codeB = await stack.code(w.email('bb'), id);
    expect((await aa!.post(`/contact-changes/${id}/accept`, { token: codeA })).status).toBe(200);

    await passTheWindow(expiresAt);
    const expired = (await bb!.get(`/contact-changes/${id}`)).body;
    expect(expired.state).toBe('expired');
    expect(expired).toMatchObject({
      completedAt: expect.any(String),
      message: expect.stringContaining('expired'),
    });
    expect(expired.confirmations).toEqual([
      expect.objectContaining({ nic: w.nic('aa'), status: 'accepted' }),
      { nic: w.nic('bb'), status: 'pending' },
    ]);

    expect(problemOf(await bb!.post(`/contact-changes/${id}/accept`, { token: codeB }))).toEqual({
      status: 409,
      code: 'request_closed',
      contentType: 'application/problem+json',
    });
    expect(problemOf(await bb!.post(`/contact-changes/${id}/resend`, { onlyMe: true })).code).toBe(
      'request_closed',
    );
    expect(problemOf(await aa!.post(`/contact-changes/${id}/cancel`)).code).toBe('request_closed');

    expect((await aa!.get(`/services/${w.serviceId('web')}`)).body.contacts.tech).toBe(w.nic('zz'));
    const history = await aa!.get(`/services/${w.serviceId('web')}/history`);
    expect(history.body.items.map((r: { id: string; state: string }) => [r.id, r.state])).toEqual([
      [id, 'expired'],
    ]);
    for (const who of [aa!, bb!, zz!]) {
      const listed = await who.get('/me/contact-changes?state=expired');
      expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([id]);
      expect((await who.get('/me/contact-changes?state=awaiting_confirmation')).body.items).toEqual([]);
    }
    await stack.email(w.email('aa'), (e) => /vanheni/.test(e.subject));
    await stack.email(w.email('bb'), (e) => /expired/.test(e.subject));
    await stack.email(w.email('zz'), (e) => /expired/.test(e.subject));
  });

  it('after expiry the role is free again: a new request for it is accepted', async () => {
    const w = await stack.seed({
      accounts: { aa: {}, bb: {}, zz: {} },
      services: { web: { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } } },
    });
    const aa = await http.as(w.nic('aa'));
    const path = `/services/${w.serviceId('web')}/contact-changes`;
    const first = await aa.post(path, { tech: w.nic('bb') });
    expect(first.status).toBe(202);
    expect(problemOf(await aa.post(path, { tech: w.nic('bb') })).code).toBe('change_pending');
    const { id, expiresAt } = first.body.requests[0];
    // A second before the end the sweep leaves it open, and the role stays taken.
    stack.clock.set(new Date(Date.parse(expiresAt) - 1000));
    await stack.sweep();
    expect((await aa.get(`/contact-changes/${id}`)).body.state).toBe('awaiting_confirmation');
    expect(problemOf(await aa.post(path, { tech: w.nic('bb') })).code).toBe('change_pending');
    await passTheWindow(expiresAt);
    expect((await aa.get(`/contact-changes/${id}`)).body.state).toBe('expired');
    const second = await aa.post(path, { tech: w.nic('bb') });
    expect(second.status).toBe(202);
  });
});
