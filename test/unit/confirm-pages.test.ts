import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../shared/domain/errors';
import { LANGUAGES, type ContactChange } from '../../shared/domain/model';
import {
  pickLanguage,
  renderAnswerPage,
  renderConfirmPage,
  renderProblemPage,
} from '../../shared/pages/confirm-pages';
import { REQUEST_ID as ID, TOKEN, pageRequest as request } from '../support/page-fixtures';

const NONCE = 'bm9uY2UtZm9yLXRlc3Rz';

const both = { serviceName: 'example.fi', nonce: NONCE };

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

describe.each(LANGUAGES)('the confirm page in %s', (language) => {
  const html = renderConfirmPage({
    ...both,
    language,
    request: request(),
    confirmer: 'bb4321-ovh',
    token: TOKEN,
  });

  it('is a safe, accessible document in its language', () => expectSafeShell(html, language));

  it('posts the code and a decision to the request, with the code filled in', () => {
    expect(tags(html, 'form')).toEqual([`<form method="post" action="/confirm/${ID}">`]);
    const input = tag(html, 'input', 'id="code"');
    expect(input).toContain('name="token"');
    expect(input).toContain(`value="${TOKEN}"`);
    expect(tags(html, 'label')).toEqual(['<label for="code">']);
    const decisions = tags(html, 'button').filter((t) => t.includes('name="decision"'));
    expect(decisions).toEqual([
      expect.stringMatching(/class="primary" name="decision" value="accept"/),
      expect.stringMatching(/class="secondary" name="decision" value="refuse"/),
    ]);
  });

  it('says who asked, who answered and who not, and until when', () => {
    expect(html).toContain('aa123456-ovh');
    expect(html).toContain('pill-accepted');
    expect(html).toContain('pill-pending');
    expect(html).toMatch(/8\.? [a-zA-Z]+ 2025\D+09[.:]05 UTC/);
  });
});

describe("Finnish pages speak Finnish, in the emails' words", () => {
  const confirm = renderConfirmPage({
    ...both,
    language: 'fi',
    request: request(),
    confirmer: 'bb4321-ovh',
    token: TOKEN,
  });

  it('names the roles, the buttons and the time as the Finnish email does', () => {
    expect(confirm).toContain('tekninen yhteyshenkilö ja laskutusyhteyshenkilö');
    expect(confirm).toMatch(/value="accept">\s*Hyväksy\s*<\/button>/);
    expect(confirm).toMatch(/value="refuse">\s*Hylkää\s*<\/button>/);
    expect(confirm).toContain('8. joulukuuta 2025 klo 09.05 UTC');
    expect(confirm).toContain('aa123456-ovh pyytää, että sinusta tulee palvelun example.fi yhteyshenkilö.');
    expect(confirm).not.toMatch(/\b(Accept|Refuse|contact)\b/);
  });

  it('has Finnish words on every answer and problem page', () => {
    const waiting = renderAnswerPage({
      ...both,
      language: 'fi',
      request: request(),
      confirmer: 'aa123456-ovh',
      decision: 'accept',
    });
    expect(waiting).toContain('Muutos odottaa vielä vahvistusta seuraavilta: bb4321-ovh.');
    const tooMany = renderProblemPage({ language: 'fi', nonce: NONCE, code: 'too_many_attempts' });
    expect(tooMany).toContain('Lähetä uudelleen');
    expect(renderProblemPage({ language: 'fi', nonce: NONCE, code: 'not_found' })).toContain(
      'Linkki ei kelpaa',
    );
  });
});

