// What people do with an open request in the panel: refuse with their code, have the code sent again
// after changing their address, cancel, and arrive from the email's panel link with the code filled in.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from '../support/client';
import type { World } from '../support/stack';
import { PHONE, shoot, signIn, startStackAndBrowser } from './panel-support';

const run = startStackAndBrowser();

/** aa (English) is admin of a service whose tech contact is cc; bb (Finnish) is asked to take it. */
async function askedWorld(): Promise<{ w: World; id: string }> {
  const w = await run.stack.seed({
    accounts: { aa: {}, bb: { language: 'fi' }, cc: {} },
    services: { site: { contacts: { admin: 'aa', tech: 'cc', billing: 'aa' } } },
  });
  const aa = await api(run.stack.apiUrl).as(w.nic('aa'));
  const created = await aa.post(`/services/${w.serviceId('site')}/contact-changes`, { tech: w.nic('bb') });
  expect(created.status).toBe(202);
  return { w, id: created.body.requests[0].id };
}

const stateOf = async (id: string) => (await run.stack.deps.store.getRequest(id))?.state;

it('Bob refuses in "My requests" with his code, and Aino sees the request refused', async () => {
  const { w, id } = await askedWorld();
  const code = await run.stack.code(w.email('bb'), id);
  const bob = await signIn(run.browser, run.stack, w.nic('bb'), { viewport: PHONE });
  await bob.getByRole('link', { name: 'Omat pyynnöt' }).click();
  const card = bob.getByRole('article', { name: new RegExp(w.serviceId('site')) });
  await card.getByLabel('Vahvistuskoodisi').fill(code);
  await card.getByRole('button', { name: 'Hylkää' }).click();
  await card.getByText('Hylkäsit pyynnön.').waitFor();
  await card.getByText('Hylätty').waitFor();
  expect(await stateOf(id)).toBe('refused');

  const aino = await signIn(run.browser, run.stack, w.nic('aa'), { path: `/panel/requests/${id}` });
  await aino.getByText('Refused', { exact: true }).waitFor();
  // As on the confirm page: an ended request says who never answered.
  await aino.getByText(`Account AA (${w.nic('aa')}, you): did not answer`).waitFor();
  expect(await aino.getByRole('button', { name: 'Accept' }).count()).toBe(0); // nothing left to answer
  await Promise.all([aino, bob].map((page) => page.context().close()));
});

