// Every refusal the panel can meet today, shown in the user's language next to the field it concerns
// (aria-invalid, aria-describedby), in English on a desktop and in Finnish on a phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { api } from '../support/client';
import type { World } from '../support/stack';
import { DESKTOP, PHONE, shoot, signIn, startStackAndBrowser } from './panel-support';

const run = startStackAndBrowser();

const LANGUAGES = {
  en: {
    viewport: DESKTOP,
    change: 'Change',
    send: 'Send the request',
    roles: { admin: 'Administrative', tech: 'Technical', billing: 'Billing' },
    unknown: 'No account has this handle or email address.',
    zone: 'This account is in another zone; contacts can change only within a zone.',
    same: 'This account already is the contact.',
    invalid: 'Give a handle (for example aa123456-ovh) or an email address.',
    invalidEmail: 'Check this value.',
    unpaid: 'The old or the new billing contact has unpaid invoices.',
    noPayment: 'This account has no valid payment method, so it cannot become the billing contact.',
    billingRule: 'The new billing contact must have a valid payment method on their account.',
    pending: 'A request for this role is already open.',
    seeOpen: 'See the open request',
    nothing: 'Fill in at least one new contact.',
    onlyAdmin: 'Only the administrative contact may change this.',
    warning: 'An administrative contact can change every contact',
    requests: 'My requests',
    code: 'Your code',
    accept: 'Accept',
    wrongCode: 'The code is wrong, used or replaced.',
    required: 'Fill this in.',
    tooMany: 'Too many wrong codes. Choose “Send my code again” to get a new one.',
    profile: 'Profile',
    newEmail: 'New email address',
    sendCode: 'Send a code to the new address',
  },
  fi: {
    viewport: PHONE,
    change: 'Muuta',
    send: 'Lähetä pyyntö',
    roles: { admin: 'Hallinnollinen', tech: 'Tekninen', billing: 'Laskutus' },
    unknown: 'Tällä tunnuksella tai sähköpostiosoitteella ei ole tiliä.',
    zone: 'Tili on toisella alueella; yhteyshenkilöitä voi vaihtaa vain saman alueen sisällä.',
    same: 'Tämä tili on jo yhteyshenkilö.',
    invalid: 'Anna tunnus (esimerkiksi aa123456-ovh) tai sähköpostiosoite.',
    invalidEmail: 'Tarkista tämä arvo.',
    unpaid: 'Vanhalla tai uudella laskutusyhteyshenkilöllä on maksamattomia laskuja.',
    noPayment: 'Tilillä ei ole voimassa olevaa maksutapaa, joten siitä ei voi tulla laskutusyhteyshenkilöä.',
    billingRule: 'Uuden laskutusyhteyshenkilön tilillä on oltava voimassa oleva maksutapa.',
    pending: 'Tälle roolille on jo avoin pyyntö.',
    seeOpen: 'Katso avoin pyyntö',
    nothing: 'Anna vähintään yksi uusi yhteyshenkilö.',
    onlyAdmin: 'Vain hallinnollinen yhteyshenkilö voi muuttaa tätä.',
    warning: 'Hallinnollinen yhteyshenkilö voi vaihtaa palvelun kaikki yhteyshenkilöt',
    requests: 'Omat pyynnöt',
    code: 'Vahvistuskoodisi',
    accept: 'Hyväksy',
    wrongCode: 'Koodi on väärä, käytetty tai korvattu.',
    required: 'Täytä tämä.',
    tooMany: 'Liian monta väärää koodia. Saat uuden koodin valitsemalla ”Lähetä koodini uudelleen”.',
    profile: 'Omat tiedot',
    newEmail: 'Uusi sähköpostiosoite',
    sendCode: 'Lähetä koodi uuteen osoitteeseen',
  },
};

/** The error message tied to an invalid field (the last id of its aria-describedby), or null. */
async function errorOf(field: Locator): Promise<string | null> {
  if ((await field.getAttribute('aria-invalid')) !== 'true') return null;
  const id = (await field.getAttribute('aria-describedby'))!.split(' ').at(-1)!;
  return field.page().locator(`[id="${id}"]`).textContent();
}

/**
 * Waits for the field to show `message` (the answer arrives after the click); expect.poll's own
 * 1 s is shorter than a loaded machine's first answer.
 */
const expectError = (field: Locator, message: string) =>
  expect.poll(() => errorOf(field), { timeout: 20_000 }).toBe(message);

