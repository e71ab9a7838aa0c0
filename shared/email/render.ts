// Turns an EmailMessage into what SES sends: a subject, a text part and an HTML part in the reader's
// language. Templates give plain-text blocks; this file is the only place that writes markup, and it
// escapes every value it writes, because names and service names are whatever customers typed.
import { isFinal } from '../domain/lifecycle';
import { ROLES, type FinalState, type Language } from '../domain/model';
import type { ContactChangeSummary, EmailKind, EmailMessage } from '../domain/ports';
import { formatTime, listInWords, peopleOf, rolesInWords } from '../language/people';
import { en } from './templates/en';
import { fi } from './templates/fi';
import type {
  BatchWaitingView,
  Block,
  EmailContent,
  KindViews,
  LanguagePack,
  RequestView,
} from './templates/types';
import { escapeHtml } from '../html';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface RenderOptions {
  /** The hosting provider's name: in the subject, the sign-off and the footer. */
  providerName: string;
}

const PACKS: Record<Language, LanguagePack> = { fi, en };

export function renderEmail(message: EmailMessage, { providerName }: RenderOptions): RenderedEmail {
  const pack = PACKS[message.to.language];
  const content = contentOf(message.kind, message, pack);
  // A line break in a service name must not split the subject header.
  const subject = `${content.subject} – ${providerName}`.replace(/\s+/g, ' ').trim();
  return {
    subject,
    text: renderText(pack, message.to.name, providerName, content),
    html: renderHtml(pack, message, subject, providerName, content),
  };
}

function contentOf<K extends EmailKind>(kind: K, message: EmailMessage, pack: LanguagePack): EmailContent {
  return pack.emails[kind](views[kind](message, pack));
}

const views: { [K in EmailKind]: (m: EmailMessage, pack: LanguagePack) => KindViews[K] } = {
  code: codeView,
  batch_code: batchCodeView,
  batch_outcome: batchOutcomeView,
  batch_reminder: batchWaitingView,
  batch_code_bounced: (m, pack) => ({
    ...batchWaitingView(m, pack),
    confirmer: peopleIn(m).name(need(m, 'bounced', m.bounced)),
  }),
  reminder: (m, pack) => ({ ...requestView(m, pack), link: webLink(need(m, 'link', m.link)) }),
  waiting: (m, pack) => ({
    ...requestView(m, pack),
    others: listInWords(pack.words.locale, need(m, 'others', m.others).map(peopleIn(m).name)),
  }),
  done: (m, pack) => ({ ...requestView(m, pack), fromHasNoRole: m.fromHasNoRole ?? false }),
  refused: (m, pack) => ({
    ...requestView(m, pack),
    refuser: m.request?.why?.code === 'refused' && m.request.why.nics.includes(m.to.nic),
  }),
  expired: requestView,
  failed: requestView,
  cancelled: requestView,
  code_bounced: (m, pack) => ({
    ...requestView(m, pack),
    confirmer: peopleIn(m).name(need(m, 'bounced', m.bounced)),
  }),
  email_change_code: (m, pack) => ({
    nic: m.to.nic,
    newEmail: need(m, 'newEmail', m.newEmail),
    code: need(m, 'code', m.code),
    link: webLink(need(m, 'link', m.link)),
    until: formatTime(pack.words.locale, need(m, 'until', m.until), m.to.timeZone),
  }),
  email_change_started: (m, pack) => ({
    nic: m.to.nic,
    newEmail: need(m, 'newEmail', m.newEmail),
    until: formatTime(pack.words.locale, need(m, 'until', m.until), m.to.timeZone),
    cancelLink: webLink(need(m, 'link', m.link)),
  }),
  email_changed: (m) => ({ nic: m.to.nic, newEmail: need(m, 'newEmail', m.newEmail) }),
};

const peopleIn = (m: EmailMessage) => peopleOf(m.names ?? {}, m.to.nic);

function codeView(m: EmailMessage, pack: LanguagePack): KindViews['code'] {
  const asks = need(m, 'asks', m.asks).map((ask) => ({
    request: summaryView(m, ask.request, pack),
    code: need(m, 'code', ask.code),
    link: webLink(ask.link),
    panelLink: webLink(ask.panelLink),
  }));
  const requests = need(m, 'asks', m.asks).map((ask) => ask.request);
  const first = requests[0]!;
  const roles = ROLES.filter((role) => requests.some((r) => r.roles.includes(role)));
  const yours = ROLES.filter((role) => requests.some((r) => r.to === m.to.nic && r.roles.includes(role)));
  return {
    serviceName: first.serviceName,
    asks,
    asker: first.askedBy === m.to.nic,
    askedBy: peopleIn(m).name(first.askedBy),
    yourRoles: rolesInWords(pack.words, yours),
    others: m.others?.length ? listInWords(pack.words.locale, m.others.map(peopleIn(m).name)) : undefined,
    resent: m.resent ?? false,
    expiresAt: formatTime(pack.words.locale, first.expiresAt, m.to.timeZone),
    roleLines: roles.map((role) => pack.words.roleMeanings[role]),
    adminMoves: roles.includes('admin'),
  };
}

