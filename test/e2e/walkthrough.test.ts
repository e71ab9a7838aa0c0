// The emailed confirm links in a real browser: the change is asked over the API, then each confirmer
// opens the local mailbox, finds their email, clicks its link and presses Accept. (The README's
// walk-through in the control panel is panel-story.test.ts.)
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { api } from '../support/client';
import { eventually, startTestStack, type TestStack, type World } from '../support/stack';

let stack: TestStack;
let browser: Browser;
let w: World;

beforeAll(async () => {
  stack = await startTestStack();
  w = await stack.seed({
    accounts: { aa: { language: 'fi' }, bb: {}, cc: { language: 'fi' } },
    services: { sauna: { contacts: { admin: 'aa', tech: 'cc', billing: 'bb' } } },
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/**
 * Opens the mailbox, shows the HTML of the newest email to `address` with `subject`, and clicks its
 * button; the confirm page opens in a new tab, which is returned.
 */
async function clickLinkInMailbox(mailbox: Page, address: string, subject: RegExp): Promise<Page> {
  await mailbox.goto(stack.mailboxUrl);
  const email = mailbox.locator('.email-inner', { hasText: address }).filter({ hasText: subject }).last();
  await email.getByRole('button', { name: 'Toggle HTML view' }).click();
  const [confirmPage] = await Promise.all([
    mailbox.context().waitForEvent('page'),
    email.frameLocator('iframe').getByRole('link').first().click(),
  ]);
  await confirmPage.waitForLoadState();
  return confirmPage;
}

it('Aino asks, Bob and Aino accept from the emailed links, and the service shows the change', async () => {
  const aino = await api(stack.apiUrl).as(w.nic('aa'));
  const created = await aino.post(`/services/${w.serviceId('sauna')}/contact-changes`, { tech: w.nic('bb') });
  expect(created.status).toBe(202);
  const id = created.body.requests[0].id as string;
  await stack.code(w.email('bb'), id);
  await stack.code(w.email('aa'), id);

  const mailbox = await browser.newPage();
  const bobsPage = await clickLinkInMailbox(mailbox, w.email('bb'), /Please confirm/);
  expect(await bobsPage.getByRole('heading', { level: 1 }).textContent()).toMatch(/confirm/i);
  expect((await stack.deps.store.getRequest(id))?.state).toBe('awaiting_confirmation'); // opening changed nothing
  await bobsPage.getByRole('button', { name: /Accept/ }).click();
  await expect.poll(() => bobsPage.locator('main').textContent()).toMatch(new RegExp(w.nic('aa')));

  const ainosPage = await clickLinkInMailbox(mailbox, w.email('aa'), /Vahvista/);
  expect(await ainosPage.locator('html').getAttribute('lang')).toBe('fi');
  await ainosPage.getByRole('button', { name: /Hyväksy/ }).click();
  await eventually(async () =>
    (await stack.deps.store.getRequest(id))?.state === 'done' ? true : undefined,
  );

  const service = await aino.get(`/services/${w.serviceId('sauna')}`);
  expect(service.body.contacts.tech).toBe(w.nic('bb'));
  await stack.email(w.email('cc'), (e) => /Et ole enää/.test(e.subject));
  await mailbox.context().close();
});
