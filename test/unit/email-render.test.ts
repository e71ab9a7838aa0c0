import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../shared/domain/model';
import type { ContactChangeSummary, EmailKind, EmailMessage } from '../../shared/domain/ports';
import { renderEmail } from '../../shared/email/render';

const KINDS: EmailKind[] = [
  'code',
  'reminder',
  'registered',
  'waiting',
  'done',
  'refused',
  'expired',
  'failed',
  'cancelled',
  'rights_ended',
  'email_changed',
];

const request: ContactChangeSummary = {
  id: 'req-7f3a',
  serviceId: 'example.fi',
  serviceName: 'example.fi',
  roles: ['tech', 'billing'],
  from: 'aa123456-ovh',
  to: 'bb4321-ovh',
  askedBy: 'aa123456-ovh',
  expiresAt: '2025-12-08T09:05:00.000Z',
};
const CODE = 'K7Q2-9XHP';
const LINK = `http://localhost:3000/confirm/${request.id}?token=${CODE}`;

/** A message that carries everything any kind may need. */
function messageOf(kind: EmailKind, language: Language, overrides: Partial<EmailMessage> = {}): EmailMessage {
  return {
    kind,
    to: { nic: 'bb4321-ovh', email: 'bb@example.com', name: 'Bertta Berg', language },
    request,
    code: CODE,
    link: LINK,
    others: ['aa123456-ovh', 'bb4321-ovh'],
    reason: 'Refused by bb4321-ovh.',
    newEmail: 'new@example.com',
    ...overrides,
  };
}

