import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../shared/domain/model';
import type { EmailMessage } from '../../shared/domain/ports';
import { renderEmail } from '../../shared/email/render';
import { AINO, BOB, CECILIA, codeMessage, noticeMessage, summary } from '../support/email-fixtures';
import { emailSamples } from '../support/email-samples';
import { en as panelEn } from '../../web/src/lib/i18n/en';
import { fi as panelFi } from '../../web/src/lib/i18n/fi';
import { ALL_EMAILS } from '../../shared/email/kinds/all';

const render = (message: EmailMessage, providerName = 'Example Hosting') =>
  renderEmail(message, ALL_EMAILS[message.kind], { providerName });
const lines = (text: string) => text.split('\n');

describe.each(LANGUAGES)('every email in %s', (language) => {
  it('has a subject naming the provider, a text part and an HTML part, each complete', async () => {
    for (const { name, message } of await emailSamples(language)) {
      const email = render(message);
      expect(email.subject, name).toMatch(/ – Example Hosting$/);
      expect(email.subject, name).not.toMatch(/\n/);
      expect(email.text, name).toContain(message.to.name);
      expect(email.text, name).toMatch(/Example Hosting · /); // the footer
      expect(email.html, name).toMatch(new RegExp(`^<!doctype html>\\s*<html lang="${language}">`));
      expect(email.html, name).toContain(`<title>${email.subject}</title>`);
      for (const part of [email.text, email.html]) {
        expect(part, name).not.toMatch(/\bundefined\b|\bnull\b|\[object|NaN/);
        // Customers never see an API path: the panel and the confirm page are their ways in.
        expect(part, name).not.toMatch(/\b(POST|GET) \/|\/contact-changes\//);
      }
    }
  });

  it('names every person by name and handle, never by handle alone', async () => {
    for (const { name, message } of await emailSamples(language)) {
      const { text } = render(message);
      const handles = text.match(/\b[a-z]{2}\d+-ovh\b/g) ?? [];
      for (const handle of handles) {
        if (message.kind.startsWith('email_change')) continue; // they name the reader's own account
        expect(text, `${name}: ${handle}`).toMatch(new RegExp(`[A-Z]\\w+ \\w+ \\(${handle}\\)`));
      }
    }
  });

  it('gives different kinds different subjects, so a reader tells them apart in the inbox', async () => {
    const kindsBySubject = new Map<string, Set<string>>();
    for (const { message } of await emailSamples(language)) {
      const subject = render(message).subject;
      kindsBySubject.set(subject, (kindsBySubject.get(subject) ?? new Set()).add(message.kind));
    }
    for (const [subject, kinds] of kindsBySubject) expect([subject, kinds.size]).toEqual([subject, 1]);
  });
});

describe('the code email', () => {
  it.each(LANGUAGES)(
    'in %s holds each code on a line of its own and its exact link, in both parts',
    (language) => {
      const message = codeMessage(
        AINO,
        language,
        [summary(), summary({ id: 'second', roles: ['billing'] })],
        {
          others: [BOB],
        },
      );
      const email = render(message);
      expect(message.asks).toHaveLength(2);
      for (const { code, link, panelLink } of message.asks!) {
        expect(lines(email.text)).toContain(code);
        expect(lines(email.text)).toContain(link);
        expect(lines(email.text)).toContain(panelLink);
        expect(email.html).toContain(`>${code}</p>`);
        expect(email.html).toContain(`href="${link}"`);
      }
    },
  );

  it('tells the asker what they asked, with every request and who else was emailed, in Finnish', () => {
    const { text, subject } = render(
      codeMessage(AINO, 'fi', [summary(), summary({ id: 'second', roles: ['billing'] })], { others: [BOB] }),
    );
    expect(subject).toBe('Vahvista pyytämäsi yhteyshenkilön vaihto: example.fi – Example Hosting');
    expect(text).toContain('Hei Aino Aalto,');
    expect(text).toContain('Siitä tuli 2 muutosta, ja jokainen tarvitsee vahvistuksesi omalla koodillaan');
    expect(text).toContain('Lähetimme vahvistuskoodin myös seuraaville: Bob Brown (bb4321-ovh).');
    expect(text).toContain('Muutos 1/2: tekninen yhteyshenkilö');
    expect(text).toContain('Muutos 2/2: laskutusyhteyshenkilö');
    expect(text).toMatch(/Nykyinen yhteyshenkilö:\s+Cecilia Carlsson \(cc999-ovh\)/);
    // Finnish readers read Helsinki time, and are told so.
    expect(text).toContain('8. joulukuuta 2025 klo 11.05 UTC+2');
  });

  it('asks the new contact to take the role, and explains it, in English', () => {
    const { text, subject } = render(codeMessage(BOB, 'en'));
    expect(subject).toBe('Please confirm: you are asked to become a contact of example.fi – Example Hosting');
    expect(text).toContain(
      'Aino Aalto (aa123456-ovh) asked to make you the technical contact of example.fi.',
    );
    expect(text).toContain('- Technical contact: handles technical matters only.');
    expect(text).toContain('8 December 2025 at 09:05 UTC');
    expect(text).not.toContain('administrative contact can also change');
  });

  it("shows times in the reader's own time zone when the account has one, named", () => {
    const message = codeMessage(BOB, 'en');
    const { text } = render({ ...message, to: { ...message.to, timeZone: 'America/Toronto' } });
    expect(text).toContain('8 December 2025 at 04:05 GMT-5');
    expect(text).not.toContain('09:05');
  });

  it.each(LANGUAGES)('warns in %s, when the administrative role moves, what an admin can do', (language) => {
    const { text, html } = render(codeMessage(BOB, language, [summary({ roles: ['admin'] })]));
    const warning =
      language === 'fi'
        ? 'voi muuttaa myös palvelun omistajan tietoja'
        : "change the details of the service's owner";
    expect(text).toContain(warning);
    expect(html).toMatch(/border-left:4px solid[^>]*>[^<]*(omistajan|owner)/);
  });

  it('says a resent code replaces the earlier one', () => {
    const { text, subject } = render(codeMessage(BOB, 'en', [summary()], { resent: true }));
    expect(subject).toMatch(/^Your new code/);
    expect(text).toContain('The code sent before no longer works.');
  });

  it('refuses to render without a code, or with a link that is not a web link', () => {
    const message = codeMessage(BOB, 'en');
    expect(() => render({ ...message, asks: [{ ...message.asks![0]!, code: '' }] })).toThrow(/code/);
    expect(() =>
      render({ ...message, asks: [{ ...message.asks![0]!, link: 'javascript:alert(1)' }] }),
    ).toThrow(/web link/);
    expect(() => render({ ...message, asks: [] })).toThrow(/asks/);
  });
});

describe('the reminder', () => {
  it.each(LANGUAGES)(
    'in %s carries no code, links to the confirm page and to the panel, naming its button as the panel does',
    (language) => {
      const message = noticeMessage('reminder', BOB, language, summary());
      const { text, html } = render(message);
      expect(lines(text)).toContain(message.link);
      expect(lines(text)).toContain(message.panelLink);
      expect(html).toContain(`href="${message.link}"`);
      expect(message.link).not.toContain('token=');
      expect(text).toContain((language === 'fi' ? panelFi : panelEn).requests.resendMe);
    },
  );
});

describe('the bounce emails to the asker', () => {
  it.each(LANGUAGES)(
    "in %s name the panel's button that sends the codes again as the panel does",
    async (language) => {
      const samples = await emailSamples(language);
      const panel = language === 'fi' ? panelFi : panelEn;
      for (const name of ['code-bounced', 'batch-code-bounced']) {
        const sample = samples.find((s) => s.name === name);
        expect(sample, name).toBeDefined();
        const { text, html } = render(sample!.message);
        expect(text, name).toContain(panel.requests.resendAll);
        expect(html, name).toContain(panel.requests.resendAll);
      }
    },
  );
});

describe('each reader gets the words that fit them', () => {
  const refused = summary({
    state: 'refused',
    why: { code: 'refused', nics: [BOB] },
    completedAt: '2025-11-25T10:00:00.000Z',
  });
  const text = (kind: EmailMessage['kind'], nic: string, language: Language, request = refused, extra = {}) =>
    render(noticeMessage(kind, nic, language, request, extra));

  it('the refuser is told they refused; the others who refused', () => {
    expect(text('refused', BOB, 'en').subject).toMatch(/^You refused the contact change/);
    expect(text('refused', BOB, 'en').text).toContain('You refused the change.');
    expect(text('refused', AINO, 'en').text).toContain('Bob Brown (bb4321-ovh) refused the change.');
    expect(text('refused', AINO, 'fi').text).toContain('Bob Brown (bb4321-ovh) hylkäsi muutoksen.');
    expect(text('refused', BOB, 'fi').text).toContain('Hylkäsit muutoksen.');
    expect(text('refused', CECILIA, 'en').text).toContain(
      'You are still the technical contact of example.fi.',
    );
  });

  it('the old contact of a change that is done hears, in one email, what they no longer are and who is', () => {
    const done = summary({ state: 'done', completedAt: '2025-11-25T10:00:00.000Z' });
    const fi = text('done', CECILIA, 'fi', done, { fromHasNoRole: true });
    expect(fi.subject).toBe('Et ole enää palvelun example.fi tekninen yhteyshenkilö – Example Hosting');
    expect(fi.text).toContain('Uusi yhteyshenkilö on Bob Brown (bb4321-ovh).');
    expect(fi.text).toContain('Sinulla ei ole enää muita rooleja palvelussa example.fi');
    expect(fi.text).not.toContain('Kiitos vahvistuksesta');
    const en = text('done', CECILIA, 'en', done, { fromHasNoRole: false });
    expect(en.text).toContain(
      'you are no longer the technical contact of example.fi. From now on, Bob Brown (bb4321-ovh) is.',
    );
    expect(en.text).not.toContain('no other role');
    expect(text('done', BOB, 'en', done).subject).toMatch(/^You are now the technical contact of example.fi/);
  });

  it('who did not answer in time, with the reader as "you"', () => {
    const expired = summary({ state: 'expired', why: { code: 'not_confirmed_in_time', nics: [AINO, BOB] } });
    expect(text('expired', BOB, 'en', expired).text).toContain(
      'You and Aino Aalto (aa123456-ovh) did not confirm it in time.',
    );
    expect(text('expired', CECILIA, 'fi', expired).text).toContain(
      'Aino Aalto (aa123456-ovh) ja Bob Brown (bb4321-ovh) eivät vahvistaneet sitä ajoissa.',
    );
  });
});

describe('HTML escaping of customer data', () => {
  const hostile = '<script>alert("x")</script> & Co';
  const message = (language: Language): EmailMessage => ({
    ...codeMessage(BOB, language, [summary({ serviceName: hostile })]),
    names: { [AINO]: '<b>Aino</b>' },
    to: {
      nic: BOB,
      email: 'bb@example.com',
      name: '<img src=x onerror=alert(1)>',
      language,
      timeZone: 'UTC',
    },
  });

  it.each(LANGUAGES)('escapes a service name and people’s names in %s', (language) => {
    const { html, text, subject } = render(message(language), 'A & B <Hosting>');
    expect(html).not.toMatch(/<script>|<img|<b>|<Hosting>/);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;b&gt;Aino&lt;/b&gt; (aa123456-ovh)');
    expect(html).toContain('A &amp; B &lt;Hosting&gt;');
    // The text part and the subject are not HTML: they keep the name as typed.
    expect(text).toContain(hostile);
    expect(subject).toContain(hostile);
  });

  it('keeps a line break in a service name out of the subject', () => {
    const { subject } = render(noticeMessage('done', AINO, 'en', summary({ serviceName: 'a\r\nBcc: x@y' })));
    expect(subject).toBe('The contact change for a Bcc: x@y is done – Example Hosting');
  });
});

describe('the email to the old address when its change starts', () => {
  it.each(LANGUAGES)('carries the stop link in %s, as a button and as text', (language) => {
    const link = 'https://contacts.example.com/email-change/cancel?nic=aa1-ovh&token=7K3M-0000';
    const email = render({
      kind: 'email_change_started',
      to: { nic: AINO, email: 'aino@example.com', name: 'Aino Aalto', language, timeZone: 'Europe/Helsinki' },
      newEmail: 'thief@example.net',
      until: '2026-12-08T10:00:00.000Z',
      link,
    });
    expect(email.text).toContain(link);
    expect(email.html).toContain(`href="${link.replace(/&/g, '&amp;')}"`);
    expect(email.text).toMatch(language === 'fi' ? /pysäytä vaihto tästä/ : /stop the change here/);
    expect(email.html).toMatch(language === 'fi' ? /Pysäytä osoitteen vaihto/ : /Stop the address change/);
  });
});
