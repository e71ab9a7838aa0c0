import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../shared/domain/errors';
import { LANGUAGES, type ContactChange, type Language } from '../../shared/domain/model';
import { DEFAULT_TIME_ZONES } from '../../shared/domain/time-zone';
import {
  pickLanguage,
  renderConfirmPage,
  renderEnterCodePage,
  renderProblemPage,
  renderStatusPage,
} from '../../shared/pages/confirm-pages';
import { PAGE_NAMES, REQUEST_ID as ID, TOKEN, pageRequest as request } from '../support/page-fixtures';
import { NONCE, pageSamples } from '../support/page-samples';
import { en as panelEn } from '../../web/src/lib/i18n/en';
import { fi as panelFi } from '../../web/src/lib/i18n/fi';

const AA = 'aa123456-ovh';
const BB = 'bb4321-ovh';
const NOW = '2025-11-25T10:00:00.000Z';

/** The start tags of an element, each on one line: tests read attributes, not the source's layout. */
const tags = (html: string, name: string): string[] =>
  (html.match(new RegExp(`<${name}\\b[^>]*>`, 'g')) ?? []).map((tag) => tag.replace(/\s+/g, ' '));
const tag = (html: string, name: string, having: string): string =>
  tags(html, name).find((t) => t.includes(having)) ?? `no <${name}> with ${having}`;

