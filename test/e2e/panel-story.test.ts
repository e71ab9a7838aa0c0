// The seed's story in the control panel, two people in two browser contexts: Aino asks for a new
// technical contact in the panel, Bob accepts from the link in his email (opened in the mailbox),
// Aino accepts in "My requests" with the code from her email, and both see the change done.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { eventually, startTestStack, type TestStack, type World } from '../support/stack';
import { createdRequestId, launchChromium, PHONE, shoot, signIn } from './panel-support';

let stack: TestStack;
let browser: Browser;
let w: World;

beforeAll(async () => {
  stack = await startTestStack();
  w = await stack.seed({
    accounts: { aa: { language: 'fi' }, bb: {}, cc: { language: 'fi' } },
    services: { sauna: { contacts: { admin: 'aa', tech: 'cc', billing: 'bb' } } },
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openInMailbox(mailbox: Page, address: string, subject: RegExp): Promise<Page> {
  await mailbox.goto(stack.mailboxUrl);
  const email = mailbox.locator('.email-inner', { hasText: address }).filter({ hasText: subject }).last();
  await email.getByRole('button', { name: 'Toggle HTML view' }).click();
  const [page] = await Promise.all([
    mailbox.context().waitForEvent('page'),
    email
      .frameLocator('iframe')
      .getByRole('link', { name: /Accept or refuse/ })
      .click(),
  ]);
  await page.waitForLoadState();
  return page;
}

it('Aino asks in the panel, Bob accepts from his email, Aino accepts in My requests; both see done', async () => {
  const sauna = w.serviceId('sauna');
  const aino = await signIn(browser, stack, w.nic('aa'));
  await aino.getByRole('heading', { name: 'Omat palvelut' }).waitFor(); // her account speaks Finnish
  expect(await aino.locator('html').getAttribute('lang')).toBe('fi');

  const row = aino.getByRole('row', { name: new RegExp(sauna) });
  await row.getByRole('button', { name: /Muuta/ }).click();
  const dialog = aino.getByRole('dialog');
  await expect.poll(() => dialog.getByLabel('Laskutus').isDisabled()).toBe(false); // admin may change all
  await dialog.getByLabel('Tekninen').fill(w.nic('bb'));
  await dialog.getByRole('button', { name: 'Lähetä pyyntö' }).click();
  const box = dialog.getByRole('status');
  await box.getByText('Pyyntö on kirjattu.').waitFor();
  expect(await box.textContent()).toContain(`Account BB (${w.nic('bb')}) – vahvistettavaksi`);
  expect(await box.textContent()).toContain(`Account CC (${w.nic('cc')}) – tiedoksi`);
  await shoot(aino, 'story-1-asked-fi');
  const id = await createdRequestId(aino);
  await aino.keyboard.press('Escape');
  await row.getByRole('link', { name: /Avoin pyyntö/ }).waitFor(); // the row now links to its open request

  const mailbox = await (await browser.newContext()).newPage();
  await stack.code(w.email('bb'), id);
  const bobsPage = await openInMailbox(mailbox, w.email('bb'), /Please confirm/);
  await bobsPage.getByRole('button', { name: /Accept/ }).click();
  await bobsPage.getByText(w.nic('aa')).first().waitFor();

  // Aino's open "My requests" shows Bob's answer by itself (it refreshes while a request is open).
  await aino.getByRole('link', { name: 'Omat pyynnöt' }).click();
  const card = aino.getByRole('article', { name: new RegExp(sauna) });
  await expect
    .poll(() => card.textContent(), { timeout: 15_000 })
    .toContain(`Account BB (${w.nic('bb')}): hyväksynyt`);

  const code = await stack.code(w.email('aa'), id);
  await card.getByLabel('Vahvistuskoodisi').fill(code);
  await card.getByRole('button', { name: 'Hyväksy' }).click();
  await card.getByText('Hyväksyntäsi on kirjattu.').waitFor();
  await eventually(async () =>
    (await stack.deps.store.getRequest(id))?.state === 'done' ? true : undefined,
  );

  await aino.goto(`${stack.apiUrl}/panel/requests/${id}`);
  await aino.getByText('Valmis').waitFor();
  await aino.goto(`${stack.apiUrl}/panel/services/${sauna}`);
  await aino.getByRole('heading', { name: 'Historia' }).waitFor();
  expect(await aino.locator('main').textContent()).toContain(`TekninenAccount BB (${w.nic('bb')})`);
  await shoot(aino, 'story-2-service-fi');

  const bob = await signIn(browser, stack, w.nic('bb'), { viewport: PHONE, path: `/panel/requests/${id}` });
  await bob.getByRole('heading', { name: `Request for ${sauna}` }).waitFor();
  await bob.getByText('Done', { exact: true }).waitFor();
  await shoot(bob, 'story-3-done-en-phone');
  await Promise.all([aino, bob, mailbox].map((page) => page.context().close()));
});
