// The public page behind the emailed link, as a mail client's browser sees it: GET shows the request
// with the code filled in and changes nothing; POSTing its form answers; bad codes get a readable page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmLinkIn } from '../../infra/local/ses-local';
import { api, type Api } from '../support/client';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { diffDumps, dumpTable } from '../support/table-dump';

let stack: TestStack;
let http: Api;
beforeAll(async () => {
  stack = await startTestStack();
  http = api(stack.apiUrl);
});
afterAll(async () => stack?.stop());

/** aa (Finnish) is admin of `web` and asks to make bb (English) its tech contact. */
async function openRequest() {
  const w = await stack.seed({
    accounts: { aa: { language: 'fi' }, bb: {}, zz: {} },
    services: { web: { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } } },
  });
  const aa = await http.as(w.nic('aa'));
  const created = await aa.post(`/services/${w.serviceId('web')}/contact-changes`, { tech: w.nic('bb') });
  const id: string = created.body.requests[0].id;
  const linkOf = async (name: string) => {
    await stack.code(w.email(name), id);
    const emails = (await stack.emailsTo(w.email(name))).filter((e) => confirmLinkIn(e)?.requestId === id);
    return confirmLinkIn(emails.at(-1)!)!;
  };
  const links = { aa: await linkOf('aa'), bb: await linkOf('bb') };
  return { w, id, aa, links };
}

/** The page at an emailed link, fetched as a browser would. */
const open = async (link: string) => {
  const response = await fetch(link);
  return { status: response.status, type: response.headers.get('content-type'), html: await response.text() };
};

const answerForm = async (id: string, fields: Record<string, string>) => {
  const answer = await http.raw('POST', `/confirm/${id}`, new URLSearchParams(fields).toString(), {
    'content-type': 'application/x-www-form-urlencoded',
  });
  return { status: answer.status, type: answer.headers.get('content-type'), html: String(answer.body) };
};

const htmlEscaped = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

describe('the confirm page', () => {
  it('opening the link three times shows the request with the code filled in and changes nothing', async () => {
    const { id, aa, links } = await openRequest();
    const before = {
      request: (await aa.get(`/contact-changes/${id}`)).body,
      table: await dumpTable(stack.dynamodbEndpoint, stack.tableName),
    };
    for (let i = 0; i < 3; i++) {
      const page = await open(links.bb.link);
      expect(page.status).toBe(200);
      expect(page.type).toMatch(/^text\/html/);
      expect(page.html).toContain(`value="${htmlEscaped(links.bb.code)}"`);
      expect(page.html).toMatch(/<html lang="en"/);
    }
    expect((await aa.get(`/contact-changes/${id}`)).body).toEqual(before.request);
    expect(diffDumps(before.table, await dumpTable(stack.dynamodbEndpoint, stack.tableName))).toEqual([]);
  });

  it('the page speaks Finnish to a Finnish account, whoever asked', async () => {
    const { links } = await openRequest();
    const page = await open(links.aa.link);
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<html lang="fi"/);
  });

  it('posting the form with decision=accept accepts, and the code then no longer works', async () => {
    const { w, id, aa, links } = await openRequest();
    const answered = await answerForm(id, { token: links.bb.code, decision: 'accept' });
    expect(answered.status).toBe(200);
    expect(answered.type).toMatch(/^text\/html/);
    const request = (await aa.get(`/contact-changes/${id}`)).body;
    expect(request.confirmations).toContainEqual(
      expect.objectContaining({ nic: w.nic('bb'), status: 'accepted' }),
    );
    expect(request.message).toBe(`Waiting for the confirmation of ${w.nic('aa')}.`);

    const again = await answerForm(id, { token: links.bb.code, decision: 'accept' });
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.status).toBeLessThan(500);
    expect(again.type).toMatch(/^text\/html/);

    await answerForm(id, { token: links.aa.code, decision: 'accept' });
    await eventually(async () =>
      (await aa.get(`/contact-changes/${id}`)).body.state === 'done' ? true : undefined,
    );
  });

  it('posting the form with decision=refuse ends the request as refused', async () => {
    const { id, aa, links } = await openRequest();
    const answered = await answerForm(id, { token: links.bb.code, decision: 'refuse' });
    expect(answered.status).toBe(200);
    expect((await aa.get(`/contact-changes/${id}`)).body.state).toBe('refused');
  });

  it('the link opened again after answering shows the request, that answer and where it stands, and changes nothing', async () => {
    const { w, id, aa, links } = await openRequest();
    expect((await answerForm(id, { token: links.bb.code, decision: 'accept' })).status).toBe(200);
    const waiting = await open(links.bb.link);
    expect(waiting.status).toBe(200);
    expect(waiting.type).toMatch(/^text\/html/);
    expect(waiting.html).toContain('Thank you, your acceptance is recorded');
    expect(waiting.html).toContain(w.nic('aa'));
    expect(waiting.html).not.toContain('method="post"');
    const before = (await aa.get(`/contact-changes/${id}`)).body;
    expect((await open(links.bb.link)).status).toBe(200);
    expect((await aa.get(`/contact-changes/${id}`)).body).toEqual(before);

    const refused = await openRequest();
    expect((await answerForm(refused.id, { token: refused.links.bb.code, decision: 'refuse' })).status).toBe(
      200,
    );
    const ended = await open(refused.links.bb.link);
    expect(ended.status).toBe(200);
    expect(ended.html).toContain('You refused the request');
    // The other confirmer's code died with the request: that link says it has ended.
    expect((await open(refused.links.aa.link)).status).toBe(409);
  });

  it('after the asker cancels, the link says the request has ended rather than that the code is wrong', async () => {
    const { id, aa, links } = await openRequest();
    expect((await aa.post(`/contact-changes/${id}/cancel`)).status).toBe(200);
    for (const page of [
      await open(links.bb.link),
      await answerForm(id, { token: links.bb.code, decision: 'accept' }),
    ]) {
      expect(page.status).toBe(409);
      expect(page.type).toMatch(/^text\/html/);
    }
    expect((await aa.get(`/contact-changes/${id}`)).body.state).toBe('cancelled');
  });

  it('a wrong code gets a readable 4xx page, in HTML, and changes nothing', async () => {
    const { id, aa, links } = await openRequest();
    const before = (await aa.get(`/contact-changes/${id}`)).body;
    const wrongLink = links.bb.link.replace(/token=.*/, 'token=AAAA-BBBB-CCCC-DDDD');
    for (const page of [
      await open(wrongLink),
      await answerForm(id, { token: 'AAAA-BBBB-CCCC-DDDD', decision: 'accept' }),
    ]) {
      expect(page.status).toBe(422);
      expect(page.type).toMatch(/^text\/html/);
      expect(page.html).toMatch(/<html lang="/);
      expect(page.html).toMatch(/<h1|<h2/);
      expect(page.html).not.toMatch(/"code"\s*:/); // a page for people, not a problem document
    }
    expect((await aa.get(`/contact-changes/${id}`)).body).toEqual(before);
  });

  it('a form without a decision, or a link to no request, is a readable 4xx page', async () => {
    const { id, links } = await openRequest();
    const noDecision = await answerForm(id, { token: links.bb.code });
    expect(noDecision.status).toBe(400);
    expect(noDecision.type).toMatch(/^text\/html/);
    const noRequest = await open(
      `${stack.apiUrl}/confirm/00000000-0000-4000-8000-000000000000?token=${links.bb.code}`,
    );
    expect(noRequest.status).toBe(404);
    expect(noRequest.type).toMatch(/^text\/html/);
  });
});
