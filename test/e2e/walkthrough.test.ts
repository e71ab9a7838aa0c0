// The README's walk-through by email links in a real browser, on the demo fixtures it names (the panel's
// own steps are panel-story.test.ts): the change is asked over
// the API, then each confirmer opens the local mailbox, finds their email, clicks its link and presses
// Accept. The emails the README quotes are checked as it quotes them, and screenshotted into
// test-artifacts/walkthrough.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api } from '../support/client';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { launchChromium, shoot } from './visual-support';

const AINO = 'aa123456-ovh';
const BOB = 'bb4321-ovh';
const CECILIA = 'cc999-ovh';
const SAUNA = 'saunamaailma.fi';
const DEMO = resolve(import.meta.dirname, '../../fixtures/demo.json');
const demo = JSON.parse(readFileSync(DEMO, 'utf8')) as { accounts: Array<{ nic: string; email: string }> };
const address = (nic: string) => demo.accounts.find((a) => a.nic === nic)!.email;

let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack({ fixtures: DEMO });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/**
 * Opens the mailbox, shows the HTML of the newest email to `to` with `subject`, and clicks its
 * button; the confirm page opens in a new tab, which is returned.
 */
async function clickLinkInMailbox(mailbox: Page, to: string, subject: string): Promise<Page> {
  await mailbox.goto(stack.mailboxUrl);
  const email = mailbox.locator('.email-inner', { hasText: to }).filter({ hasText: subject }).last();
  await email.getByRole('button', { name: 'Toggle HTML view' }).click();
  const [confirmPage] = await Promise.all([
    mailbox.context().waitForEvent('page'),
    email.frameLocator('iframe').getByRole('link').first().click(),
  ]);
  await confirmPage.waitForLoadState();
  return confirmPage;
}

it('Aino gives the technical contact of saunamaailma.fi to Bob, as the README walks through it', async () => {
  const aino = await api(stack.apiUrl).as(AINO);
  const created = await aino.post(`/services/${SAUNA}/contact-changes`, { tech: BOB });
  expect(created.status).toBe(202);
  const id = created.body.requests[0].id as string;
  await stack.code(address(BOB), id);
  await stack.code(address(AINO), id);

  // Step 4: the subjects the README quotes.
  const bobsSubject = `Please confirm: you are asked to become a contact of ${SAUNA} – Example Hosting`;
  const ainosSubject = `Vahvista pyytämäsi yhteyshenkilön vaihto: ${SAUNA} – Example Hosting`;
  expect((await stack.email(address(BOB))).subject).toBe(bobsSubject);
  expect((await stack.email(address(AINO))).subject).toBe(ainosSubject);

  const mailbox = await browser.newPage();
  const bobsPage = await clickLinkInMailbox(mailbox, address(BOB), bobsSubject);
  expect(await bobsPage.getByRole('heading', { level: 1 }).textContent()).toMatch(/confirm/i);
  expect((await stack.deps.store.getRequest(id))?.state).toBe('awaiting_confirmation'); // opening changed nothing
  await bobsPage.getByRole('button', { name: /Accept/ }).click();
  await expect
    .poll(() => bobsPage.locator('main').textContent())
    .toMatch(/waits for the confirmation of Aino Aalto \(aa123456-ovh\)/);

  const ainosPage = await clickLinkInMailbox(mailbox, address(AINO), ainosSubject);
  expect(await ainosPage.locator('html').getAttribute('lang')).toBe('fi');
  await ainosPage.getByRole('button', { name: /Hyväksy/ }).click();
  await eventually(async () =>
    (await stack.deps.store.getRequest(id))?.state === 'done' ? true : undefined,
  );

  const service = await aino.get(`/services/${SAUNA}`);
  expect(service.body.contacts.tech).toBe(BOB);
  // Step 7: Cecilia, who reads Finnish, gets one email: what she no longer is, and who is.
  const cecilias = await stack.email(address(CECILIA));
  expect(cecilias.subject).toBe(`Et ole enää palvelun ${SAUNA} tekninen yhteyshenkilö – Example Hosting`);
  expect(cecilias.body.text).toContain('Uusi yhteyshenkilö on Bob Brown (bb4321-ovh).');
  expect(await stack.emailsTo(address(CECILIA))).toHaveLength(1);

  for (const [name, to] of [
    ['bob-code', BOB],
    ['cecilia-done', CECILIA],
  ] as const) {
    const email = (await stack.emailsTo(address(to))).at(name === 'bob-code' ? 0 : -1)!;
    await mailbox.setContent(email.body.html!);
    await shoot(mailbox, 'walkthrough', name);
  }
  await mailbox.context().close();
});
