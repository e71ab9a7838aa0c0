// English emails. Sentences stay short and literal: readers may be reading in their second language.
// Each person gets the email that fits them: the asker, the new contact, the old contact who is told.
import { en as words } from '../../language/en';
import type { FinalState } from '../../domain/model';
import type { Block, EmailContent, KindViews, LanguagePack, RequestView } from './types';

const p = (text: string): Block => ({ type: 'paragraph', text });

function facts(v: RequestView, { open, done = false }: { open: boolean; done?: boolean }): Block {
  const rows: Array<[string, string]> = [
    ['Service', v.serviceName],
    [v.roleCount === 1 ? 'Role' : 'Roles', v.roles],
    [done ? 'Previous contact' : 'Current contact', v.from],
    ['New contact', v.to],
    ['Asked by', v.askedBy],
  ];
  if (v.notified) rows.push(['Informed, not asked', v.notified]);
  if (open) rows.push(['Valid until', v.expiresAt]);
  rows.push(['Request ID', v.id]);
  return { type: 'facts', rows };
}

/** What the roles mean, and the guide's warning when the administrative role moves. */
const rolesExplained = (v: { roleLines: string[]; adminMoves: boolean }): Block[] => [
  { type: 'list', label: words.rolesHeading, items: v.roleLines },
  ...(v.adminMoves ? [{ type: 'warning', text: words.adminWarning } as const] : []),
];

const panel = (href: string | undefined): Block[] =>
  href ? [{ type: 'link', label: 'The request in the control panel (sign in to see it):', href }] : [];

/** What is left to do, if anything, once a request has ended without being applied. */
function afterEnd(v: RequestView): Block[] {
  if (v.you.asker)
    return [p('If the change is still needed, you can make a new request in the control panel.')];
  if (v.you.to && !v.you.answered)
    return [p('The code sent to you no longer works. You do not need to do anything.')];
  if (v.you.to) return [p('You do not need to do anything.')];
  return [p(`You are still the ${v.roles} of ${v.serviceName}. You do not need to do anything.`)];
}

export function code(v: KindViews['code']) {
  const several = v.asks.length > 1;
  const subject = v.resent
    ? `Your new code for the contact change of ${v.serviceName}`
    : v.asker
      ? `Please confirm your contact change for ${v.serviceName}`
      : `Please confirm: you are asked to become a contact of ${v.serviceName}`;
  const intro = v.asker
    ? several
      ? `You asked to change the contacts of ${v.serviceName}. That makes ${v.asks.length} changes, and each needs your confirmation with its own code below.`
      : `You asked to change the contacts of ${v.serviceName}. The change needs your confirmation.`
    : `${v.askedBy} asked to make you the ${v.yourRoles} of ${v.serviceName}. ` +
      (several
        ? 'Each change needs your confirmation with its own code below.'
        : 'The change needs your confirmation.');
  return {
    subject,
    blocks: [
      p(intro),
      ...(v.resent ? [p('Here is a new code. The code sent before no longer works.')] : []),
      ...(v.others ? [p(`We also emailed a code to ${v.others}, whose confirmation it needs.`)] : []),
      ...rolesExplained(v),
      ...v.asks.flatMap(({ request, code, link, panelLink }, i): Block[] => [
        ...(several
          ? [{ type: 'heading', text: `Change ${i + 1} of ${v.asks.length}: the ${request.roles}` } as const]
          : []),
        facts(request, { open: false }),
        { type: 'code', label: 'Your confirmation code:', code },
        {
          type: 'action',
          label: 'Open this page to accept or refuse. The code is filled in for you:',
          button: 'Accept or refuse',
          href: link,
        },
        ...panel(panelLink),
      ]),
      p(
        several
          ? `The codes are valid until ${v.expiresAt}. They are personal and work once: please do not share them.`
          : `The code is valid until ${v.expiresAt}. It is personal and works once: please do not share it.`,
      ),
      p(
        'If you did not expect this, refuse it on the same page. Nothing changes until everyone asked has accepted.',
      ),
    ],
  };
}

