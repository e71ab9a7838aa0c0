// API.md "Batches" over HTTP, counted in the local SES mailbox: nobody gets more than one email per
// batch for each kind of event. A batch of 40 accepted and applied: one outcome email each; a batch
// cancelled: one cancellation email each; a resend: one new code email each, the old code refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, problemOf, type Api } from '../support/client';
import { eventually, startTestStack, type TestStack, type World } from '../support/stack';

let stack: TestStack;
let http: Api;
beforeAll(async () => {
  stack = await startTestStack();
  http = api(stack.apiUrl);
});
afterAll(async () => stack?.stop());

const SERVICES = Array.from({ length: 40 }, (_, i) => `s${i}`);
const CODE = /\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){7}\b/;

/** aa (Finnish) is admin of 40 services whose tech is zz (English); bb (English) is to become their tech. */
const world = () =>
  stack.seed({
    accounts: { aa: { language: 'fi' }, bb: { language: 'en' }, zz: { language: 'en' } },
    services: Object.fromEntries(
      SERVICES.map((s) => [s, { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } }]),
    ),
  });

interface Batch {
  id: string;
  state: string;
  requests: { id: string; state: string }[];
}

async function askBatch(w: World): Promise<Batch> {
  const aa = await http.as(w.nic('aa'));
  const created = await aa.post('/contact-changes/batches', {
    services: SERVICES.map(w.serviceId),
    tech: w.nic('bb'),
  });
  expect(created.status).toBe(202);
  return (created.body as { batch: Batch }).batch;
}

/** The codes emailed to `name`, oldest first. */
const codesTo = async (w: World, name: string) =>
  (await stack.emailsTo(w.email(name))).flatMap((e) => CODE.exec(e.body.text ?? '')?.[0] ?? []);

/** Every subject emailed to each of `names`, once the one whose subject has `last` has arrived for each. */
async function subjectsOnce(w: World, names: string[], last: Record<string, string>) {
  const subjects: Record<string, string[]> = {};
  for (const name of names) {
    await stack.email(w.email(name), (e) => e.subject.includes(last[name]!));
    subjects[name] = (await stack.emailsTo(w.email(name))).map((e) => e.subject);
  }
  return subjects;
}

describe('the emails of a batch of 40 services', () => {
  it('all accepted and applied: each person gets one outcome email listing the 40, and no other', async () => {
    const w = await world();
    const batch = await askBatch(w);
    const [aaCode] = await codesTo(w, 'aa');
    const [bbCode] = await codesTo(w, 'bb');
    const aa = await http.as(w.nic('aa'));
    const bb = await http.as(w.nic('bb'));
    for (const request of batch.requests) {
      expect((await bb.post(`/contact-changes/${request.id}/accept`, { token: bbCode })).status).toBe(200);
      expect((await aa.post(`/contact-changes/${request.id}/accept`, { token: aaCode })).status).toBe(200);
    }
    await eventually(async () => {
      const read = (await aa.get(`/contact-changes/batches/${batch.id}`)).body as Batch;
      return read.requests.every((r) => r.state === 'done') ? read : undefined;
    }, 60_000);

    const subjects = await subjectsOnce(w, ['aa', 'bb', 'zz'], {
      aa: 'Yhteyshenkilön vaihto on tehty: 40 palvelua',
      bb: 'The contact change of 40 services is done',
      zz: 'The contact change of 40 services is done',
    });
    expect(subjects.aa).toEqual([
      expect.stringContaining('Vahvista pyytämäsi yhteyshenkilön vaihto: 40 palvelua'),
      expect.stringContaining('Yhteyshenkilön vaihto on tehty: 40 palvelua'),
    ]);
    expect(subjects.bb).toEqual([
      expect.stringContaining('Please confirm'),
      expect.stringContaining('The contact change of 40 services is done'),
    ]);
    expect(subjects.zz).toEqual([expect.stringContaining('The contact change of 40 services is done')]);
    const outcome = await stack.email(w.email('bb'), (e) => e.subject.includes('is done'));
    for (const serviceId of SERVICES.map(w.serviceId)) expect(outcome.body.text).toContain(`${serviceId}:`);
  });

  it('cancelled by the asker: each person gets one cancellation email', async () => {
    const w = await world();
    const batch = await askBatch(w);
    const aa = await http.as(w.nic('aa'));
    const cancelled = await aa.post(`/contact-changes/batches/${batch.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    expect((cancelled.body as Batch).state).toBe('settled');
    expect(problemOf(await aa.post(`/contact-changes/batches/${batch.id}/cancel`, {}))).toMatchObject({
      status: 409,
      code: 'request_closed',
    });

    const subjects = await subjectsOnce(w, ['aa', 'bb', 'zz'], {
      aa: 'Yhteyshenkilön vaihto peruttiin: 40 palvelua',
      bb: 'The contact change of 40 services was cancelled',
      zz: 'The contact change of 40 services was cancelled',
    });
    expect(subjects.aa).toHaveLength(2);
    expect(subjects.bb).toHaveLength(2);
    expect(subjects.zz).toHaveLength(1);
  });

  it('sent again: one new code email per person; the old code is refused, the new one works', async () => {
    const w = await world();
    const batch = await askBatch(w);
    const [oldCode] = await codesTo(w, 'bb');
    const bb = await http.as(w.nic('bb'));
    const resent = await bb.post(`/contact-changes/batches/${batch.id}/resend`, {});
    expect(resent.status).toBe(202);
    expect((resent.body as Batch).id).toBe(batch.id);
    for (const name of ['aa', 'bb']) expect(await codesTo(w, name)).toHaveLength(2);
    const [, newCode] = await codesTo(w, 'bb');
    const first = batch.requests[0]!.id;
    expect(problemOf(await bb.post(`/contact-changes/${first}/accept`, { token: oldCode }))).toMatchObject({
      status: 422,
      code: 'invalid_token',
    });
    expect((await bb.post(`/contact-changes/${first}/accept`, { token: newCode })).status).toBe(200);

    // Only me: bb alone gets a third code.
    expect((await bb.post(`/contact-changes/batches/${batch.id}/resend`, { onlyMe: true })).status).toBe(202);
    expect(await codesTo(w, 'bb')).toHaveLength(3);
    expect(await codesTo(w, 'aa')).toHaveLength(2);
  });
});