function batchCodeView(m: EmailMessage, pack: LanguagePack): KindViews['batch_code'] {
  const batch = need(m, 'batch', m.batch);
  const requests = need(m, 'batch.requests', batch.requests);
  const people = peopleIn(m);
  const first = requests[0]!;
  const services = [...new Set(requests.map((r) => r.serviceName))];
  const roles = ROLES.filter((role) => requests.some((r) => r.roles.includes(role)));
  const yours = ROLES.filter((role) => requests.some((r) => r.to === m.to.nic && r.roles.includes(role)));
  return {
    lines: requests.map(
      (r) =>
        `${r.serviceName}: ${rolesInWords(pack.words, r.roles)}, ${people.name(r.from)} → ${people.name(r.to)}`,
    ),
    serviceCount: services.length,
    serviceName: services.length === 1 ? services[0] : undefined,
    asker: first.askedBy === m.to.nic,
    askedBy: people.name(first.askedBy),
    yourRoles: rolesInWords(pack.words, yours),
    others: m.others?.length ? listInWords(pack.words.locale, m.others.map(people.name)) : undefined,
    resent: m.resent ?? false,
    code: need(m, 'batch.code', batch.code),
    link: webLink(batch.link),
    panelLink: webLink(batch.panelLink),
    expiresAt: formatTime(pack.words.locale, first.expiresAt, m.to.timeZone),
    roleLines: roles.map((role) => pack.words.roleMeanings[role]),
    adminMoves: roles.includes('admin'),
  };
}

function batchOutcomeView(m: EmailMessage, pack: LanguagePack): KindViews['batch_outcome'] {
  const outcome = need(m, 'outcome', m.outcome);
  const requests = need(m, 'outcome.requests', outcome.requests);
  const people = peopleIn(m);
  const services = [...new Set(requests.map((r) => r.serviceName))];
  return {
    lines: requests.map((r) => ({
      change: `${r.serviceName}: ${rolesInWords(pack.words, r.roles)}, ${people.name(r.from)} → ${people.name(r.to)}`,
      state: endedState(m, r),
      ...(r.why && { why: pack.words.why(r.why, people) }),
    })),
    serviceCount: services.length,
    serviceName: services.length === 1 ? services[0] : undefined,
    panelLink: webLink(outcome.panelLink),
  };
}

function batchWaitingView(m: EmailMessage, pack: LanguagePack): BatchWaitingView {
  const waiting = need(m, 'waiting', m.waiting);
  const requests = need(m, 'waiting.requests', waiting.requests);
  const people = peopleIn(m);
  const services = [...new Set(requests.map((r) => r.serviceName))];
  return {
    lines: requests.map(
      (r) =>
        `${r.serviceName}: ${rolesInWords(pack.words, r.roles)}, ${people.name(r.from)} → ${people.name(r.to)}`,
    ),
    serviceCount: services.length,
    serviceName: services.length === 1 ? services[0] : undefined,
    expiresAt: formatTime(pack.words.locale, requests[0]!.expiresAt, m.to.timeZone),
    panelLink: webLink(waiting.panelLink),
  };
}

function endedState(m: EmailMessage, request: ContactChangeSummary): FinalState {
  if (!isFinal(request.state)) throw new Error(`A "${m.kind}" email lists a request still ${request.state}`);
  return request.state;
}

function requestView(m: EmailMessage, pack: LanguagePack): RequestView {
  return {
    ...summaryView(m, need(m, 'request', m.request), pack),
    panelLink: m.panelLink === undefined ? undefined : webLink(m.panelLink),
  };
}

function summaryView(m: EmailMessage, request: ContactChangeSummary, pack: LanguagePack): RequestView {
  const people = peopleIn(m);
  const you = m.to.nic;
  return {
    id: request.id,
    serviceName: request.serviceName,
    roles: rolesInWords(pack.words, request.roles),
    roleCount: request.roles.length,
    from: people.name(request.from),
    to: people.name(request.to),
    askedBy: people.name(request.askedBy),
    notified: request.notified.length
      ? listInWords(pack.words.locale, request.notified.map(people.name))
      : undefined,
    you: {
      asker: request.askedBy === you,
      from: request.from === you,
      to: request.to === you,
      answered: request.confirmations.some((c) => c.nic === you && c.status !== 'pending'),
    },
    expiresAt: formatTime(pack.words.locale, request.expiresAt, m.to.timeZone),
    why: request.why ? pack.words.why(request.why, people) : undefined,
    roleLines: request.roles.map((role) => pack.words.roleMeanings[role]),
    adminMoves: request.roles.includes('admin'),
  };
}

/** A message that lacks what its kind needs is a bug in the caller: fail loudly rather than send a hollow email. */
function need<T>(m: EmailMessage, field: string, value: T | undefined): T {
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    throw new Error(`A "${m.kind}" email needs ${field}`);
  }
  return value;
}

/** Only web links become hrefs: a `javascript:` address in a message must never reach an inbox. */
function webLink(link: string): string {
  const { protocol } = new URL(link);
  if (protocol !== 'https:' && protocol !== 'http:') throw new Error(`Not a web link: ${protocol}`);
  return link;
}

