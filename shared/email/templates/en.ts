// English emails. Sentences stay short and literal: readers may be reading in their second language.
import type { Block, LanguagePack, RequestView } from './types';

function facts(v: RequestView, { open }: { open: boolean }): Block {
  const rows: Array<[string, string]> = [
    ['Service', v.serviceName],
    [v.roleCount === 1 ? 'Role' : 'Roles', v.roles],
    ['Change', `${v.from} → ${v.to}`],
    ['Asked by', v.askedBy],
    ['Request ID', v.id],
  ];
  if (open) rows.push(['Valid until', v.expiresAt]);
  return { type: 'facts', rows };
}

const p = (text: string): Block => ({ type: 'paragraph', text });
const reasonLine = (reason: string | undefined): Block[] => (reason ? [p(`Reason: ${reason}`)] : []);
const refusedLine = (v: { refusedBy?: string; reason?: string }): Block[] =>
  v.refusedBy ? [p(`Reason: ${v.refusedBy} refused the change.`)] : reasonLine(v.reason);
const expiredLine = (v: { notConfirmedBy?: string; reason?: string }): Block[] =>
  v.notConfirmedBy ? [p(`Not confirmed in time by ${v.notConfirmedBy}.`)] : reasonLine(v.reason);
const newRequestHint = p(
  'The codes sent for this request no longer work. If the change is still needed, a new request can be made in the control panel.',
);

