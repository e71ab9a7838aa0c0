// The whole flow with the keyboard alone: sign in, open the change dialog (focus stays inside it,
// Escape closes it and gives focus back), ask for a change, follow the row's link to the request
// and accept it with the code.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { World } from '../support/stack';
import { DESKTOP, PHONE, shoot, startStackAndBrowser } from './panel-support';

const run = startStackAndBrowser();

/** What has focus: its accessible-ish name and whether it is inside an open dialog. */
const focused = (page: Page): Promise<{ name: string; tag: string; inDialog: boolean }> =>
  // A string, evaluated in the page: this project's TypeScript has no DOM library.
  page.evaluate(`(() => {
    const element = document.activeElement;
    const label = element && element.id ? document.querySelector('label[for="' + element.id + '"]') : null;
    const name = label ? label.textContent : element && (element.getAttribute('aria-label') || element.textContent);
    return {
      name: (name || '').trim(),
      tag: element ? element.tagName.toLowerCase() : '',
      inDialog: Boolean(element && element.closest('dialog[open]')),
    };
  })()`);

/** Presses Tab until the focused element's name matches, at most `limit` times. */
async function tabTo(page: Page, name: RegExp, limit = 40) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (name.test((await focused(page)).name)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

it.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('sign in, ask, and accept with the keyboard alone (%s)', async (width, viewport) => {
  const w: World = await run.stack.seed({
    accounts: { aa: {}, bb: {} },
    services: { kb: { contacts: { admin: 'aa', tech: 'aa', billing: 'aa' } } },
  });
  const context = await run.browser.newContext({ viewport, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${run.stack.apiUrl}/panel/`);
  await tabTo(page, /^Account/);
  await page.keyboard.type(`Account AA (${w.nic('aa')})`); // a select takes typed text
  await tabTo(page, /^Sign in$/);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'My contacts' }).waitFor();

  const service = w.serviceId('kb');
  await tabTo(page, new RegExp(`^Change contacts of ${service}$`));
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').waitFor();
  for (let i = 0; i < 15; i++) {
    expect((await focused(page)).inDialog).toBe(true); // focus never leaves the open dialog
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Escape');
  await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  await expect.poll(async () => (await focused(page)).name).toBe(`Change contacts of ${service}`);

  await page.keyboard.press('Enter');
  await page.getByRole('dialog').waitFor();
  await tabTo(page, /^Technical$/);
  await page.keyboard.type(w.nic('bb'));
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').getByText('The request is registered.').waitFor();
  // The form is gone with its Send button: focus is on what happened, still inside the dialog.
  await expect.poll(() => focused(page)).toMatchObject({ tag: 'div', inDialog: true });
  expect((await focused(page)).name).toMatch(/^The request is registered\./);
  await shoot(page, `keyboard-registered-${width}`);
  await page.keyboard.press('Escape');

  await tabTo(page, new RegExp(`^Request open for ${service}$`));
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: `Request for ${service}` }).waitFor();
  await expect.poll(async () => (await focused(page)).tag).toBe('h1'); // a new screen starts at its heading
  const id = new URL(page.url()).pathname.split('/').at(-1)!;
  const code = await run.stack.code(w.email('aa'), id);
  await tabTo(page, /^Your code$/);
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await page
    .getByText(`You have accepted. Waiting for the other party: Account BB (${w.nic('bb')}).`)
    .waitFor();
  // The answer form is gone: focus is on the words saying the answer was recorded, not on <body>.
  await expect
    .poll(() => focused(page))
    .toEqual({ name: 'Your acceptance is recorded.', tag: 'p', inDialog: false });
  await shoot(page, `keyboard-accepted-${width}`);
  await context.close();
});