describe('every kind of email in both languages', () => {
  for (const language of LANGUAGES) {
    for (const kind of KINDS) {
      it(`${kind} in ${language} has a subject, a text part and an HTML part`, () => {
        const email = renderEmail(messageOf(kind, language));
        expect(email.subject.length).toBeGreaterThan(10);
        expect(email.subject).not.toMatch(/\n/);
        expect(email.text).toContain('Bertta Berg');
        expect(email.html).toMatch(new RegExp(`^<!doctype html>\\s*<html lang="${language}">`));
        expect(email.html).toContain(`<title>${email.subject}</title>`);
        expect(email.html).not.toMatch(/\bundefined\b|\bnull\b|\[object/);
        expect(email.text).not.toMatch(/\bundefined\b|\bnull\b|\[object/);
      });
    }
  }

  it('subjects differ between kinds, so a reader tells them apart in the inbox', () => {
    for (const language of LANGUAGES) {
      const subjects = new Set(KINDS.map((kind) => renderEmail(messageOf(kind, language)).subject));
      expect(subjects.size).toBe(KINDS.length);
    }
  });
});

describe('the code email', () => {
  for (const language of LANGUAGES) {
    it(`in ${language} holds the code on a line of its own and the exact link, in both parts`, () => {
      const email = renderEmail(messageOf('code', language));
      expect(email.text.split('\n')).toContain(CODE);
      expect(email.text.split('\n')).toContain(LINK);
      expect(email.html).toContain(`>${CODE}</p>`);
      expect(email.html).toContain(`href="${LINK}"`);
    });
  }

  it('says who asked what, from whom to whom, and until when, in Finnish', () => {
    const { text } = renderEmail(messageOf('code', 'fi'));
    expect(text).toContain('Hei Bertta Berg,');
    expect(text).toContain('aa123456-ovh pyytää, että sinusta tulee palvelun example.fi yhteyshenkilö');
    expect(text).toMatch(/Roolit:\s+tekninen yhteyshenkilö ja laskutusyhteyshenkilö/);
    expect(text).toMatch(/Muutos:\s+aa123456-ovh → bb4321-ovh/);
    expect(text).toContain('8. joulukuuta 2025 klo 09.05 UTC');
    expect(text).toContain('hyväksyä tai hylätä');
  });

  it('says the same in English, with an English date', () => {
    const { text } = renderEmail(messageOf('code', 'en'));
    expect(text).toContain('Hello Bertta Berg,');
    expect(text).toMatch(/Roles:\s+technical contact and billing contact/);
    expect(text).toContain('8 December 2025 at 09:05 UTC');
    expect(text).toContain('accept or refuse');
  });

  it('speaks to the asker as "you"', () => {
    const { text } = renderEmail(
      messageOf('code', 'fi', { to: { ...messageOf('code', 'fi').to, nic: 'aa123456-ovh' } }),
    );
    expect(text).toContain('Pyysit muutosta palvelun example.fi yhteyshenkilöihin.');
  });

  it('refuses to render without a code or link, rather than send a hollow email', () => {
    expect(() => renderEmail(messageOf('code', 'en', { code: undefined }))).toThrow(/code/);
    expect(() => renderEmail(messageOf('code', 'en', { link: 'javascript:alert(1)' }))).toThrow(/web link/);
  });
});

describe('the reminder', () => {
  it('carries no code, says the emailed one still works and points to resend', () => {
    const { text } = renderEmail(messageOf('reminder', 'en', { code: undefined, link: undefined }));
    expect(text).not.toContain(CODE);
    expect(text).toContain('still works');
    expect(text).toContain(`POST /contact-changes/${request.id}/resend`);
  });

  it('in Finnish', () => {
    const { text } = renderEmail(messageOf('reminder', 'fi', { code: undefined, link: undefined }));
    expect(text).toContain('ei tule uutta koodia');
    expect(text).toContain(`POST /contact-changes/${request.id}/resend`);
  });
});

describe('HTML escaping of customer data', () => {
  const hostile = '<script>alert("x")</script> & Co';
  const message = (language: Language) =>
    messageOf('code', language, {
      request: { ...request, serviceName: hostile },
      to: { nic: 'bb4321-ovh', email: 'bb@example.com', name: '<img src=x onerror=alert(1)>', language },
    });

  for (const language of LANGUAGES) {
    it(`escapes a service name and a person's name in ${language}`, () => {
      const { html, text, subject } = renderEmail(message(language));
      expect(html).not.toContain('<script>');
      expect(html).not.toContain('<img');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      // The text part and the subject are not HTML: they keep the name as typed.
      expect(text).toContain(hostile);
      expect(subject).toContain(hostile);
    });
  }

  it('keeps a line break in a service name out of the subject', () => {
    const { subject } = renderEmail(
      messageOf('done', 'en', { request: { ...request, serviceName: 'a\r\nBcc: x@y' } }),
    );
    expect(subject).toBe('The contact change for a Bcc: x@y is done');
  });
});

describe('the other kinds say what they must', () => {
  it('waiting names who is still to confirm', () => {
    const others = ['cc999-ovh'];
    expect(renderEmail(messageOf('waiting', 'en', { others })).text).toContain(
      'waits for the confirmation of cc999-ovh',
    );
    expect(renderEmail(messageOf('waiting', 'fi', { others })).text).toContain('seuraavilta: cc999-ovh');
  });

  it('registered names everyone emailed', () => {
    expect(renderEmail(messageOf('registered', 'fi')).text).toContain('aa123456-ovh ja bb4321-ovh');
  });

  it('refused, expired and failed give the reason when there is one', () => {
    for (const kind of ['refused', 'expired', 'failed'] as const) {
      // The API's English words, marked as such in a Finnish email.
      expect(renderEmail(messageOf(kind, 'fi')).text).toContain('Syy (englanniksi): Refused by bb4321-ovh.');
      expect(renderEmail(messageOf(kind, 'en', { reason: null })).text).not.toContain('Reason:');
    }
  });

  it("who refused, and who did not answer in time, are said in the reader's language", () => {
    const refused = renderEmail(messageOf('refused', 'fi', { refusedBy: 'bb4321-ovh' })).text;
    expect(refused).toContain('Syy: bb4321-ovh hylkäsi muutoksen.');
    expect(refused).not.toContain('englanniksi');
    expect(renderEmail(messageOf('refused', 'en', { refusedBy: 'bb4321-ovh' })).text).toContain(
      'Reason: bb4321-ovh refused the change.',
    );
    const late = { notConfirmedBy: ['aa123456-ovh', 'bb4321-ovh'] };
    expect(renderEmail(messageOf('expired', 'fi', late)).text).toContain(
      'Ajoissa vahvistamatta jätti: aa123456-ovh ja bb4321-ovh.',
    );
    expect(renderEmail(messageOf('expired', 'en', late)).text).toContain(
      'Not confirmed in time by aa123456-ovh and bb4321-ovh.',
    );
  });

  it('email_changed tells the old address the new one', () => {
    const { text, subject } = renderEmail(messageOf('email_changed', 'fi', { request: undefined }));
    expect(subject).toContain('bb4321-ovh');
    expect(text).toContain('new@example.com');
  });
});
