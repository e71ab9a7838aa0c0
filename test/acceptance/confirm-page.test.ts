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
    const emails = (await stack.emailsTo(w.email(name))).filter((e) => confirmLinkIn(e, id) !== undefined);
    return confirmLinkIn(emails.at(-1)!, id)!;
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

  it('after an answer, the link shows the request, that answer and where it stands, with no retype box', async () => {
    const { w, id, links } = await openRequest();
    await answerForm(id, { token: links.bb.code, decision: 'accept' });
    const page = await open(links.bb.link);
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<html lang="en"/);
    expect(page.html).toContain('You have accepted this request');
    expect(page.html).toContain(`waits for the confirmation of Account AA (${w.nic('aa')})`);
    expect(page.html).not.toContain('<form');
    // Pressing Accept again (the back button) says the same, as a conflict.
    const again = await answerForm(id, { token: links.bb.code, decision: 'accept' });
    expect(again.status).toBe(409);
    expect(again.html).toContain('You have accepted this request');
  });

  it('after the request ended, each link tells its owner how, by whom and when, in their language', async () => {
    const { w, id, aa, links } = await openRequest();
    expect((await aa.post(`/contact-changes/${id}/cancel`)).status).toBe(200);
    const bobs = await open(links.bb.link);
    expect(bobs.status).toBe(200);
    expect(bobs.html).toMatch(/<html lang="en"/);
    expect(bobs.html).toContain(`Account AA (${w.nic('aa')}) withdrew the request. The request ended on`);
    expect(bobs.html).not.toContain('<form');
    const ainos = await open(links.aa.link);
    expect(ainos.status).toBe(200);
    expect(ainos.html).toMatch(/<html lang="fi"/);
    expect(ainos.html).toContain('Peruit pyynnön. Pyyntö päättyi');
    expect(ainos.html).toMatch(/UTC\+[23]/); // Helsinki time, and said so
    const posted = await answerForm(id, { token: links.bb.code, decision: 'accept' });
    expect(posted.status).toBe(409);
    expect(posted.html).toContain('withdrew the request');
    expect((await aa.get(`/contact-changes/${id}`)).body.state).toBe('cancelled');
  });

  it('after a refusal, the refuser reads that they refused, and the other who refused', async () => {
    const { w, id, links } = await openRequest();
    await answerForm(id, { token: links.bb.code, decision: 'refuse' });
    expect((await open(links.bb.link)).html).toContain('You refused the request');
    expect((await open(links.aa.link)).html).toContain(`Account BB (${w.nic('bb')}) hylkäsi muutoksen.`);
  });

  it('a code that never belonged to the request stays invalid, before and after it ends', async () => {
    const { id, aa, links } = await openRequest();
    const wrongLink = links.bb.link.replace(/token=.*/, 'token=AAAA-BBBB-CCCC-DDDD');
    expect((await open(wrongLink)).status).toBe(422);
    expect((await aa.post(`/contact-changes/${id}/cancel`)).status).toBe(200);
    for (const page of [
      await open(wrongLink),
      await answerForm(id, { token: 'AAAA-BBBB-CCCC-DDDD', decision: 'accept' }),
    ]) {
      expect(page.status).toBe(422);
      expect(page.html).not.toContain('name="decision"');
    }
  });

  it('the link of a reminder, without a code, asks for the code and shows nothing of the request', async () => {
    const { id, aa } = await openRequest();
    const before = (await aa.get(`/contact-changes/${id}`)).body;
    const page = await open(`${stack.apiUrl}/confirm/${id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`<form class="answer" method="get" action="/confirm/${id}">`);
    expect(page.html).not.toContain('name="decision"');
    expect((await aa.get(`/contact-changes/${id}`)).body).toEqual(before);
    // The reminder's link says its reader's language, whatever the browser prefers.
    const finnish = await fetch(`${stack.apiUrl}/confirm/${id}?lang=fi`, {
      headers: { 'accept-language': 'en' },
    });
    expect(await finnish.text()).toMatch(/<html lang="fi"/);
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
