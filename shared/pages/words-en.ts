// English confirm pages. Same short, literal sentences as the English emails: readers may be
// reading in their second language, and a page should say what the email that led to it said.
import { en as words } from '../language/en';
import type { PageWords, SentenceView } from './words';

const endedOn = (v: SentenceView, rest: string) =>
  v.completedAt
    ? `The request ended on ${v.completedAt}, and ${rest}.`
    : `The request has ended, and ${rest}.`;
const because = (v: SentenceView) => (v.why ? `${v.why} ` : '');

export const en: PageWords = {
  words,
  product: 'Service contacts',
  eyebrow: 'Contact change request',
  errorPrefix: 'Error: ',
  youMark: '(you)',
  facts: {
    heading: 'The request',
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
      v.youAre.asker && v.youAre.to
        ? `You asked to become the ${v.roles} of ${v.serviceName} yourself, in place of ${v.from}. The change needs your confirmation.`
        : v.youAre.asker
          ? `You asked to make ${v.to} the ${v.roles} of ${v.serviceName}. The change needs your confirmation.`
          : v.youAre.to
            ? `${v.askedBy} asks to make you the ${v.roles} of ${v.serviceName}. The change needs your confirmation.`
            : `${v.askedBy} asks to make ${v.to} the ${v.roles} of ${v.serviceName}.`,
    answersHeading: 'Confirmations',
    answersNote: 'Nothing changes until everyone listed here has accepted.',
    status: { accepted: 'Accepted', refused: 'Refused', pending: 'Not answered yet' },
    neverAnswered: 'Did not answer',
    formHeading: 'Your answer',
    codeLabel: 'Confirmation code',
    codeHint: 'It is in the email we sent you, and filled in from the link.',
    accept: 'Accept',
    refuse: 'Refuse',
    acceptMeans: 'Accepting confirms the change on your part; it takes effect when everyone has confirmed.',
    refuseMeans: 'Refusing ends the request; nothing changes.',
    personal:
      'The code is personal and works once: please do not share it. If you did not expect this request, refuse it.',
  },
  status: {
    waiting: (v, fresh) => ({
      title: fresh ? 'Thank you, your acceptance is recorded' : 'You have accepted this request',
      body: `The change still waits for the confirmation of ${v.others}. It is made as soon as everyone has accepted.`,
      next: `If that has not happened by ${v.expiresAt}, the request expires and nothing changes.`,
    }),
    applying: (v, fresh) => ({
      title: fresh
        ? 'Thank you: the change is being made'
        : 'Everyone has accepted: the change is being made',
      body: `Everyone has accepted, and the contacts of ${v.serviceName} are being changed now. You will get an email when it is done.`,
    }),
    done: (v, fresh) => {
      const on = v.completedAt ? ` on ${v.completedAt}` : '';
      const thanks = fresh ? ' Thank you for confirming.' : '';
      return {
        title: 'The change is done',
        body: v.youAre.to
          ? `You became the ${v.roles} of ${v.serviceName}${on}, in place of ${v.from}.${thanks}`
          : v.youAre.from
            ? `${v.to} became the ${v.roles} of ${v.serviceName}${on}, in place of you.${thanks}`
            : `${v.to} became the ${v.roles} of ${v.serviceName}${on}, in place of ${v.from}.${thanks}`,
      };
    },
    refused: (v, byYou) => ({
      title: byYou ? 'You refused the request' : 'The request was refused',
      body: `${because(v)}${endedOn(v, 'nothing changes')}`,
    }),
    expired: (v) => ({
      title: 'The request has expired',
      body: `It was not confirmed by everyone before ${v.expiresAt}, so nothing changes. ${v.why ?? ''}`.trim(),
    }),
    cancelled: (v) => ({
      title: 'The request was cancelled',
      body: `${because(v)}${endedOn(v, 'nothing changes')}`,
    }),
    failed: (v) => ({
      title: 'The change could not be made',
      body: `${because(v)}${endedOn(v, 'nothing was changed')}`,
    }),
    askAgain: 'If the change is still needed, you can make a new request in the control panel.',
  },
  batch: {
    eyebrow: 'Contact change request for several services',
    title: (count) => `Confirm the contact change for ${count} ${count === 1 ? 'service' : 'services'}`,
    intro: ({ askedBy, count, youAsked }) =>
      youAsked
        ? `You asked for the same contact change on ${count} ${count === 1 ? 'service' : 'services'}. It needs your confirmation on each of those listed below; one answer covers them all.`
        : `${askedBy} asks for a contact change on ${count} ${count === 1 ? 'service' : 'services'}. It needs your confirmation on each of those listed below; one answer covers them all.`,
    servicesHeading: 'The services',
    change: ({ roles, from, to }) => `${roles.charAt(0).toUpperCase()}${roles.slice(1)}: ${from} → ${to}`,
    acceptMeans:
      'Accepting confirms the change on every service listed; each service changes when everyone asked about it has confirmed.',
    refuseMeans: 'Refusing ends the request on every service listed; nothing changes on them.',
    state: {
      awaiting_confirmation: 'Not answered yet',
      waiting: 'Waiting for others',
      applying: 'Being made',
      done: 'Done',
      refused: 'Refused',
      expired: 'Expired',
      cancelled: 'Cancelled',
      failed: 'Could not be made',
    },
    answered: ({ accepted, refused, fresh }) =>
      fresh && refused === 0
        ? {
            title: 'Thank you, your acceptance is recorded',
            body: `You accepted the change on ${accepted} ${accepted === 1 ? 'service' : 'services'}. Each service changes as soon as everyone asked about it has accepted; you will get an email when all are done.`,
          }
        : fresh
          ? {
              title: 'You refused the change',
              body: `You refused the change on ${refused} ${refused === 1 ? 'service' : 'services'}: nothing changes on them.`,
            }
          : {
              title: 'You have answered',
              body: 'Nothing here awaits your answer any more. Below is where each service stands.',
            },
  },
  enterCode: {
    title: 'Type your confirmation code',
    body: 'Type the code from the email we sent you about this request. You then see the request, and can accept or refuse it.',
    label: 'Confirmation code',
    button: 'Show the request',
  },
  problem: {
    invalidCode: {
      title: 'This code does not work',
      body: 'The code is wrong, already used, or replaced by a newer one. Check the code in the latest email we sent you and type it again.',
      field: 'This code is wrong, used or replaced. Check it and try again.',
    },
    tooManyAttempts: (maxTries) => ({
      title: 'Too many wrong codes',
      body: `For your safety, answering with this code stops after ${maxTries} wrong tries.`,
      next:
        'To answer, have the email sent again: sign in to the control panel, open the request and choose “Send my code again”. ' +
        'The new email carries a new code, and the old one stops working.',
    }),
    tooManyCodes: (minutes) => ({
      title: 'Too many codes that do not work',
      body: `This request has been given too many codes that are nobody's, or too many have come from your address. Please try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
      next: 'The code in the latest email we sent you still works, and nobody else can make it stop working.',
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
  },
};
