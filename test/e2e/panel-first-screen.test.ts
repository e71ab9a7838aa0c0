// My contacts draws the rows of its first screen first and the rest after that screen is painted
// (ContactsTable): the first table the page ever holds has only those rows, every row follows, and
// the selection covers the rows drawn later as it does the first ones.
import { expect, it } from 'vitest';
import { DESKTOP, signIn, startStackAndBrowser } from './panel-support';

const run = startStackAndBrowser();

const COUNT = 30;

it('draws the first screen of rows, then every other row, and selects them all', async () => {
  const w = await run.stack.seed({
    accounts: { aa: {}, zz: {} },
    services: Object.fromEntries(
      Array.from({ length: COUNT }, (_, i) => [
        `s${String(i).padStart(2, '0')}`,
        { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } },
      ]),
    ),
  });
  const page = await signIn(run.browser, run.stack, w.nic('aa'), { viewport: DESKTOP });
  await page.getByRole('table').waitFor();
  await page.getByRole('link', { name: 'Profile' }).click();
  await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();

  // The rows in the first table the page holds after the click (a string: no DOM types here).
  const firstRows = await page.evaluate<number>(`new Promise((done) => {
    const observer = new MutationObserver(() => {
      const rows = document.querySelectorAll('table.contacts tbody tr').length;
      if (!rows) return;
      observer.disconnect();
      done(rows);
    });
    observer.observe(document.body, { childList: true, subtree: true });
    document.querySelector('nav a[href="/panel/"]').click();
  })`);
  // A row is at least a 44 px touch target: the rows 900 px can show.
  expect(firstRows).toBe(Math.ceil(DESKTOP.height / 44));
  expect(firstRows).toBeLessThan(COUNT);

  const last = page.getByRole('row', { name: new RegExp(w.serviceId(`s${COUNT - 1}`)) });
  await last.waitFor();
  expect(await page.locator('table.contacts tbody tr').count()).toBe(COUNT);

  await page.getByLabel('Select all shown').check();
  await page.getByText(`${COUNT} services selected.`).waitFor();
  await last.getByRole('checkbox').uncheck();
  await page.getByText(`${COUNT - 1} services selected.`).waitFor();
  expect(await page.getByLabel('Select all shown').isChecked()).toBe(false);
});
