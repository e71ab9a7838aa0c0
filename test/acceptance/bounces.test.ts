// A code email that bounces, over HTTP on the local stack, where every email to a `@bounce.test`
// address is followed by SES's bounce notice to the deployed bounce handler (infra/local/bounces.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Api, type Client } from '../support/client';
import { eventually, startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let http: Api;
beforeAll(async () => {
  stack = await startTestStack();
  http = api(stack.apiUrl);
});
afterAll(async () => stack?.stop());

/** The verified address change, as the person does it in the profile. */
async function changeAddress(who: Client, address: string) {
  expect((await who.put('/me/email', { email: address })).status).toBe(202);
  const token = await stack.emailChangeCode(address);
  expect((await who.post('/me/email/confirm', { token })).status).toBe(200);
}

describe('a code email that bounces', () => {
  it('shows on the request, the asker is told in their language, and a resend to the fixed address clears it', async () => {
    const w = await stack.seed({
      accounts: { aa: { language: 'fi' }, bb: {}, zz: {} },
      services: { web: { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } } },
    });
    const [aa, bb] = await Promise.all(['aa', 'bb'].map((n) => http.as(w.nic(n))));
    const bouncing = `bb.${w.nic('bb')}@bounce.test`;
    await changeAddress(bb!, bouncing);

    const created = await aa!.post(`/services/${w.serviceId('web')}/contact-changes`, { tech: w.nic('bb') });
    expect(created.status).toBe(202);
    const { id } = created.body.requests[0];
    await stack.code(bouncing, id); // it did land in the mailbox; SES then reported it bounced

    const shown = await eventually(async () => {
      const { body } = await aa!.get(`/contact-changes/${id}`);
      return body.confirmations.some((c: { emailBounced?: boolean }) => c.emailBounced) ? body : undefined;
    });
    expect(shown.confirmations).toEqual([
      { nic: w.nic('aa'), status: 'pending' },
      { nic: w.nic('bb'), status: 'pending', emailBounced: true },
    ]);

    const told = await stack.email(w.email('aa'), (e) =>
      e.subject.startsWith('Vahvistuskoodi ei tavoittanut'),
    );
    expect(told.subject).toContain(`Account BB (${w.nic('bb')})`);
    expect(told.body.text).toContain('hallintapaneelissa');
    expect(told.body.text).toContain(`/panel/requests/${id}`);
    // One notice, however the request is read afterwards.
    expect((await stack.emailsTo(w.email('aa'))).filter((e) => e.subject === told.subject)).toHaveLength(1);

    // Bob fixes his address; Aino has the codes sent again, and the new one reaches him.
    const fixed = `bb.fixed.${w.nic('bb')}@example.com`;
    await changeAddress(bb!, fixed);
    expect((await aa!.post(`/contact-changes/${id}/resend`, {})).status).toBe(202);
    const code = await stack.code(fixed, id);
    const cleared = await aa!.get(`/contact-changes/${id}`);
    expect(cleared.body.confirmations[1]).toEqual({ nic: w.nic('bb'), status: 'pending' });
    expect((await bb!.post(`/contact-changes/${id}/accept`, { token: code })).status).toBe(200);
  });
});
