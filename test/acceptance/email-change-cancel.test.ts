// Issue 22, item 5, over HTTP: an address change started from a stolen session is stopped by the
// owner from the link in the email to the old address (GET shows a button and changes nothing; POST
// stops it), or from the panel's DELETE /me/email.
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

const world = () => stack.seed({ accounts: { aa: { language: 'fi' }, bb: {} }, services: {} });

const post = async (fields: Record<string, string>) => {
  const answer = await http.raw('POST', '/email-change/cancel', new URLSearchParams(fields).toString(), {
    'content-type': 'application/x-www-form-urlencoded',
  });
  return { status: answer.status, type: answer.headers.get('content-type'), html: String(answer.body) };
};

describe('the stop link in the email to the old address', () => {
  it('a thief starts a change; the owner opens the link (nothing changes), presses the button, and it is stopped', async () => {
    const w = await world();
    const thief = await http.as(w.nic('aa'));
    const thiefAddress = `thief.${w.email('bb')}`;
    expect((await thief.put('/me/email', { email: thiefAddress })).status).toBe(202);
    const stop = await stack.emailChangeStopLink(w.email('aa'));
    expect(stop.nic).toBe(w.nic('aa'));
    // The link is only in the email to the old address.
    const codeEmail = await stack.email(thiefAddress);
    expect(codeEmail.body.text).not.toContain(stop.token);
    expect(codeEmail.body.text).not.toContain('/email-change/cancel');

    const link = `${stack.apiUrl}/email-change/cancel?nic=${encodeURIComponent(stop.nic)}&token=${encodeURIComponent(stop.token)}`;
    const page = await fetch(link);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toMatch(/<html lang="fi"/);
    expect(html).toContain('Pysäytä osoitteen vaihto');
    expect(html).toContain('method="post" action="/email-change/cancel"');
    // Opening it twice changed nothing.
    await fetch(link);
    expect((await thief.get('/me')).body.pendingEmail).toBe(thiefAddress);

    const stopped = await post(stop);
    expect(stopped.status).toBe(200);
    expect(stopped.html).toContain('Osoitteen vaihto on pysäytetty');
    expect((await thief.get('/me')).body).toMatchObject({ email: w.email('aa'), pendingEmail: null });
    // The thief's code no longer works.
    const code = await stack.emailChangeCode(thiefAddress);
    expect(problemOf(await thief.post('/me/email/confirm', { token: code })).code).toBe('nothing_pending');
    // The link again: nothing to stop.
    expect((await post(stop)).status).toBe(409);
    expect((await fetch(link)).status).toBe(409);
  });

  it('a wrong token is a 422 page that shows nothing of the account, and stops nothing', async () => {
    const w = await world();
    const owner = await http.as(w.nic('aa'));
    await owner.put('/me/email', { email: `new.${w.email('aa')}` });
    const stop = await stack.emailChangeStopLink(w.email('aa'));
    const wrong = stop.token.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    for (const fields of [
      { nic: stop.nic, token: wrong },
      { nic: w.nic('bb'), token: stop.token },
      { nic: 'nobody', token: 'x' },
    ]) {
      const answer = await post(fields);
      expect(answer.status).toBe(422);
      expect(answer.type).toMatch(/^text\/html/);
      expect(answer.html).not.toContain(w.nic('aa'));
      expect(answer.html).not.toContain(w.email('aa'));
      expect(answer.html).not.toContain('new.');
    }
    const shown = await fetch(
      `${stack.apiUrl}/email-change/cancel?nic=${encodeURIComponent(stop.nic)}&token=${wrong}`,
    );
    const html = await shown.text();
    expect(shown.status).toBe(422);
    expect(html).not.toContain(w.nic('aa'));
    expect(html).not.toContain(w.email('aa'));
    expect((await owner.get('/me')).body.pendingEmail).toBe(`new.${w.email('aa')}`);
  });

  it('after the change is confirmed, the link has nothing to stop (409) and the address stays the new one', async () => {
    const w = await world();
    const owner = await http.as(w.nic('bb'));
    const newAddress = `new.${w.email('bb')}`;
    await owner.put('/me/email', { email: newAddress });
    const stop = await stack.emailChangeStopLink(w.email('bb'));
    await owner.post('/me/email/confirm', { token: await stack.emailChangeCode(newAddress) });
    const answer = await post(stop);
    expect(answer.status).toBe(409);
    expect(answer.html).toContain('There is nothing to stop');
    expect((await owner.get('/me')).body.email).toBe(newAddress);
  });
});

describe('DELETE /me/email', () => {
  it('the signed-in owner stops the waiting change; then nothing_pending', async () => {
    const w = await world();
    const owner = await http.as(w.nic('bb'));
    await owner.put('/me/email', { email: `new.${w.email('bb')}` });
    const stopped = await owner.raw('DELETE', '/me/email');
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ email: w.email('bb'), pendingEmail: null });
    expect(problemOf(await owner.raw('DELETE', '/me/email'))).toMatchObject({
      status: 409,
      code: 'nothing_pending',
    });
  });
});
