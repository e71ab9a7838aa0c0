// English confirm pages. Same short, literal sentences as the English emails: readers may be
// reading in their second language, and a page should say what the email that led to it said.
import { en as emails } from '../email/templates/en';
import type { PageWords, SentenceView } from './words';

const endedHint =
  'The codes sent for this request no longer work. If the change is still needed, a new request can be made in the control panel.';

const expired = (v: SentenceView) =>
  `It was not confirmed by everyone before ${v.expiresAt}, so it has expired and nothing changes.`;

export const en: PageWords = {
  locale: emails.locale,
  roleNames: emails.roleNames,
  product: 'Service contacts',
  eyebrow: 'Contact change request',
  errorPrefix: 'Error: ',
  youMark: '(you)',
  facts: {
    service: 'Service',
    role: 'Role',
    roles: 'Roles',
    from: 'Current contact',
    previous: 'Previous contact',
    to: 'New contact',
    askedBy: 'Asked by',
    notified: 'Informed, not asked',
    validUntil: 'Valid until',
    requestId: 'Request ID',
  },
  confirm: {
    title: (v) => `Confirm the contact change for ${v.serviceName}`,
    intro: (v) =>
      v.you !== undefined && v.askedBy === v.you
        ? `You asked to change the contacts of ${v.serviceName}. The change needs your confirmation.`
        : v.you !== undefined && v.to === v.you
          ? `${v.askedBy} asked to make you a contact of ${v.serviceName}. The change needs your confirmation.`
          : `${v.askedBy} asked to change the contacts of ${v.serviceName}. The change needs your confirmation.`,
    answersHeading: 'Confirmations',
    answersNote: 'Nothing changes until everyone listed here has accepted.',
    status: { accepted: 'Accepted', refused: 'Refused', pending: 'Not answered yet' },
    neverAnswered: 'Did not answer',
    formHeading: 'Your answer',
    answeringAs: (you) => `You are answering as ${you}.`,
    codeLabel: 'Confirmation code',
    codeHint: 'It is in the email we sent you, and filled in from the link.',
    accept: 'Accept',
    refuse: 'Refuse',
    acceptMeans: 'Accepting confirms the change on your part; it takes effect when everyone has confirmed.',
    refuseMeans: 'Refusing ends the request; nothing changes.',
    personal:
      'The code is personal and works once: please do not share it. If you did not expect this request, refuse it.',
  },
  outcome: {
    done: (v) => ({
      title: 'The change is done',
      body: `The contacts of ${v.serviceName} have been changed, and the change is in force now. Thank you for confirming.`,
    }),
    applying: (v) => ({
      title: 'Thank you: the change is being made',
      body: `Everyone has accepted, and the contacts of ${v.serviceName} are being changed now. You will get an email when it is done.`,
    }),
    waiting: (v) => ({
      title: 'Thank you, your acceptance is recorded',
      body: `The change still waits for the confirmation of ${v.others}. It is made as soon as everyone has accepted.`,
      next: `If that has not happened by ${v.expiresAt}, the request expires and nothing changes.`,
    }),
    refused: (v) => ({
      title: 'You refused the request',
      body: `The request to change the contacts of ${v.serviceName} has ended, and nothing changes.`,
      next: endedHint,
    }),
    ended: 'This request has ended',
  },
  closed: {
    // Still open in the table but past its window: the sweep has not closed it yet.
    awaiting_confirmation: expired,
    applying: () => 'Everyone has accepted, and the change is being made now.',
    done: (v) => `The change was made${v.completedAt ? ` on ${v.completedAt}` : ''}, and it is in force.`,
    refused: () => `It was refused, so nothing changes. ${endedHint}`,
    expired: (v) => `${expired(v)} ${endedHint}`,
    failed: () =>
      'Everyone accepted it, but it could not be made because the situation had changed in the meantime. ' +
      `Nothing was changed. ${endedHint}`,
    cancelled: (v) =>
      v.you !== undefined && v.askedBy === v.you
        ? 'You cancelled it, so nothing changes.'
        : `${v.askedBy} cancelled it, so nothing changes.`,
  },
  reason: (reason) => `Reason: ${reason}`,
  problem: {
    invalidCode: {
      title: 'This code does not work',
      body: 'The code is wrong, already used, or replaced by a newer one. Check the code in the latest email we sent you and type it again.',
      field: 'This code is wrong, used or replaced. Check it and try again.',
      fix: 'Type the code again',
    },
    alreadyAnswered: {
      title: 'You have already answered',
      body: 'This code has already been used to answer the request, and each code works once. Your earlier answer stands.',
    },
    requestClosed: {
      title: 'This request has ended',
      body: 'It can no longer be accepted or refused.',
    },
    tooManyAttempts: (maxTries) => ({
      title: 'Too many wrong codes',
      body: `For your safety, answering with this code stops after ${maxTries} wrong tries.`,
      next:
        'To answer, have the email sent again: sign in to the control panel, open the request and choose Resend. ' +
        'The new email carries a new code, and the old one stops working.',
    }),
    invalidLink: {
      title: 'This link is not valid',
      body:
        'No request could be found from this link. Check that you opened the whole link from the email; ' +
        'if your email program split it, copy it into the address bar in full.',
    },
    internalError: {
      title: 'Something went wrong',
      body: 'Something went wrong on our side. Please try again in a moment. If it keeps happening, contact customer service.',
    },
    retype: { label: 'Confirmation code from the email', button: 'Show the request' },
    detailLabel: 'Details:',
  },
};