export function batchCode(v: KindViews['batch_code']) {
  const services = v.serviceName ?? `${v.serviceCount} services`;
  const subject = v.resent
    ? `Your new code for the contact change of ${services}`
    : v.asker
      ? `Please confirm your contact change for ${services}`
      : `Please confirm: you are asked to become a contact of ${services}`;
  const intro = v.asker
    ? `You asked to change the contacts of ${services} at once. The code below confirms the change for every one of them; ` +
      'you may also answer each service on its own with the same code.'
    : `${v.askedBy} asked to make you the ${v.yourRoles} of ${services}. ` +
      'The code below answers for every one of them; you may also answer each service on its own with it.';
  return {
    subject,
    blocks: [
      p(intro),
      ...(v.resent ? [p('Here is a new code. The code sent before no longer works.')] : []),
      ...(v.others ? [p(`We also emailed a code to ${v.others}, whose confirmation it needs.`)] : []),
      {
        type: 'list',
        label: `The changes you are asked to confirm (${v.lines.length}):`,
        items: v.lines,
      } as const,
      ...rolesExplained(v),
      { type: 'code', label: 'Your confirmation code for all of them:', code: v.code } as const,
      {
        type: 'action',
        label: 'Open this page to accept or refuse them all. The code is filled in for you:',
        button: 'Accept or refuse',
        href: v.link,
      } as const,
      {
        type: 'link',
        label: 'Your requests in the control panel (sign in to see them):',
        href: v.panelLink,
      } as const,
      p(`The code is valid until ${v.expiresAt}. It is personal: please do not share it.`),
      p(
        'If you did not expect this, refuse it on the same page. Nothing changes for a service until everyone asked has accepted.',
      ),
    ],
  };
}

const ENDED: Record<FinalState, string> = {
  done: 'done',
  refused: 'refused',
  expired: 'not confirmed in time',
  failed: 'failed',
  cancelled: 'cancelled',
};

export function batchOutcome(v: KindViews['batch_outcome']) {
  const services = v.serviceName ?? `${v.serviceCount} services`;
  const all = (state: FinalState) => v.lines.every((line) => line.state === state);
  const [subject, intro] = all('cancelled')
    ? [
        `The contact change of ${services} was cancelled`,
        `The change of contacts asked for ${services} at once was cancelled. Nothing was changed.`,
      ]
    : all('done')
      ? [
          `The contact change of ${services} is done`,
          `The change of contacts asked for ${services} at once is done for every one of them.`,
        ]
      : [
          `The contact change of ${services} has ended`,
          `The change of contacts asked for ${services} at once has ended. Some changes were made and some not: ` +
            'see below how each ended.',
        ];
  return {
    subject,
    blocks: [
      p(intro),
      {
        type: 'list',
        label: `How each change ended (${v.lines.length}):`,
        items: v.lines.map(({ change, state, why }) => `${change}: ${ENDED[state]}.${why ? ` ${why}` : ''}`),
      } as const,
      {
        type: 'link',
        label: 'Your requests in the control panel (sign in to see them):',
        href: v.panelLink,
      } as const,
      p('You do not need to do anything.'),
    ],
  };
}

export function batchReminder(v: KindViews['batch_reminder']) {
  const services = v.serviceName ?? `${v.serviceCount} services`;
  return {
    subject: `Reminder: the contact change of ${services} ends soon`,
    blocks: [
      p(
        `A change of contacts asked for ${services} at once still waits for your answer. It ends on ${v.expiresAt}; ` +
          'a service not confirmed by then keeps its contacts.',
      ),
      { type: 'list', label: `Waiting for your answer (${v.lines.length}):`, items: v.lines } as const,
      p(
        'Answer with the code from the email we sent you before: it still works for every one of them, ' +
          'and its link opens the page where you accept or refuse them all.',
      ),
      p(
        'Lost that email? Open your requests in the control panel and choose “Send my code again”: ' +
          'you get a new code, and the old one stops working.',
      ),
      {
        type: 'link',
        label: 'Your requests in the control panel (sign in to see them):',
        href: v.panelLink,
      } as const,
    ],
  };
}

