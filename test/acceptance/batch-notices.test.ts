// API.md "Batches" on the local stack (DynamoDB Local, the SES mailbox): nobody gets more than one
// email per batch for each kind of event, reminders and bounce notices too. A batch of 40 nearing its
// end: each person still asked gets one reminder listing the services that wait for them, however many
// sweeps run at once; a batch code email that bounces: the asker hears once, listing the services.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, type Api, type Client } from '../support/client';
import { eventually, startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let http: Api;
beforeAll(async () => {
  stack = await startTestStack();
  http = api(stack.apiUrl);
});
afterAll(async () => stack?.stop());
// The played bounces carry the machine's time as when SES sent: the stack's clock must read it too.
afterEach(() => stack.clock.set(new Date()));

const SERVICES = Array.from({ length: 40 }, (_, i) => `s${i}`);
const CODE = /\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){7}\b/;
const DAY_MS = 24 * 3600 * 1000;

interface Batch {
  id: string;
  expiresAt: string;
  requests: { id: string; serviceId: string; confirmations: { nic: string; emailBounced?: boolean }[] }[];
}

/** aa (Finnish) is admin of 40 services whose tech is zz; bb (English) is to become their tech. */
const world = () =>
  stack.seed({
    accounts: { aa: { language: 'fi' }, bb: { language: 'en' }, zz: {} },
    services: Object.fromEntries(
      SERVICES.map((s) => [s, { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } }]),
    ),
  });

async function askBatch(aa: Client, services: string[], tech: string): Promise<Batch> {
  const created = await aa.post('/contact-changes/batches', { services, tech });
  expect(created.status).toBe(202);
  return (created.body as { batch: Batch }).batch;
}

describe('the reminder of a batch of 40', () => {
  it('reaches each person still asked once, listing the services waiting for them, however many sweeps run', async () => {
    const w = await world();
    const [aa, bb] = await Promise.all(['aa', 'bb'].map((n) => http.as(w.nic(n))));
    const services = SERVICES.map(w.serviceId);
    const batch = await askBatch(aa!, services, w.nic('bb'));
    // bb answers one service alone: the reminder lists the other 39 to bb, all 40 to aa.
    const code = CODE.exec((await stack.emailsTo(w.email('bb')))[0]!.body.text ?? '')![0];
    expect((await bb!.post(`/contact-changes/${batch.requests[0]!.id}/accept`, { token: code })).status).toBe(
      200,
    );

    // Not before the last two days of the window.
    stack.clock.set(new Date(Date.parse(batch.expiresAt) - 2 * DAY_MS - 60_000));
    expect((await stack.sweep()).reminded).toBe(0);
    // Into them: three sweeps at once, as overlapping runs would.
    stack.clock.set(new Date(Date.parse(batch.expiresAt) - 2 * DAY_MS + 60_000));
    const reports = await Promise.all([stack.sweep(), stack.sweep(), stack.sweep()]);
    expect(reports.reduce((sum, r) => sum + r.reminded, 0)).toBe(2);
    expect((await stack.sweep()).reminded).toBe(0);

    const reminders = async (name: string, subject: string) =>
      (await stack.emailsTo(w.email(name))).filter((e) => e.subject.startsWith(subject));
    const [toAa] = await reminders(
      'aa',
      'Muistutus: 40 palvelun yhteyshenkilöiden muutospyyntö päättyy pian',
    );
    const [toBb] = await reminders('bb', 'Reminder: the contact change of 39 services ends soon');
    for (const [email, listed] of [
      [toAa, services],
      [toBb, services.slice(1)],
    ] as const) {
      expect(email).toBeDefined();
      for (const serviceId of listed) expect(email!.body.text).toContain(`${serviceId}:`);
      // The reminder carries no code: the one emailed before still works.
      expect(email!.body.text).not.toMatch(CODE);
      expect(email!.body.text).toContain('/panel/requests');
    }
    expect(toBb!.body.text).not.toContain(`${services[0]}:`);
    // One reminder each, and nothing per request; zz, who is only told, is never reminded.
    expect((await stack.emailsTo(w.email('aa'))).map((e) => e.subject)).toHaveLength(2);
    expect((await stack.emailsTo(w.email('bb'))).map((e) => e.subject)).toHaveLength(2);
    expect(await stack.emailsTo(w.email('zz'))).toEqual([]);
  });
});

describe('a batch code email that bounces', () => {
  it('shows on every request waiting for that person, and the asker is told once, listing the services', async () => {
    const w = await world();
    const [aa, bb] = await Promise.all(['aa', 'bb'].map((n) => http.as(w.nic(n))));
    const bouncing = `bb.${w.nic('bb')}@bounce.test`;
    expect((await bb!.put('/me/email', { email: bouncing })).status).toBe(202);
    const token = await stack.emailChangeCode(bouncing);
    expect((await bb!.post('/me/email/confirm', { token })).status).toBe(200);

    const services = SERVICES.map(w.serviceId);
    const batch = await askBatch(aa!, services, w.nic('bb'));
    const shown = await eventually(async () => {
      const read = (await aa!.get(`/contact-changes/batches/${batch.id}`)).body as Batch;
      const bounced = read.requests.filter((r) =>
        r.confirmations.some((c) => c.nic === w.nic('bb') && c.emailBounced),
      );
      return bounced.length === services.length ? read : undefined;
    }, 60_000);
    expect(shown.requests).toHaveLength(40);

    const told = await stack.email(w.email('aa'), (e) =>
      e.subject.startsWith('Yhteyshenkilöiden muutoksen vahvistuskoodi ei tavoittanut'),
    );
    expect(told.subject).toContain(`Account BB (${w.nic('bb')})`);
    expect(told.subject).toContain('40 palvelua');
    for (const serviceId of services) expect(told.body.text).toContain(`${serviceId}:`);
    const aaSubjects = (await stack.emailsTo(w.email('aa'))).map((e) => e.subject);
    // aa's code email and one bounce notice for the whole batch, never one per service.
    expect(aaSubjects).toHaveLength(2);
    expect(aaSubjects.filter((s) => s === told.subject)).toHaveLength(1);
  });
});
