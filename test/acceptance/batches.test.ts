// API.md "Batches" over HTTP as a client would: a batch of 40 services, one code email per person
// listing all 40 in their language, the code answering a single request of it; and a batch with one
// service that would be refused, which creates nothing and names that service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, problemOf, type Api } from '../support/client';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let http: Api;
beforeAll(async () => {
  stack = await startTestStack();
  http = api(stack.apiUrl);
});
afterAll(async () => stack?.stop());

const SERVICES = Array.from({ length: 40 }, (_, i) => `s${i}`);
const CODE = /\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){7}\b/;

/** aa (Finnish) is admin of 40 services whose tech is zz; bb (English) is to become their tech. */
const world = () =>
  stack.seed({
    accounts: { aa: { language: 'fi' }, bb: { language: 'en' }, zz: {} },
    services: Object.fromEntries(
      SERVICES.map((s) => [s, { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } }]),
    ),
  });

describe('a batch of 40 services', () => {
  it('makes 40 requests, and emails each person asked one code listing all 40, in their language', async () => {
    const w = await world();
    const aa = await http.as(w.nic('aa'));
    const services = SERVICES.map(w.serviceId);
    const created = await aa.post('/contact-changes/batches', { services, tech: w.nic('bb') });
    expect(created.status).toBe(202);
    const { batch } = created.body as {
      batch: { id: string; requests: { id: string; serviceId: string }[] };
    };
    expect(batch.requests.map((r) => r.serviceId)).toEqual(services);

    for (const [name, subject] of [
      ['aa', 'Vahvista pyytämäsi yhteyshenkilön vaihto: 40 palvelua'],
      ['bb', 'Please confirm: you are asked to become a contact of 40 services'],
    ] as const) {
      const emails = await stack.emailsTo(w.email(name));
      expect(emails).toHaveLength(1);
      expect(emails[0]!.subject).toContain(subject);
      for (const serviceId of services) expect(emails[0]!.body.text).toContain(`${serviceId}:`);
      expect(emails[0]!.body.text).toContain(`/confirm/batch/${batch.id}?token=`);
    }
    expect(await stack.emailsTo(w.email('zz'))).toEqual([]);

    // bb's one code answers a single request of the batch; the batch shows it.
    const code = CODE.exec((await stack.emailsTo(w.email('bb')))[0]!.body.text ?? '')![0];
    const bb = await http.as(w.nic('bb'));
    const answered = await bb.post(`/contact-changes/${batch.requests[7]!.id}/accept`, { token: code });
    expect(answered.status).toBe(200);
    const read = await bb.get(`/contact-changes/batches/${batch.id}`);
    expect(read.status).toBe(200);
    const confirmations = (
      read.body as { requests: { confirmations: { nic: string; status: string }[] }[] }
    ).requests.map((r) => r.confirmations.find((c) => c.nic === w.nic('bb'))!.status);
    expect(confirmations.filter((s) => s === 'accepted')).toHaveLength(1);
    // bb still awaits answers on 39 services: the batch offers bb its answer and new codes, not a cancel.
    expect((read.body as { actions: string[] }).actions).toEqual(['accept', 'refuse', 'resend']);
    // Each request's workflow has asked both people by now (bb's answer went through it), and none
    // sent a code of its own: the one batch email is still each person's only code.
    for (const name of ['aa', 'bb']) {
      const withCodes = (await stack.emailsTo(w.email(name))).filter((e) => e.body.text?.includes('?token='));
      expect(withCodes).toHaveLength(1);
    }
    // zz, the old tech contact, is told when each change is done: a party of the batch too.
    const told = await (await http.as(w.nic('zz'))).get(`/contact-changes/batches/${batch.id}`);
    expect(told.status).toBe(200);
    expect((told.body as { actions: string[] }).actions).toEqual([]);
    expect(
      ((await aa.get(`/contact-changes/batches/${batch.id}`)).body as { actions: string[] }).actions,
    ).toEqual(['accept', 'refuse', 'cancel', 'resend']);
  });

  it('with one service that would be refused, creates nothing and names that service with its own code', async () => {
    const w = await world();
    await w.reload({
      ...Object.fromEntries(
        SERVICES.map((s) => [s, { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } }]),
      ),
      s12: { contacts: { admin: 'aa', tech: 'bb', billing: 'aa' } },
    });
    const aa = await http.as(w.nic('aa'));
    const answer = await aa.post('/contact-changes/batches', {
      services: SERVICES.map(w.serviceId),
      tech: w.nic('bb'),
    });
    expect(problemOf(answer)).toEqual({
      status: 422,
      code: 'batch_refused',
      contentType: 'application/problem+json',
    });
    expect((answer.body as { errors: unknown[] }).errors).toEqual([
      { path: 'services[12]', code: 'no_change', message: expect.stringContaining(w.serviceId('s12')) },
    ]);
    expect((await aa.get('/me/contact-changes')).body).toMatchObject({ items: [] });
    expect(await stack.emailsTo(w.email('aa'))).toEqual([]);
    expect(await stack.emailsTo(w.email('bb'))).toEqual([]);
  });
});