export function batchCodeBounced(v: KindViews['batch_code_bounced']) {
  const services = v.serviceName ?? `${v.serviceCount} services`;
  return {
    subject: `Your contact change of ${services}: the code email to ${v.confirmer} bounced`,
    blocks: [
      p(
        `We could not deliver the confirmation code for your contact change of ${services} to ${v.confirmer}: ` +
          'their email server refused the email.',
      ),
      {
        type: 'list',
        label: `Still waiting for ${v.confirmer} (${v.lines.length}):`,
        items: v.lines,
      } as const,
      p(
        `Ask ${v.confirmer} to correct their email address in the control panel. Then open your requests there ` +
          'and choose “Send the codes again to everyone who has not answered”: one new code for all of these ' +
          'goes to the corrected address.',
      ),
      p(`If nobody does this, these requests expire on ${v.expiresAt} and nothing changes.`),
      {
        type: 'link',
        label: 'Your requests in the control panel (sign in to see them):',
        href: v.panelLink,
      } as const,
    ],
  };
}

export function done(v: KindViews['done']) {
  const thanks = v.you.asker || v.you.to ? ' Thank you for confirming.' : '';
  if (v.you.to) {
    return {
      subject: `You are now the ${v.roles} of ${v.serviceName}`,
      blocks: [
        p(
          `The change is done: you are now the ${v.roles} of ${v.serviceName}, in place of ${v.from}.${thanks}`,
        ),
        ...rolesExplained(v),
        facts(v, { open: false, done: true }),
      ],
    };
  }
  if (v.you.from) {
    return {
      subject: `You are no longer the ${v.roles} of ${v.serviceName}`,
      blocks: [
        p(
          `The change is done: you are no longer the ${v.roles} of ${v.serviceName}. From now on, ${v.to} is.${thanks}`,
        ),
        ...(v.fromHasNoRole
          ? [p(`You hold no other role on ${v.serviceName}, so you will not get its notices any more.`)]
          : []),
        ...(v.you.asker
          ? []
          : [
              p(
                `The change was asked by ${v.askedBy} and confirmed by everyone whose confirmation it needed. ` +
                  'If you think it is a mistake, please contact customer service.',
              ),
            ]),
        facts(v, { open: false, done: true }),
      ],
    };
  }
  return {
    subject: `The contact change for ${v.serviceName} is done`,
    blocks: [
      p(
        `The change you asked for is done: ${v.to} is now the ${v.roles} of ${v.serviceName}, in place of ${v.from}.${thanks}`,
      ),
      facts(v, { open: false, done: true }),
    ],
  };
}

export const en: LanguagePack = {
  words,
  greeting: (name) => `Hello ${name},`,
  signOff: (provider) => ['Kind regards,', `${provider} customer service`],
  footer: (provider) => `${provider} · This message was sent automatically. Replies to it are not read.`,
};

export const reminder = (v: KindViews['reminder']): EmailContent => ({
  subject: `Reminder: the contact change for ${v.serviceName} ends soon`,
  blocks: [
    p(
      `A request to change the contacts of ${v.serviceName} still waits for your answer. ` +
        `It ends on ${v.expiresAt}; if it is not confirmed by then, nothing changes.`,
    ),
    facts(v, { open: true }),
    {
      type: 'action',
      label: 'Answer on this page with the code from the email we sent you before: it still works.',
      button: 'Answer',
      href: v.link,
    },
    p(
      'Lost that email? Open the request in the control panel and choose “Send my code again”: ' +
        'you get a new code, and the old one stops working.',
    ),
    ...panel(v.panelLink),
  ],
});