/** Changes the address in Profile: at once (today's API) or with the code sent to it (API.md's flow). */
async function changeEmail(page: Page, address: string) {
  await page.getByRole('link', { name: 'Profile' }).click();
  await page.getByLabel('New email address').fill(address);
  await page.getByRole('button', { name: 'Send a code to the new address' }).click();
  const changed = page.getByText(`Your email address is now ${address}`);
  const codeField = page.getByLabel('Code from the email');
  await changed.or(codeField).first().waitFor();
  if (await codeField.isVisible()) {
    const email = await run.stack.email(address);
    const code = /emailCode=([^\s&"<]+)/.exec(email.body.text ?? '')?.[1];
    await codeField.fill(decodeURIComponent(code!));
    await page.getByRole('button', { name: 'Change the address' }).click();
    await changed.waitFor();
  }
}

it('Aino fixes her address and has her code sent again; the old code is refused next to its field, the new one works', async () => {
  const { w, id } = await askedWorld();
  const oldCode = await run.stack.code(w.email('aa'), id);
  const aino = await signIn(run.browser, run.stack, w.nic('aa'));
  const fixed = `fixed.${w.nic('aa')}@example.com`;
  await changeEmail(aino, fixed);

  await aino.getByRole('link', { name: 'My requests' }).click();
  const card = aino.getByRole('article', { name: new RegExp(w.serviceId('site')) });
  await card.getByRole('button', { name: 'Send my code again' }).click();
  // Only Aino's code was replaced, and the message says so.
  await card.getByText('A new code is on its way to you; your old code no longer works.').waitFor();
  const newCode = await run.stack.code(fixed, id);

  await card.getByLabel('Your code').fill(oldCode);
  await card.getByRole('button', { name: 'Accept' }).click();
  const field = card.getByRole('textbox', { name: 'Your code' });
  await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
  const describedBy = (await field.getAttribute('aria-describedby'))!.split(' ');
  const error = card.locator(`[id="${describedBy.at(-1)}"]`);
  expect(await error.textContent()).toBe('The code is wrong, used or replaced.');

  await field.fill(newCode);
  await card.getByRole('button', { name: 'Accept' }).click();
  await card
    .getByText(`You have accepted. Waiting for the other party: Account BB (${w.nic('bb')}).`)
    .waitFor();
  await shoot(aino, 'actions-resend-waiting-en');
  await aino.context().close();
});

it('Aino cancels after confirming she means it; Bob can no longer answer', async () => {
  const { w, id } = await askedWorld();
  const bobsCode = await run.stack.code(w.email('bb'), id);
  const aino = await signIn(run.browser, run.stack, w.nic('aa'), { path: `/panel/requests/${id}` });
  await aino.getByRole('button', { name: 'Cancel the request' }).click();
  await aino.getByText('Cancel this request?').waitFor();
  await aino.getByRole('button', { name: 'Yes, cancel it' }).click();
  await aino.getByText('The request is cancelled.').waitFor();
  await aino.getByText('Cancelled', { exact: true }).waitFor();
  expect(await stateOf(id)).toBe('cancelled');

  const bob = await api(run.stack.apiUrl).as(w.nic('bb'));
  const late = await bob.post(`/contact-changes/${id}/accept`, { token: bobsCode });
  expect(late.body.code).toBe('request_closed');
  await aino.context().close();
});

it("the panel link in Bob's code email opens the request with his code filled in, and the code leaves the address bar", async () => {
  const { w, id } = await askedWorld();
  const email = await run.stack.email(w.email('bb'), (e) => (e.body.text ?? '').includes('/panel/requests/'));
  const link = /(https?:\/\/\S+\/panel\/requests\/\S+)/.exec(email.body.text ?? '')![1]!;
  const code = await run.stack.code(w.email('bb'), id);
  expect(new URL(link).searchParams.get('code')).toBe(code);

  const bob = await signIn(run.browser, run.stack, w.nic('bb'), {
    path: new URL(link).pathname + new URL(link).search,
  });
  const field = bob.getByLabel('Vahvistuskoodisi');
  await expect.poll(() => field.inputValue()).toBe(code);
  expect(new URL(bob.url()).search).toBe('');
  await bob.getByRole('button', { name: 'Hyväksy' }).click();
  await bob
    .getByText(`Olet hyväksynyt. Odotetaan toisen osapuolen vahvistusta: Account AA (${w.nic('aa')}).`)
    .waitFor();
  await bob.context().close();
});

it('the language switch in Profile saves the language: the panel speaks it at once and after signing in again', async () => {
  const { w } = await askedWorld();
  const bob = await signIn(run.browser, run.stack, w.nic('bb'));
  await bob.getByRole('link', { name: 'Omat tiedot' }).click();
  await bob.getByRole('radio', { name: 'English' }).check();
  await bob.getByRole('button', { name: 'Tallenna kieli' }).click();
  await bob.getByText('The language is saved.').waitFor();
  expect(await bob.locator('html').getAttribute('lang')).toBe('en');
  expect((await run.stack.deps.store.getAccount(w.nic('bb')))?.language).toBe('en');
  await bob.getByRole('button', { name: 'Sign out' }).click();
  await bob.getByLabel('Account').selectOption(w.nic('bb'));
  await bob.getByRole('button', { name: 'Sign in' }).click();
  await bob.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
  await bob.context().close();
});

it('Aino cancels an address change she did not make, beside the pending address in Profile', async () => {
  const { w } = await askedWorld();
  const aa = await api(run.stack.apiUrl).as(w.nic('aa'));
  expect((await aa.put('/me/email', { email: `thief.${w.nic('aa')}@example.com` })).status).toBe(202);
  const aino = await signIn(run.browser, run.stack, w.nic('aa'));
  await aino.getByRole('link', { name: 'Profile' }).click();
  await aino.getByRole('button', { name: 'Cancel the address change' }).click();
  await aino.getByText(`The address change is cancelled: your address stays ${w.email('aa')}.`).waitFor();
  expect((await aa.get('/me')).body.pendingEmail).toBeNull();
  expect(await aino.getByRole('button', { name: 'Cancel the address change' }).count()).toBe(0);
  await aino.context().close();
});