export const en: LanguagePack = {
  locale: 'en-GB',
  roleNames: { admin: 'administrative contact', tech: 'technical contact', billing: 'billing contact' },
  greeting: (name) => `Hello ${name},`,
  signOff: ['Kind regards,', 'Customer service'],
  footer: 'This message was sent automatically. Replies to it are not read.',
  panelLink: {
    label: 'The request is also in the control panel, under My requests (sign in to see it):',
    button: 'Open in the control panel',
  },
  emails: {
    code: (v) => ({
      subject: `Please confirm the contact change for ${v.serviceName}`,
      blocks: [
        p(
          v.askedBy === v.you
            ? `You asked to change the contacts of ${v.serviceName}. The change needs your confirmation.`
            : v.to === v.you
              ? `${v.askedBy} asked to make you a contact of ${v.serviceName}. The change needs your confirmation.`
              : `${v.askedBy} asked to change the contacts of ${v.serviceName}. The change needs your confirmation.`,
        ),
        facts(v, { open: true }),
        { type: 'code', label: 'Your confirmation code:', code: v.code },
        {
          type: 'action',
          label: 'Open this page to accept or refuse the request. The code is filled in for you:',
          button: 'Accept or refuse',
          href: v.link,
        },
        p(`The code is valid until ${v.expiresAt}. It is personal and works once: please do not share it.`),
        p(
          'If you did not expect this request, refuse it on the same page. Nothing changes until everyone asked has accepted.',
        ),
      ],
    }),

    reminder: (v) => ({
      subject: `Reminder: the contact change for ${v.serviceName} ends soon`,
      blocks: [
        p(
          `A request to change the contacts of ${v.serviceName} is still waiting for your answer. ` +
            `It ends on ${v.expiresAt}; if it is not confirmed by then, nothing changes.`,
        ),
        facts(v, { open: true }),
        p('This reminder carries no new code: the code in the email we sent you earlier still works.'),
        ...(v.link
          ? [
              {
                type: 'action',
                label: 'Answer on this page with that code:',
                button: 'Answer',
                href: v.link,
              } as const,
            ]
          : []),
        p(
          'Lost that email? Sign in to the control panel, open the request and have the email sent again ' +
            `(Resend; in the API: POST /contact-changes/${v.id}/resend). You get a new code, and the old one stops working.`,
        ),
      ],
    }),

    registered: (v) => ({
      subject: `Your contact change request for ${v.serviceName} is registered`,
      blocks: [
        p(`We have registered your request to change the contacts of ${v.serviceName}.`),
        facts(v, { open: true }),
        p(`A confirmation code was emailed to ${v.others}.`),
        p(
          `The change is made as soon as everyone has accepted it. If it is not confirmed by ${v.expiresAt}, ` +
            'the request expires and nothing changes.',
        ),
        p('You can follow the request, or cancel it while it awaits confirmation, in the control panel.'),
      ],
    }),

    waiting: (v) => ({
      subject: `Thank you: the contact change for ${v.serviceName} now waits for others`,
      blocks: [
        p(
          `Thank you, your acceptance is recorded. The change still waits for the confirmation of ${v.others}.`,
        ),
        p(
          `It is made as soon as everyone has accepted. If that has not happened by ${v.expiresAt}, ` +
            'the request expires and nothing changes.',
        ),
        facts(v, { open: true }),
      ],
    }),

    done: (v) => ({
      subject: `The contact change for ${v.serviceName} is done`,
      blocks: [
        p(`The contacts of ${v.serviceName} have been changed, and the change is in force now.`),
        facts(v, { open: false }),
        p('Thank you for confirming.'),
      ],
    }),

    refused: (v) => ({
      subject: `The contact change for ${v.serviceName} was refused`,
      blocks: [
        p(`The request to change the contacts of ${v.serviceName} was refused, so nothing changes.`),
        ...refusedLine(v),
        facts(v, { open: false }),
        newRequestHint,
      ],
    }),

    expired: (v) => ({
      subject: `The contact change request for ${v.serviceName} expired`,
      blocks: [
        p(
          `The request to change the contacts of ${v.serviceName} was not confirmed by everyone before ${v.expiresAt}. ` +
            'It has expired, and nothing changes.',
        ),
        ...expiredLine(v),
        facts(v, { open: false }),
        newRequestHint,
      ],
    }),

    failed: (v) => ({
      subject: `The contact change for ${v.serviceName} could not be made`,
      blocks: [
        p(
          `Everyone accepted the request to change the contacts of ${v.serviceName}, but it could not be made ` +
            'because the situation had changed in the meantime. Nothing was changed.',
        ),
        ...reasonLine(v.reason),
        facts(v, { open: false }),
        newRequestHint,
      ],
    }),

    cancelled: (v) => ({
      subject: `The contact change request for ${v.serviceName} was cancelled`,
      blocks: [
        p(
          v.askedBy === v.you
            ? `You cancelled your request to change the contacts of ${v.serviceName}.`
            : `${v.askedBy} cancelled the request to change the contacts of ${v.serviceName}.`,
        ),
        p(
          'Nothing changes, and the codes sent for the request no longer work. You do not need to do anything.',
        ),
        facts(v, { open: false }),
      ],
    }),

    rights_ended: (v) => ({
      subject: `You are no longer a contact of ${v.serviceName}`,
      blocks: [
        p(
          `The contacts of ${v.serviceName} have been changed. You no longer hold any role on this service, ` +
            'so you will not receive its notices from now on.',
        ),
        facts(v, { open: false }),
        p(
          `The change was asked by ${v.askedBy} and confirmed by everyone whose confirmation it needed. ` +
            'If you think it is a mistake, please contact customer service.',
        ),
      ],
    }),

    email_change_code: (v) => ({
      subject: `Confirm the new email address of your account ${v.nic}`,
      blocks: [
        p(
          `You asked to make ${v.newEmail} the email address of account ${v.nic}. ` +
            'The address changes only when you enter this code in the control panel.',
        ),
        { type: 'code', label: 'Your confirmation code:', code: v.code },
        {
          type: 'action',
          label: 'Or open your profile with the code filled in:',
          button: 'Confirm the address',
          href: v.link,
        },
        p(
          `The code works until ${v.until}. If you did not ask for this, ignore this email: nothing changes.`,
        ),
      ],
    }),
    email_change_started: (v) => ({
      subject: `A change of the email address of your account ${v.nic} was asked`,
      blocks: [
        p(`Someone signed in as ${v.nic} asked to change the account's email address to ${v.newEmail}.`),
        p(
          `Nothing changes unless the code sent to ${v.newEmail} is entered by ${v.until}. ` +
            'Until then, every message and confirmation code still comes to this address.',
        ),
        p('If you did not ask for this, sign in and change your password, and contact customer service.'),
      ],
    }),
    email_changed: (v) => ({
      subject: `The email address of your account ${v.nic} was changed`,
      blocks: [
        p(
          `The email address of account ${v.nic} was changed to ${v.newEmail}. ` +
            'Messages about your services, and confirmation codes, now go to the new address.',
        ),
        p('If you did not make this change yourself, please contact customer service at once.'),
      ],
    }),
  },
};