export const waiting = (v: KindViews['waiting']): EmailContent => ({
  subject: `Thank you: the contact change for ${v.serviceName} now waits for others`,
  blocks: [
    p(`Thank you, your acceptance is recorded. The change still waits for the confirmation of ${v.others}.`),
    p(
      `It is made as soon as everyone has accepted. If that has not happened by ${v.expiresAt}, ` +
        'the request expires and nothing changes.',
    ),
    facts(v, { open: true }),
    ...panel(v.panelLink),
  ],
});

export const refused = (v: KindViews['refused']): EmailContent => ({
  subject: v.refuser
    ? `You refused the contact change for ${v.serviceName}`
    : `The contact change for ${v.serviceName} was refused`,
  blocks: [
    p(
      `${v.why ?? ''} The request to change the contacts of ${v.serviceName} has ended, and nothing changes.`.trim(),
    ),
    ...(v.refuser ? [] : afterEnd(v)),
    facts(v, { open: false }),
  ],
});

export const expired = (v: KindViews['expired']): EmailContent => ({
  subject: `The contact change request for ${v.serviceName} expired`,
  blocks: [
    p(
      `The request to change the contacts of ${v.serviceName} was not confirmed by everyone before ${v.expiresAt}, ` +
        'so it has expired and nothing changes.',
    ),
    ...(v.why ? [p(v.why)] : []),
    ...afterEnd(v),
    facts(v, { open: false }),
  ],
});

export const failed = (v: KindViews['failed']): EmailContent => ({
  subject: `The contact change for ${v.serviceName} could not be made`,
  blocks: [
    p(
      `The request to change the contacts of ${v.serviceName} could not be carried out, so nothing was changed.`,
    ),
    ...(v.why ? [p(v.why)] : []),
    ...afterEnd(v),
    facts(v, { open: false }),
  ],
});

export const cancelled = (v: KindViews['cancelled']): EmailContent => ({
  subject: `The contact change request for ${v.serviceName} was cancelled`,
  blocks: [
    p(`${v.why ?? 'The request was withdrawn.'} Nothing changes in the contacts of ${v.serviceName}.`),
    ...afterEnd(v),
    facts(v, { open: false }),
  ],
});

export const codeBounced = (v: KindViews['code_bounced']): EmailContent => ({
  subject: `The code email to ${v.confirmer} bounced: ${v.serviceName}`,
  blocks: [
    p(
      `We could not deliver the confirmation code for your contact change of ${v.serviceName} to ${v.confirmer}: ` +
        'their email server refused the email.',
    ),
    p(
      `Ask ${v.confirmer} to correct their email address in the control panel. ` +
        'Then open the request there and choose “Send the codes again to everyone who has not answered”: ' +
        'a new code goes to the corrected address.',
    ),
    p(`If nobody does this, the request expires on ${v.expiresAt} and nothing changes.`),
    facts(v, { open: true }),
    ...panel(v.panelLink),
  ],
});

export const emailChangeCode = (v: KindViews['email_change_code']): EmailContent => ({
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
    p(`The code works until ${v.until}. If you did not ask for this, ignore this email: nothing changes.`),
  ],
});

export const emailChangeStarted = (v: KindViews['email_change_started']): EmailContent => ({
  subject: `A change of the email address of your account ${v.nic} was asked`,
  blocks: [
    p(`Someone signed in as ${v.nic} asked to change the account's email address to ${v.newEmail}.`),
    p(
      `Nothing changes unless the code sent to ${v.newEmail} is entered by ${v.until}. ` +
        'Until then, every message and confirmation code still comes to this address.',
    ),
    {
      type: 'action',
      label: 'If this was not you, stop the change here: the address stays as it is.',
      button: 'Stop the address change',
      href: v.cancelLink,
    },
    p('If you did not ask for this, also sign in, change your password and contact customer service.'),
  ],
});

export const emailChanged = (v: KindViews['email_changed']): EmailContent => ({
  subject: `The email address of your account ${v.nic} was changed`,
  blocks: [
    p(
      `The email address of account ${v.nic} was changed to ${v.newEmail}. ` +
        'Messages about your services, and confirmation codes, now go to the new address.',
    ),
    p('If you did not make this change yourself, please contact customer service at once.'),
  ],
});