/** What every page must be, whatever it says: the CSP allows nonce'd styles and nothing else. */
function expectSafeShell(html: string, language: string) {
  expect(html).toMatch(new RegExp(`^<!doctype html>\\s*<html lang="${language}">`));
  expect(tags(html, 'meta')).toContainEqual(
    expect.stringContaining('name="viewport" content="width=device-width, initial-scale=1"'),
  );
  expect(html.match(/<title>[^<]+<\/title>/g)).toHaveLength(1);
  expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
  expect(html).toMatch(/<main[\s>][\s\S]*<\/main>/);
  const styles = html.match(/<style\b[^>]*>/g) ?? [];
  expect(styles.length).toBeGreaterThan(0);
  for (const style of styles) expect(style).toBe(`<style nonce="${NONCE}">`);
  const attributes = (html.match(/<[a-z][^>]*>/gi) ?? []).join('\n');
  expect(attributes).not.toMatch(/\sstyle\s*=|\son\w+\s*=|javascript:/i);
  expect(html).not.toMatch(/<(script|link|img|iframe|object|embed)\b/i);
  expect(html).not.toMatch(/\bundefined\b|\bnull\b|\[object|NaN/);
}

const base = (language: Language) => ({ language, nonce: NONCE, providerName: 'Example Hosting' });
const about = (language: Language, overrides: Partial<ContactChange> = {}) => ({
  request: request(overrides),
  serviceName: 'example.fi',
  names: PAGE_NAMES,
  timeZone: DEFAULT_TIME_ZONES[language],
});
const confirmPage = (language: Language, confirmer = BB, overrides: Partial<ContactChange> = {}) =>
  renderConfirmPage({ ...base(language), ...about(language, overrides), confirmer, token: TOKEN });
const statusPage = (
  language: Language,
  overrides: Partial<ContactChange>,
  { confirmer = BB, fresh = false } = {},
) => renderStatusPage({ ...base(language), ...about(language, overrides), confirmer, fresh, now: NOW });

describe.each(LANGUAGES)('every page state in %s', (language) => {
  it.each(pageSamples(language).map((page) => [page.name, page.html]))(
    '%s is a safe, accessible document in its language',
    (_, html) => expectSafeShell(html, language),
  );
});

describe.each(LANGUAGES)('the confirm page in %s', (language) => {
  const html = confirmPage(language);

  it('posts the code and a decision to the request, with the code filled in', () => {
    expect(tags(html, 'form')).toEqual([`<form method="post" action="/confirm/${ID}">`]);
    const input = tag(html, 'input', 'id="code"');
    expect(input).toContain('name="token"');
    expect(input).toContain(`value="${TOKEN}"`);
    expect(tags(html, 'label')).toEqual(['<label for="code">']);
    const decisions = tags(html, 'button').filter((t) => t.includes('name="decision"'));
    expect(decisions).toEqual([
      expect.stringMatching(/class="primary" name="decision" value="accept"/),
      expect.stringMatching(/class="danger" name="decision" value="refuse"/),
    ]);
  });

  it('puts the answer first and the details after it', () => {
    expect(html.indexOf('value="accept"')).toBeLessThan(html.indexOf('<dl class="facts">'));
    expect(html.indexOf('value="accept"')).toBeLessThan(html.indexOf('class="roles"'));
  });

  it('names people by name and handle, marks the reader, and says until when', () => {
    expect(html).toMatch(/Aino Aalto <span class="handle">\(aa123456-ovh\)<\/span>/);
    expect(html).toMatch(/Bob Brown <span class="handle">\(bb4321-ovh\)<\/span> \((you|sinä)\)/);
    expect(html).toContain('pill-pending');
    expect(html).toMatch(
      language === 'fi' ? /8\. joulukuuta 2025 klo 11\.05 UTC\+2/ : /8 December 2025 at 09:05 UTC/,
    );
  });

  it('explains each role it moves, and warns only when the administrative role moves', () => {
    const roles = html.slice(
      html.indexOf('class="roles"'),
      html.indexOf('</section>', html.indexOf('class="roles"')),
    );
    expect(roles.match(/<li>/g)).toHaveLength(2); // tech and billing
    expect(html).not.toContain('class="warning"');
    expect(confirmPage(language, BB, { roles: ['admin'] })).toContain('class="warning"');
  });
});

describe("Finnish pages speak Finnish, in the emails' words", () => {
  it('names the roles, the buttons and the time as the Finnish email does', () => {
    const confirm = confirmPage('fi');
    expect(confirm).toContain('tekninen yhteyshenkilö ja laskutusyhteyshenkilö');
    expect(confirm).toMatch(/value="accept">\s*Hyväksy\s*<\/button>/);
    expect(confirm).toMatch(/value="refuse">\s*Hylkää\s*<\/button>/);
    expect(confirm).toContain(
      'Aino Aalto (aa123456-ovh) pyytää, että sinusta tulee palvelun example.fi tekninen yhteyshenkilö ja laskutusyhteyshenkilö.',
    );
    expect(confirm).toContain('Tekninen yhteyshenkilö: hoitaa vain tekniset asiat.');
  });
});

describe('escaping', () => {
  const hostile = '<img src=x onerror=alert(1)>"\'&';
  const evil = { askedBy: '"><script>x</script>', to: "bb'><b>", notified: ['<i>cc</i>'] };

  it.each(LANGUAGES)('writes a hostile service name, names and handles as text in %s', (language) => {
    const page = { ...about(language, evil), serviceName: hostile, names: { "bb'><b>": '<u>Bob</u>' } };
    const pages = [
      renderConfirmPage({ ...base(language), ...page, confirmer: "bb'><b>", token: '"><x' }),
      renderStatusPage({ ...base(language), ...page, confirmer: "bb'><b>", fresh: true, now: NOW }),
      renderProblemPage({ ...base(language), code: 'invalid_token', requestId: '"/><a', token: '"><x' }),
      renderEnterCodePage({ ...base(language), requestId: '"/><a' }),
    ];
    for (const html of pages) {
      expectSafeShell(html, language);
      expect(html).not.toMatch(/<img|<script|<b>|<i>|<u>|"><x|'><b>/);
    }
    expect(pages[0]).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
  });

  it('escapes the nonce and the provider name too', () => {
    const html = renderProblemPage({
      language: 'en',
      nonce: '"><b>',
      providerName: 'A & <B>',
      code: 'not_found',
    });
    expect(html).toContain('<style nonce="&quot;&gt;&lt;b&gt;">');
    expect(html).toContain('A &amp; &lt;B&gt;');
  });
});

describe('after an answer, or when the link is opened again, the page says where the request stands', () => {
  const accepted = [
    { nic: AA, status: 'accepted' as const, at: '2025-11-24T09:12:00.000Z' },
    { nic: BB, status: 'accepted' as const, at: '2025-11-24T10:00:00.000Z' },
  ];
  const ended = { completedAt: '2025-11-24T10:00:01.000Z' };

  it.each([
    ['waiting, just answered', {}, { confirmer: AA, fresh: true }, 'Thank you, your acceptance is recorded'],
    ['waiting, opened again', {}, { confirmer: AA }, 'You have accepted this request'],
    ['waiting, for whom', {}, { confirmer: AA }, 'waits for the confirmation of Bob Brown (bb4321-ovh)'],
    ['applying', { state: 'applying', confirmations: accepted }, {}, 'the change is being made'],
    [
      'done, to the new contact',
      { state: 'done', confirmations: accepted, ...ended },
      {},
      'You became the technical contact and billing contact of example.fi on 24 November 2025 at 10:00 UTC, in place of Aino Aalto (aa123456-ovh).',
    ],
    [
      'refused by the reader',
      { state: 'refused', why: { code: 'refused', nics: [BB] }, ...ended },
      {},
      'You refused the request',
    ],
    [
      'refused by another',
      { state: 'refused', why: { code: 'refused', nics: [BB] }, ...ended },
      { confirmer: AA },
      'Bob Brown (bb4321-ovh) refused the change. The request ended on 24 November 2025 at 10:00 UTC',
    ],
    [
      'cancelled',
      { state: 'cancelled', why: { code: 'cancelled', nics: [AA] }, ...ended },
      {},
      'Aino Aalto (aa123456-ovh) withdrew the request.',
    ],
    [
      'expired',
      { state: 'expired', why: { code: 'not_confirmed_in_time', nics: [BB] }, ...ended },
      {},
      'You did not confirm it in time.',
    ],
    [
      'past its window, not yet swept',
      { expiresAt: '2025-11-25T09:00:00.000Z' },
      {},
      'The request has expired',
    ],
  ] as const)('%s', (_, overrides, options, words) => {
    const html = statusPage('en', overrides as Partial<ContactChange>, options);
    expectSafeShell(html, 'en');
    expect(html).toContain(words);
    expect(html).not.toContain('<form'); // no retype box: the code did work
  });

  it('tells the asker of a request that ended how to try again', () => {
    const html = statusPage(
      'en',
      { state: 'cancelled', why: { code: 'cancelled', nics: [AA] } },
      { confirmer: AA },
    );
    expect(html).toContain('you can make a new request');
  });

  it('says "Previous contact" once the change is done', () => {
    expect(statusPage('en', { state: 'done', confirmations: accepted })).toContain('Previous contact');
  });
});

describe('a link without a code, as in a reminder', () => {
  it.each(LANGUAGES)(
    'asks in %s for the code emailed before, and shows nothing of the request',
    (language) => {
      const html = renderEnterCodePage({ ...base(language), requestId: ID });
      expect(tags(html, 'form')).toEqual([`<form class="answer" method="get" action="/confirm/${ID}">`]);
      expect(html).not.toContain('name="decision"');
      expect(tag(html, 'input', 'id="code"')).not.toContain('aria-invalid');
      expect(html).not.toContain('example.fi');
    },
  );
});

describe('problem pages', () => {
  const codes = [...Object.keys(ERROR_STATUS), 'internal_error'];

  it.each(LANGUAGES.flatMap((language) => codes.map((code) => [language, code] as const)))(
    '%s page for %s is readable and safe',
    (language, code) => {
      const html = renderProblemPage({ ...base(language), code, requestId: ID });
      expectSafeShell(html, language);
      expect(html).toMatch(/<title>(Virhe|Error): /);
    },
  );

  it('for a wrong code, offers to show the request again rather than to answer, the error tied to the field', () => {
    const html = renderProblemPage({ ...base('en'), code: 'invalid_token', requestId: ID, token: 'TYPO' });
    expect(tags(html, 'form')).toEqual([`<form class="answer" method="get" action="/confirm/${ID}">`]);
    const input = tag(html, 'input', 'id="code"');
    expect(input).toContain('value="TYPO"');
    expect(input).toContain('aria-describedby="code-error"');
    expect(input).toContain('aria-invalid="true"');
    expect(html).toMatch(/id="code-error">\s*This code is wrong/);
    expect(html).toMatch(/<h1>\s*This code does not work\s*<\/h1>/);
    expect(html).toMatch(/<title>Error: /);
    expect(html).not.toContain('name="decision"');
  });

  it("says when to try again after too many codes that are nobody's, and that the real one still works", () => {
    const html = renderProblemPage({ ...base('en'), code: 'too_many_requests', retryAfterSeconds: 1500 });
    expect(html).toContain('try again in 25 minutes');
    expect(html).toContain('still works');
    const fi = renderProblemPage({ ...base('fi'), code: 'too_many_requests', retryAfterSeconds: 60 });
    expect(fi).toContain('1 minuutin kuluttua');
  });

  it("says that a resend gives a new code after too many wrong ones, naming the panel's button as the panel does", () => {
    const tooMany = renderProblemPage({ ...base('en'), code: 'too_many_attempts' });
    expect(tooMany).toMatch(new RegExp(`${panelEn.requests.resendMe}[^<]*new code`));
    expect(renderProblemPage({ ...base('fi'), code: 'too_many_attempts' })).toContain(
      panelFi.requests.resendMe,
    );
  });

  it('calls a missing or malformed link simply not valid', () => {
    for (const code of ['not_found', 'validation_failed']) {
      expect(renderProblemPage({ ...base('en'), code })).toContain('This link is not valid');
    }
    expect(renderProblemPage({ ...base('fi'), code: 'not_found' })).toContain('Linkki ei kelpaa');
  });
});

describe('pickLanguage', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['fi', 'fi'],
    ['fi-FI,fi;q=0.9,en;q=0.8', 'fi'],
    ['en-US,fi;q=0.8', 'en'],
    ['sv-FI,fi;q=0.8,en;q=0.5', 'fi'],
    ['en;q=0.5,fi;q=0.9', 'fi'],
    ['fi;q=0,en', 'en'],
    ['de,*;q=0.5', 'en'],
  ] as const)('%s → %s', (header, language) => {
    expect(pickLanguage(header)).toBe(language);
  });
});