function renderText(pack: LanguagePack, name: string, provider: string, content: EmailContent): string {
  const parts = [
    pack.greeting(name),
    ...content.blocks.map(textBlock),
    pack.signOff(provider).join('\n'),
    `-- \n${pack.footer(provider)}`,
  ];
  return `${parts.join('\n\n')}\n`;
}

function textBlock(block: Block): string {
  switch (block.type) {
    case 'paragraph':
    case 'warning':
      return block.text;
    case 'heading':
      return `${block.text}\n${'-'.repeat(block.text.length)}`;
    case 'facts': {
      const width = Math.max(...block.rows.map(([label]) => label.length)) + 2;
      return block.rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`).join('\n');
    }
    case 'list':
      return [block.label, ...block.items.map((item) => `- ${item}`)].join('\n');
    case 'code':
      return `${block.label}\n${block.code}`;
    case 'action':
    case 'link':
      return `${block.label}\n${block.href}`;
  }
}

// Inline styles only: many mail clients drop <style> and never load external assets.
// Colours keep a contrast of at least 4.5:1 (WCAG AA) on their backgrounds.
const INK = '#1f2937';
const MUTED = '#4b5563';
const ACCENT = '#1d4ed8';
const WARN_LINE = '#b45309';
const WARN_BG = '#fffbeb';
const P = 'margin:0 0 16px;';
// A new tab: the confirm page refuses to be framed, and webmail shows emails in frames.
const NEW_TAB = 'target="_blank" rel="noopener noreferrer"';

function renderHtml(
  pack: LanguagePack,
  m: EmailMessage,
  subject: string,
  provider: string,
  content: EmailContent,
): string {
  const blocks = [
    `<p style="${P}">${escapeHtml(pack.greeting(m.to.name))}</p>`,
    ...content.blocks.map(htmlBlock),
    `<p style="${P}">${pack.signOff(provider).map(escapeHtml).join('<br>')}</p>`,
    `<p style="margin:32px 0 0;font-size:13px;color:${MUTED};">${escapeHtml(pack.footer(provider))}</p>`,
  ];
  return `<!doctype html>
<html lang="${m.to.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:16px 8px;background:#f3f4f6;">
<div style="max-width:600px;margin:0 auto;padding:24px 16px;background:#ffffff;color:${INK};font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;">
${blocks.join('\n')}
</div>
</body>
</html>
`;
}

function htmlBlock(block: Block): string {
  switch (block.type) {
    case 'paragraph':
      return `<p style="${P}">${escapeHtml(block.text)}</p>`;
    case 'heading':
      return `<h2 style="margin:28px 0 8px;font-size:18px;line-height:1.3;">${escapeHtml(block.text)}</h2>`;
    case 'warning':
      return (
        `<p style="${P}padding:12px 16px;border-left:4px solid ${WARN_LINE};background:${WARN_BG};">` +
        `${escapeHtml(block.text)}</p>`
      );
    case 'facts': {
      const rows = block.rows.map(
        ([label, value]) =>
          `<tr><th scope="row" style="text-align:left;vertical-align:top;font-weight:normal;color:${MUTED};padding:4px 16px 4px 0;">` +
          `${escapeHtml(label)}</th><td style="vertical-align:top;padding:4px 0;overflow-wrap:break-word;">${escapeHtml(value)}</td></tr>`,
      );
      return `<table style="border-collapse:collapse;margin:0 0 16px;">\n${rows.join('\n')}\n</table>`;
    }
    case 'list':
      return (
        `<p style="margin:0 0 4px;">${escapeHtml(block.label)}</p>\n` +
        `<ul style="margin:0 0 16px;padding-left:20px;">${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`
      );
    case 'code':
      // The dashes let a long code wrap between its groups on a narrow screen.
      return (
        `<p style="margin:0 0 4px;">${escapeHtml(block.label)}</p>\n` +
        `<p style="${P}font-family:Consolas,'Courier New',monospace;font-size:22px;font-weight:bold;letter-spacing:1px;">` +
        `${escapeHtml(block.code)}</p>`
      );
    case 'action': {
      const href = escapeHtml(block.href);
      return (
        `<p style="margin:0 0 8px;">${escapeHtml(block.label)}</p>\n` +
        `<p style="margin:0 0 8px;"><a href="${href}" ${NEW_TAB} style="display:inline-block;padding:12px 20px;background:${ACCENT};` +
        `color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold;">${escapeHtml(block.button)}</a></p>\n` +
        // The address in full too, for clients that hide buttons and readers who copy it.
        `<p style="${P}font-size:14px;word-break:break-all;"><a href="${href}" ${NEW_TAB} style="color:${ACCENT};">${href}</a></p>`
      );
    }
    case 'link': {
      const href = escapeHtml(block.href);
      return (
        `<p style="margin:0 0 4px;">${escapeHtml(block.label)}</p>\n` +
        `<p style="${P}font-size:14px;word-break:break-all;"><a href="${href}" ${NEW_TAB} style="color:${ACCENT};">${href}</a></p>`
      );
    }
  }
}