describe.each(Object.entries(LANGUAGES))('in %s', (language, words) => {
  let w: World;
  let page: Page;

  beforeAll(async () => {
    w = await run.stack.seed({
      accounts: {
        aa: { language: language as 'fi' | 'en' },
        bb: {},
        ca: { zone: 'ca' },
        dd: { unpaidInvoices: 2 },
        np: { paymentMethod: false },
        zz: {},
      },
      services: {
        mine: { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } },
        techonly: { contacts: { admin: 'zz', tech: 'aa', billing: 'zz' } },
      },
    });
    page = await signIn(run.browser, run.stack, w.nic('aa'), { viewport: words.viewport });
  });
  afterAll(() => page?.context().close());

  async function openDialog(service: string) {
    await page.goto(`${run.stack.apiUrl}/panel/`);
    await page.getByRole('button', { name: new RegExp(`${words.change}.*${w.serviceId(service)}`) }).click();
    return page.getByRole('dialog');
  }

  it('the change dialog: each refusal under its role, and the open request linked', async () => {
    const dialog = await openDialog('mine');
    const field = (role: keyof typeof words.roles) =>
      dialog.getByRole('textbox', { name: words.roles[role] });
    const submit = () => dialog.getByRole('button', { name: words.send }).click();

    await submit();
    await dialog.getByRole('alert').getByText(words.nothing).waitFor();

    await field('tech').fill('xx123456-ovh');
    await submit();
    await expectError(field('tech'), words.unknown);

    await field('tech').fill(w.email('ca'));
    await submit();
    await expectError(field('tech'), words.zone);

    await field('tech').fill(w.nic('zz'));
    await submit();
    await expectError(field('tech'), words.same);

    await field('tech').fill('not a handle');
    await submit();
    await expectError(field('tech'), words.invalid);

    await field('tech').fill('');
    await field('billing').fill(w.nic('dd'));
    await submit();
    await expectError(field('billing'), words.unpaid);
    expect(await field('tech').getAttribute('aria-invalid')).toBeNull();

    // The payment-method rule is said under the billing field before anyone meets it, then as its error.
    const billingHint = (await field('billing').getAttribute('aria-describedby'))!.split(' ')[0]!;
    expect(await page.locator(`[id="${billingHint}"]`).textContent()).toContain(words.billingRule);
    await field('billing').fill(w.nic('np'));
    await submit();
    await expectError(field('billing'), words.noPayment);

    await field('admin').fill(w.nic('bb'));
    await dialog.getByRole('note').getByText(words.warning).waitFor();
    await shoot(page, `errors-dialog-${language}`);
    await field('admin').fill('');

    const aa = await api(run.stack.apiUrl).as(w.nic('aa'));
    const open = await aa.post(`/services/${w.serviceId('mine')}/contact-changes`, { tech: w.nic('bb') });
    await page.keyboard.press('Escape');
    const again = await openDialog('mine');
    await again.getByRole('textbox', { name: words.roles.tech }).fill(w.nic('dd'));
    await again.getByRole('button', { name: words.send }).click();
    await expectError(again.getByRole('textbox', { name: words.roles.tech }), words.pending);
    expect(await again.getByRole('link', { name: words.seeOpen }).getAttribute('href')).toBe(
      `/panel/requests/${open.body.requests[0].id}`,
    );
    await page.keyboard.press('Escape');
  });

  it('roles the caller may not change are disabled, with the reason', async () => {
    const dialog = await openDialog('techonly');
    const admin = dialog.getByRole('textbox', { name: words.roles.admin });
    expect(await admin.isDisabled()).toBe(true);
    const hint = (await admin.getAttribute('aria-describedby'))!.split(' ')[0]!;
    expect(await page.locator(`[id="${hint}"]`).textContent()).toContain(words.onlyAdmin);
    expect(await dialog.getByRole('textbox', { name: words.roles.tech }).isDisabled()).toBe(false);
    await page.keyboard.press('Escape');
  });

  it('the code field: empty, wrong, and too many wrong codes', async () => {
    const aa = await api(run.stack.apiUrl).as(w.nic('aa'));
    const created = await aa.post(`/services/${w.serviceId('techonly')}/contact-changes`, {
      tech: w.nic('bb'),
    });
    const id = created.body.requests[0].id;
    await run.stack.code(w.email('aa'), id);
    await page.goto(`${run.stack.apiUrl}/panel/requests/${id}`);
    const code = page.getByRole('textbox', { name: words.code });
    const accept = page.getByRole('button', { name: words.accept, exact: true });
    await accept.click();
    await expectError(code, words.required);
    for (let attempt = 1; attempt <= 5; attempt++) {
      await code.fill(`WRONG-${attempt}`);
      await accept.click();
      await expectError(code, words.wrongCode);
      await expect.poll(() => accept.isEnabled()).toBe(true);
    }
    await code.fill('WRONG-6');
    await accept.click();
    await expectError(code, words.tooMany);
  });

  it('the profile: an address that is not one', async () => {
    await page.goto(`${run.stack.apiUrl}/panel/profile`);
    const email = page.getByRole('textbox', { name: words.newEmail });
    await page.getByRole('button', { name: words.sendCode }).click();
    await expectError(email, words.required);
    await email.fill('not-an-address');
    await page.getByRole('button', { name: words.sendCode }).click();
    await expectError(email, words.invalidEmail);
  });
});