describe('escaping', () => {
  const hostile = '<img src=x onerror=alert(1)>"\'&';
  const evil = request({ askedBy: '"><script>x</script>', to: "bb'><b>", notified: ['<i>cc</i>'] });

  it.each(LANGUAGES)('writes a hostile service name and handles as text in %s', (language) => {
    const pages = [
      renderConfirmPage({
        language,
        nonce: NONCE,
        serviceName: hostile,
        request: evil,
        confirmer: "bb'><b>",
        token: '"><x',
      }),
      renderAnswerPage({
        language,
        nonce: NONCE,
        serviceName: hostile,
        request: evil,
        confirmer: "bb'><b>",
        decision: 'accept',
      }),
      renderProblemPage({
        language,
        nonce: NONCE,
        code: 'invalid_token',
        request: evil,
        serviceName: hostile,
        token: '"><x',
      }),
      renderProblemPage({
        language,
        nonce: NONCE,
        code: 'invalid_token',
        requestId: '"/><a',
        token: '"><x',
        detail: '<b>',
      }),
    ];
    for (const html of pages) {
      expectSafeShell(html, language);
      expect(html).not.toMatch(/<img|<script|<b>|<i>|"><x|'><b>/);
    }
    expect(pages[0]).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
  });

  it('escapes the nonce too, as it reaches an attribute', () => {
    const html = renderProblemPage({ language: 'en', nonce: '"><b>', code: 'not_found' });
    expect(html).toContain('<style nonce="&quot;&gt;&lt;b&gt;">');
  });
});

describe('answer pages follow where the request stands', () => {
  const answered = (overrides: Partial<ContactChange>, decision: 'accept' | 'refuse' = 'accept') =>
    renderAnswerPage({
      ...both,
      language: 'en',
      request: request(overrides),
      confirmer: 'bb4321-ovh',
      decision,
    });
  const accepted = [
    { nic: 'aa123456-ovh', status: 'accepted' as const, at: '2025-11-24T09:12:00.000Z' },
    { nic: 'bb4321-ovh', status: 'accepted' as const, at: '2025-11-24T10:00:00.000Z' },
  ];

  it.each([
    [
      'done',
      { state: 'done', confirmations: accepted, completedAt: '2025-11-24T10:00:01.000Z' },
      'The change is done',
    ],
    ['applying', { state: 'applying', confirmations: accepted }, 'the change is being made'],
    [
      'refused by you',
      { state: 'refused', confirmations: [accepted[0]!, { nic: 'bb4321-ovh', status: 'refused' }] },
      'You refused the request',
    ],
    ['ended otherwise', { state: 'cancelled', confirmations: accepted }, 'aa123456-ovh cancelled it'],
  ] as const)('%s', (_, overrides, words) => {
    const html = answered(overrides as Partial<ContactChange>);
    expectSafeShell(html, 'en');
    expect(html).toContain(words);
    expect(html).not.toContain('<form');
  });

  it('names whom a recorded acceptance still waits for, never the reader', () => {
    const html = renderAnswerPage({
      ...both,
      language: 'en',
      request: request(),
      confirmer: 'aa123456-ovh',
      decision: 'accept',
    });
    expect(html).toContain('The change still waits for the confirmation of bb4321-ovh.');
  });

  it('says "Previous contact" once the change is done', () => {
    expect(answered({ state: 'done', confirmations: accepted })).toContain('Previous contact');
  });
});

describe('problem pages', () => {
  const codes = [...Object.keys(ERROR_STATUS), 'internal_error'];

  it.each(LANGUAGES.flatMap((language) => codes.map((code) => [language, code] as const)))(
    '%s page for %s is readable and safe',
    (language, code) => {
      const html = renderProblemPage({ language, nonce: NONCE, code, requestId: ID, detail: 'Something.' });
      expectSafeShell(html, language);
      expect(html).toMatch(/<title>(Virhe|Error): /);
    },
  );

  it('shows the form again for a wrong code, the error tied to the field', () => {
    const html = renderProblemPage({
      ...both,
      language: 'en',
      code: 'invalid_token',
      requestId: ID,
      token: 'TYPO',
      request: request(),
      confirmer: 'bb4321-ovh',
    });
    expect(html).toContain(`action="/confirm/${ID}"`);
    const input = tag(html, 'input', 'id="code"');
    expect(input).toContain('value="TYPO"');
    expect(input).toContain('aria-describedby="code-error code-hint"');
    expect(input).toContain('aria-invalid="true"');
    expect(html).toMatch(/<p class="field-error" id="code-error">\s*This code is wrong/);
    expect(tags(html, 'a')).toContain('<a href="#code">');
    expect(html).toMatch(/<title>Error: /);
  });

  it('for a wrong code on an unknown request, offers to show the request again rather than to answer', () => {
    const html = renderProblemPage({
      language: 'en',
      nonce: NONCE,
      code: 'invalid_token',
      requestId: ID,
      token: 'TYPO',
    });
    expect(tags(html, 'form')).toEqual([`<form class="answer" method="get" action="/confirm/${ID}">`]);
    expect(tag(html, 'input', 'id="code"')).toContain('aria-describedby="code-error"');
    expect(html).toMatch(/id="code-error">\s*This code is wrong/);
    expect(html).not.toContain('name="decision"');
  });

  it('says how a closed request ended, and that a resend gives a new code', () => {
    const closed = renderProblemPage({
      ...both,
      language: 'en',
      code: 'request_closed',
      request: request({ state: 'expired' }),
    });
    expect(closed).toContain('so it has expired and nothing changes');
    expect(closed).toContain('Did not answer');
    const tooMany = renderProblemPage({ language: 'en', nonce: NONCE, code: 'too_many_attempts' });
    expect(tooMany).toMatch(/Resend[^<]*new code/);
  });

  it('calls a missing or malformed link simply not valid', () => {
    for (const code of ['not_found', 'validation_failed']) {
      expect(renderProblemPage({ language: 'en', nonce: NONCE, code })).toContain('This link is not valid');
    }
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
