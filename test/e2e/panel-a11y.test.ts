// axe-core on every screen of the panel, in both languages and at phone and desktop widths: no
// violation of impact serious or critical. Screenshots of each land in $TMPDIR/panel-screens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api } from '../support/client';
import { startTestStack, type TestStack, type World } from '../support/stack';
import { DESKTOP, launchChromium, PHONE, seriousViolations, shoot, signIn } from './panel-support';

let stack: TestStack;
let browser: Browser;
let w: World;
let requestId: string;

beforeAll(async () => {
  // Bob's code emails bounce, so that the request screen shows its note on him too.
  stack = await startTestStack({ bounceAddresses: /^bb\./ });
  w = await stack.seed({
    accounts: { aa: { language: 'fi' }, bb: {} },
    services: {
      web: { contacts: { admin: 'aa', tech: 'bb', billing: 'aa' } },
      vps: { type: 'server', contacts: { admin: 'bb', tech: 'aa', billing: 'bb' } },
    },
  });
  // An ended request in the history of web, and an open one (with a code form for both aa and bb).
  const aa = await api(stack.apiUrl).as(w.nic('aa'));
  const ended = await aa.post(`/services/${w.serviceId('web')}/contact-changes`, { billing: w.nic('bb') });
  await aa.post(`/contact-changes/${ended.body.requests[0].id}/cancel`);
  const open = await aa.post(`/services/${w.serviceId('web')}/contact-changes`, { billing: w.nic('bb') });
  requestId = open.body.requests[0].id;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

type Screen = [name: string, show: (page: Page) => Promise<void>];

const screens = (service: string): Screen[] => [
  ['contacts', async (page) => void (await page.getByRole('table').waitFor())],
  [
    'change-dialog',
    async (page) => {
      await page.getByRole('button', { name: new RegExp(service) }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('textbox').first().fill('xx1-ovh'); // the admin warning
      await dialog.getByRole('button', { name: /Send|Lähetä/ }).click();
      await dialog.locator('[aria-invalid="true"]').waitFor(); // an error next to its field
    },
  ],
  [
    'requests',
    async (page) => {
      await page.goto(`${stack.apiUrl}/panel/requests`);
      await page.getByRole('article').first().waitFor();
    },
  ],
  [
    'request',
    async (page) => {
      await page.goto(`${stack.apiUrl}/panel/requests/${requestId}`);
      await page.locator('dl').waitFor();
      await page
        .getByRole('note')
        .filter({ hasText: /bounced|palautui/ })
        .waitFor();
    },
  ],
  [
    'service',
    async (page) => {
      await page.goto(`${stack.apiUrl}/panel/services/${service}`);
      await page.getByRole('heading', { level: 2 }).nth(1).waitFor(); // contacts, then history
    },
  ],
  [
    'profile',
    async (page) => {
      await page.goto(`${stack.apiUrl}/panel/profile`);
      await page.getByRole('radio').first().waitFor();
    },
  ],
];

// The shared look has a dark scheme too: one of the four runs reads every screen in it, so that axe
// measures the dark colours' contrast as well.
describe.each([
  ['fi', 'aa', PHONE, 'light'],
  ['fi', 'aa', DESKTOP, 'light'],
  ['en', 'bb', PHONE, 'light'],
  ['en', 'bb', DESKTOP, 'dark'],
] as const)('in %s as %s at %o, %s', (language, who, viewport, colorScheme) => {
  const suffix = `${language}-${viewport.width}${colorScheme === 'dark' ? '-dark' : ''}`;
  it('the sign-in page has no serious or critical violation', async () => {
    const context = await browser.newContext({
      viewport,
      colorScheme,
      locale: language === 'fi' ? 'fi-FI' : 'en-GB',
    });
    const page = await context.newPage();
    await page.goto(`${stack.apiUrl}/panel/`);
    await page.getByRole('combobox').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe(language);
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, `a11y-sign-in-${suffix}`);
    await context.close();
  });

  // Six screens, each shown, checked by axe and shot, in one signed-in page: a minute when the machine
  // is idle, so it gets room for a busy one. The bound is on waiting, never on what is asserted.
  it(
    'every screen of the signed-in panel has no serious or critical violation',
    { timeout: 240_000 },
    async () => {
      const page = await signIn(browser, stack, w.nic(who), { viewport });
      await page.emulateMedia({ colorScheme });
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(language);
      const found: Record<string, string[]> = {};
      for (const [name, show] of screens(w.serviceId(who === 'aa' ? 'web' : 'vps'))) {
        await show(page);
        found[name] = await seriousViolations(page);
        await shoot(page, `a11y-${name}-${suffix}`);
      }
      expect(found).toEqual(Object.fromEntries(Object.keys(found).map((name) => [name, []])));
      await page.context().close();
    },
  );
});
