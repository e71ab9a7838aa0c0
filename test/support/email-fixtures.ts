// Requests and readers as the emails get them, for the email tests in Node and in the browser.
import type { Language } from '../../shared/domain/model';
import type { ContactChangeSummary, EmailMessage, Recipient } from '../../shared/domain/ports';
import { DEFAULT_TIME_ZONES } from '../../shared/domain/time-zone';

export const AINO = 'aa123456-ovh';
export const BOB = 'bb4321-ovh';
export const CECILIA = 'cc999-ovh';
export const NAMES = { [AINO]: 'Aino Aalto', [BOB]: 'Bob Brown', [CECILIA]: 'Cecilia Carlsson' };

/** Aino asks to give the technical contact of example.fi from Cecilia to Bob; Cecilia is told. */
export const summary = (overrides: Partial<ContactChangeSummary> = {}): ContactChangeSummary => ({
  id: '6f1d2c3b-4a59-4e8f-9d7c-1b2a3c4d5e6f',
  serviceId: 'example.fi',
  serviceName: 'example.fi',
  roles: ['tech'],
  from: CECILIA,
  to: BOB,
  askedBy: AINO,
  state: 'awaiting_confirmation',
  notified: [CECILIA],
  expiresAt: '2025-12-08T09:05:00.000Z',
  completedAt: null,
  why: null,
  confirmations: [
    { nic: AINO, status: 'pending' },
    { nic: BOB, status: 'pending' },
  ],
  ...overrides,
});

export const recipient = (nic: string, language: Language, email = `${nic}@example.com`): Recipient => ({
  nic,
  email,
  name: NAMES[nic as keyof typeof NAMES] ?? nic,
  language,
  timeZone: DEFAULT_TIME_ZONES[language],
});

const BASE = 'http://localhost:3000';

/** A code email to `nic` for these requests, each with its own code. */
export function codeMessage(
  nic: string,
  language: Language,
  requests: ContactChangeSummary[] = [summary()],
  extra: Partial<EmailMessage> = {},
): EmailMessage {
  return {
    kind: 'code',
    to: recipient(nic, language),
    names: NAMES,
    asks: requests.map((request, i) => ({
      request,
      code: `K7Q2-9XHP-${String(i).padStart(4, '0')}`,
      link: `${BASE}/confirm/${request.id}?token=K7Q2-9XHP-${String(i).padStart(4, '0')}`,
      panelLink: `${BASE}/panel/requests/${request.id}`,
    })),
    ...extra,
  };
}

/** A notice of `kind` about one request to `nic`. */
export function noticeMessage(
  kind: EmailMessage['kind'],
  nic: string,
  language: Language,
  request: ContactChangeSummary,
  extra: Partial<EmailMessage> = {},
): EmailMessage {
  return {
    kind,
    to: recipient(nic, language),
    names: NAMES,
    request,
    panelLink: `${BASE}/panel/requests/${request.id}`,
    ...(kind === 'reminder' && { link: `${BASE}/confirm/${request.id}?lang=${language}` }),
    ...extra,
  };
}
