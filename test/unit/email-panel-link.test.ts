// Emails about a request point to its page in the control panel too ("sign in to see it"); a code
// email's panel link fills the code in, as its confirm link does.
import { describe, expect, it } from 'vitest';
import type { EmailKind, EmailMessage } from '../../shared/domain/ports';
import { renderEmail } from '../../shared/email/render';

const BASE = 'https://contacts.example.com';
const message = (kind: EmailKind, language: 'fi' | 'en' = 'en'): EmailMessage => ({
  kind,
  to: { nic: 'bb4321-ovh', email: 'bb@example.com', name: 'Bob Brown', language },
  request: {
    id: '6f1d2c3b-4a59-4e8f-9d7c-1b2a3c4d5e6f',
    serviceId: 'example.fi',
    serviceName: 'example.fi',
    roles: ['tech'],
    from: 'aa123456-ovh',
    to: 'bb4321-ovh',
    askedBy: 'aa123456-ovh',
    expiresAt: '2025-12-08T09:05:00.000Z',
  },
  code: 'K7Q2-9XHP',
  link: `${BASE}/confirm/6f1d2c3b-4a59-4e8f-9d7c-1b2a3c4d5e6f?token=K7Q2-9XHP`,
  others: ['aa123456-ovh'],
  newEmail: 'new@example.com',
});
const PAGE = `${BASE}/panel/requests/6f1d2c3b-4a59-4e8f-9d7c-1b2a3c4d5e6f`;

describe('the control panel link', () => {
  it('a code email links to the request page with the code, after the confirm link, in text and HTML', () => {
    const email = renderEmail(message('code'), { panelBaseUrl: BASE });
    expect(email.text).toContain(`${PAGE}?code=K7Q2-9XHP`);
    expect(email.text.indexOf('/confirm/')).toBeLessThan(email.text.indexOf('/panel/'));
    expect(email.html).toContain(`href="${PAGE}?code=K7Q2-9XHP"`);
    expect(email.text).toMatch(/sign in to see it/);
  });

  it.each(['done', 'waiting', 'cancelled', 'registered'] as const)(
    'a %s email links to the page without a code',
    (kind) => {
      const email = renderEmail(message(kind, 'fi'), { panelBaseUrl: BASE });
      expect(email.text).toContain(PAGE);
      expect(email.text).not.toContain('code=');
      expect(email.text).toMatch(/kirjaudu sisään/);
    },
  );

  it('the address-change notice has no request and no panel link; without a base URL nothing is added', () => {
    const notice = { ...message('email_changed'), request: undefined };
    expect(renderEmail(notice, { panelBaseUrl: BASE }).text).not.toContain('/panel/');
    expect(renderEmail(message('done')).text).not.toContain('/panel/');
  });
});
