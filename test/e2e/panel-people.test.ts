// The panel speaks in names and in the reader's language (issue 19): every person as "Name (handle)",
// request titles by the service's name, and every reason a request ended worded from its reasonCode
// and reasonBy, never the API's English sentence inside a Finnish page. On a phone, the contacts table
// stays readable: nothing wider than the screen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api } from '../support/client';
import { startTestStack, type TestStack, type World } from '../support/stack';
import { DESKTOP, launchChromium, PHONE, seriousViolations, shoot, signIn } from './panel-support';

let stack: TestStack;
let browser: Browser;
let w: World;
let refusedId: string;
let cancelledId: string;

const SHOP = 'Saunakauppa Oy';

beforeAll(async () => {
  stack = await startTestStack();
  w = await stack.seed({
    accounts: { aa: { language: 'fi' }, bb: { language: 'en' }, zz: {} },
    services: { shop: { name: SHOP, contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } } },
  });
  const [aa, bb] = await Promise.all([api(stack.apiUrl).as(w.nic('aa')), api(stack.apiUrl).as(w.nic('bb'))]);
  const path = `/services/${w.serviceId('shop')}/contact-changes`;
  const refused = await aa.post(path, { tech: w.nic('bb') });
  refusedId = refused.body.requests[0].id;
  await bb.post(`/contact-changes/${refusedId}/refuse`, {
    token: await stack.code(w.email('bb'), refusedId),
  });
  const cancelled = await aa.post(path, { billing: w.nic('bb') });
  cancelledId = cancelled.body.requests[0].id;
  await aa.post(`/contact-changes/${cancelledId}/cancel`);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const person = (name: string) => `Account ${name.toUpperCase()} (${w.nic(name)})`;

/** The text of the definition beside the term `term` in the request's facts. */
const fact = (page: Page, term: string) =>
  page.locator('dl.facts dt', { hasText: term }).locator('xpath=following-sibling::dd[1]').textContent();

describe('in Finnish, on a phone', () => {
  let page: Page;
  beforeAll(async () => {
    page = await signIn(browser, stack, w.nic('aa'), { viewport: PHONE });
  });
  afterAll(() => page?.context().close());

  it('the contacts table names everyone and fits the screen', async () => {
    const row = page.getByRole('row', { name: new RegExp(SHOP) });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      `Valitse ${SHOP}`, // the row's checkbox, by its label
      'Verkkotunnus',
      `Account AA (${w.nic('aa')}, sinä)`,
      person('zz'),
      `Account AA (${w.nic('aa')}, sinä)`,
      expect.stringContaining('Muuta'),
    ]);
    // Readable at 390 px: the page scrolls down, never sideways.
    const overflow = await page.locator('html').evaluate((root) => root.scrollWidth - root.clientWidth);
    expect(overflow).toBe(0);
    await shoot(page, 'people-contacts-fi-phone');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('the change dialog names the current contacts and says the payment-method rule beside billing', async () => {
    await page
      .getByRole('row', { name: new RegExp(SHOP) })
      .getByRole('button', { name: /Muuta/ })
      .click();
    const dialog = page.getByRole('dialog');
    const billing = dialog.getByRole('textbox', { name: 'Laskutus' });
    const hint = (await billing.getAttribute('aria-describedby'))!.split(' ')[0]!;
    expect(await page.locator(`[id="${hint}"]`).textContent()).toBe(
      `Tunnus tai sähköpostiosoite. Nyt: ${person('aa')}. ` +
        'Uuden laskutusyhteyshenkilön tilillä on oltava voimassa oleva maksutapa.',
    );
    await shoot(page, 'people-dialog-fi-phone');
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('a refused request: titled by the service name, the reason in Finnish naming who refused', async () => {
    await page.goto(`${stack.apiUrl}/panel/requests/${refusedId}`);
    await page.getByRole('heading', { name: `Pyyntö: ${SHOP}` }).waitFor();
    expect(await fact(page, 'Syy')).toBe(`${person('bb')} hylkäsi muutoksen.`);
    expect(await fact(page, 'Pyytäjä')).toContain(`Account AA (${w.nic('aa')}, sinä)`);
    expect(await fact(page, 'Muutos')).toBe(`tekninen: ${person('zz')} → ${person('bb')}`);
    expect(await page.locator('[lang="en"]').count()).toBe(0);
    await shoot(page, 'people-refused-fi-phone');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('My requests: the request the reader withdrew says so to them', async () => {
    await page.goto(`${stack.apiUrl}/panel/requests?state=all`);
    const card = page.getByRole('article', { name: `Pyyntö: ${SHOP}` }).filter({ hasText: 'Peruttu' });
    await card.waitFor();
    expect(
      await card
        .locator('dl.facts dt', { hasText: 'Syy' })
        .locator('xpath=following-sibling::dd[1]')
        .textContent(),
    ).toBe('Peruit pyynnön.');
  });
});

describe('in Finnish, on a laptop', () => {
  it('the contacts table names everyone in its columns', async () => {
    const page = await signIn(browser, stack, w.nic('aa'), { viewport: DESKTOP });
    const row = page.getByRole('row', { name: new RegExp(SHOP) });
    await row.waitFor();
    // The row's checkbox, its type, its admin, then its technical contact.
    expect(await row.getByRole('cell').nth(3).textContent()).toBe(person('zz'));
    await shoot(page, 'people-contacts-fi-desktop');
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });
});

describe('in English, on a laptop', () => {
  it('the other party reads the same ending in English, and who it was by name', async () => {
    const page = await signIn(browser, stack, w.nic('bb'), { viewport: DESKTOP });
    await page.goto(`${stack.apiUrl}/panel/requests/${cancelledId}`);
    await page.getByRole('heading', { name: `Request for ${SHOP}` }).waitFor();
    expect(await fact(page, 'Reason')).toBe(`${person('aa')} withdrew the request.`);
    await page.goto(`${stack.apiUrl}/panel/requests/${refusedId}`);
    await page.getByRole('heading', { name: `Request for ${SHOP}` }).waitFor();
    expect(await fact(page, 'Reason')).toBe('You refused the change.');
    await shoot(page, 'people-refused-en-desktop');
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });
});
