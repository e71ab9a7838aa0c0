// API.md "Batches" over HTTP: a batch of 40 services answered with one code per person. bb opens the
// batch confirm page from their one email (the GET changes nothing) and accepts all 40 with its form;
// aa, the asker, accepts all 40 with POST /contact-changes/batches/{id}/accept; every service ends
// with the new contact. A wrong code sees nothing of the batch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, problemOf, type Api } from '../support/client';
import { eventually, startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let http: Api;
beforeAll(async () => {
  stack = await startTestStack();
  http = api(stack.apiUrl);
});
afterAll(async () => stack?.stop());

const SERVICES = Array.from({ length: 40 }, (_, i) => `s${i}`);
const LINK = /https?:\/\/\S+\/confirm\/batch\/([0-9a-f-]+)\?token=([0-9A-Z-]+)/;

const world = () =>
  stack.seed({
    accounts: { aa: { language: 'fi' }, bb: { language: 'en' }, zz: {} },
    services: Object.fromEntries(
      SERVICES.map((s) => [s, { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } }]),
    ),
  });

const open = async (link: string) => {
  const response = await fetch(link);
  return { status: response.status, type: response.headers.get('content-type'), html: await response.text() };
};

const answerForm = async (id: string, fields: Record<string, string>) => {
  const answer = await http.raw('POST', `/confirm/batch/${id}`, new URLSearchParams(fields).toString(), {
    'content-type': 'application/x-www-form-urlencoded',
  });
  return { status: answer.status, type: answer.headers.get('content-type'), html: String(answer.body) };
};

describe('answering a batch of 40 with one code per person', () => {
  it('bb accepts all 40 on the batch page, aa all 40 over the API, and every service gets the new contact', async () => {
    const w = await world();
    const aa = await http.as(w.nic('aa'));
    const services = SERVICES.map(w.serviceId);
    const created = await aa.post('/contact-changes/batches', { services, tech: w.nic('bb') });
    expect(created.status).toBe(202);
    const batchId = (created.body as { batch: { id: string } }).batch.id;

    const linkOf = async (name: string) => {
      const [email, ...more] = await stack.emailsTo(w.email(name));
      expect(more).toEqual([]);
      const [link, id, code] = LINK.exec(email!.body.text ?? '')!;
      expect(id).toBe(batchId);
      return { link, code: code! };
    };
    const bb = await linkOf('bb');
    const aas = await linkOf('aa');

    // The page lists every service by name, in bb's language, and changes nothing.
    const before = (await aa.get(`/contact-changes/batches/${batchId}`)).body;
    const page = await open(bb.link);
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.html).toContain('<html lang="en"');
    expect(page.html).toContain('Confirm the contact change for 40 services');
    expect(page.html.match(/<strong>s\d+-[^<]*<\/strong/g)).toHaveLength(40);
    expect(page.html).toContain(`action="/confirm/batch/${batchId}"`);
    expect((await aa.get(`/contact-changes/batches/${batchId}`)).body).toEqual(before);

    // A wrong code shows nothing of the batch.
    const wrong = await open(bb.link.replace(bb.code, 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH'));
    expect(wrong.status).toBe(422);
    expect(wrong.html).not.toContain(services[0]);

    const answered = await answerForm(batchId, { token: bb.code, decision: 'accept' });
    expect(answered.status).toBe(200);
    expect(answered.html).toContain('Thank you, your acceptance is recorded');

    const accepted = await aa.post(`/contact-changes/batches/${batchId}/accept`, { token: aas.code });
    expect(accepted.status).toBe(200);
    const batch = accepted.body as { requests: { batchId: string; confirmations: { status: string }[] }[] };
    expect(batch.requests).toHaveLength(40);
    expect(batch.requests.every((r) => r.batchId === batchId)).toBe(true);
    expect(batch.requests.every((r) => r.confirmations.every((c) => c.status === 'accepted'))).toBe(true);

    await eventually(async () => {
      const read = (await aa.get(`/contact-changes/batches/${batchId}`)).body as { state: string };
      return read.state === 'settled' ? true : undefined;
    }, 60_000);
    for (const serviceId of services) {
      expect((await aa.get(`/services/${serviceId}`)).body.contacts.tech).toBe(w.nic('bb'));
    }
    // The codes are spent: the page now says where things stand, and the API refuses another answer.
    expect((await answerForm(batchId, { token: bb.code, decision: 'refuse' })).status).toBe(409);
    expect(
      problemOf(await aa.post(`/contact-changes/batches/${batchId}/refuse`, { token: aas.code })).code,
    ).toMatch(/^(already_answered|request_closed)$/);
  });
});
