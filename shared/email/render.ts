// Turns an EmailMessage into what SES sends: a subject, a text part and an HTML part in the reader's
// language. Templates give plain-text blocks; this file is the only place that writes markup, and it
// escapes every value it writes, because names and service names are whatever customers typed.
import type { Language } from '../domain/model';
import type { EmailKind, EmailMessage } from '../domain/ports';
import { en } from './templates/en';
import { fi } from './templates/fi';
import type { Block, EmailContent, KindViews, LanguagePack, RequestView } from './templates/types';
import { escapeHtml } from '../html';
import { formatTime } from '../format';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const PACKS: Record<Language, LanguagePack> = { fi, en };

export interface RenderOptions {
  /** PUBLIC_BASE_URL: an email about a request then also links to its page in the control panel. */
  panelBaseUrl?: string;
}

export function renderEmail(message: EmailMessage, options: RenderOptions = {}): RenderedEmail {
  const pack = PACKS[message.to.language];
  const content = withPanelLink(contentOf(message.kind, message, pack), message, pack, options.panelBaseUrl);
  // A line break in a service name must not split the subject header.
  const subject = content.subject.replace(/\s+/g, ' ').trim();
  return {
    subject,
    text: renderText(pack, message.to.name, content),
    html: renderHtml(pack, message, subject, content),
  };
}

function contentOf<K extends EmailKind>(kind: K, message: EmailMessage, pack: LanguagePack): EmailContent {
  return pack.emails[kind](views[kind](message, pack));
}

const views: { [K in EmailKind]: (m: EmailMessage, pack: LanguagePack) => KindViews[K] } = {
  code: (m, pack) => ({
    ...requestView(m, pack),
    code: need(m, 'code', m.code),
    link: webLink(need(m, 'link', m.link)),
  }),
  reminder: (m, pack) => ({
    ...requestView(m, pack),
    link: m.link === undefined ? undefined : webLink(m.link),
  }),
  registered: (m, pack) => ({ ...requestView(m, pack), others: list(pack, need(m, 'others', m.others)) }),
  waiting: (m, pack) => ({ ...requestView(m, pack), others: list(pack, need(m, 'others', m.others)) }),
  done: requestView,
  refused: (m, pack) => ({ ...withReason(m, pack), refusedBy: m.refusedBy }),
  expired: (m, pack) => ({
    ...withReason(m, pack),
    notConfirmedBy: m.notConfirmedBy?.length ? list(pack, m.notConfirmedBy) : undefined,
  }),
  failed: withReason,
  cancelled: requestView,
  rights_ended: requestView,
  email_change_code: (m, pack) => ({
    nic: m.to.nic,
    newEmail: need(m, 'newEmail', m.newEmail),
    code: need(m, 'code', m.code),
    link: webLink(need(m, 'link', m.link)),
    until: formatTime(pack.locale, need(m, 'until', m.until)),
  }),
  email_change_started: (m, pack) => ({
    nic: m.to.nic,
    newEmail: need(m, 'newEmail', m.newEmail),
    until: formatTime(pack.locale, need(m, 'until', m.until)),
  }),
  email_changed: (m) => ({ nic: m.to.nic, newEmail: need(m, 'newEmail', m.newEmail) }),
};

/** The request's page in the panel, last, after the template's own blocks; a code email's link fills the code in. */
function withPanelLink(
  content: EmailContent,
  m: EmailMessage,
  pack: LanguagePack,
  base: string | undefined,
): EmailContent {
  if (!base || !m.request) return content;
  const url = new URL(`/panel/requests/${encodeURIComponent(m.request.id)}`, base);
  if (m.kind === 'code' && m.code) url.searchParams.set('code', m.code);
  const href = webLink(url.toString());
  return { ...content, blocks: [...content.blocks, { type: 'action', ...pack.panelLink, href }] };
}

function requestView(m: EmailMessage, pack: LanguagePack): RequestView {
  const request = need(m, 'request', m.request);
  return {
    you: m.to.nic,
    id: request.id,
    serviceName: request.serviceName,
    roles: list(
      pack,
      request.roles.map((role) => pack.roleNames[role]),
    ),
    roleCount: request.roles.length,
    from: request.from,
    to: request.to,
    askedBy: request.askedBy,
    expiresAt: formatTime(pack.locale, request.expiresAt),
  };
}

function withReason(m: EmailMessage, pack: LanguagePack): RequestView & { reason?: string } {
  return { ...requestView(m, pack), reason: m.reason ?? undefined };
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

function list(pack: LanguagePack, items: string[]): string {
  return new Intl.ListFormat(pack.locale, { type: 'conjunction' }).format(items);
}

function renderText(pack: LanguagePack, name: string, content: EmailContent): string {
  const parts = [
    pack.greeting(name),
    ...content.blocks.map(textBlock),
    pack.signOff.join('\n'),
    `-- \n${pack.footer}`,
  ];
  return `${parts.join('\n\n')}\n`;
}

function textBlock(block: Block): string {
  switch (block.type) {
    case 'paragraph':
      return block.text;
    case 'facts': {
      const width = Math.max(...block.rows.map(([label]) => label.length)) + 2;
      return block.rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`).join('\n');
    }
    case 'code':
      return `${block.label}\n${block.code}`;
    case 'action':
      return `${block.label}\n${block.href}`;
  }
}

// Inline styles only: many mail clients drop <style> and never load external assets.
// Colours keep a contrast of at least 4.5:1 (WCAG AA) on white.
const INK = '#1f2937';
const MUTED = '#4b5563';
const ACCENT = '#1d4ed8';
const P = 'margin:0 0 16px;';

function renderHtml(pack: LanguagePack, m: EmailMessage, subject: string, content: EmailContent): string {
  const blocks = [
    `<p style="${P}">${escapeHtml(pack.greeting(m.to.name))}</p>`,
    ...content.blocks.map(htmlBlock),
    `<p style="${P}">${pack.signOff.map(escapeHtml).join('<br>')}</p>`,
    `<p style="margin:32px 0 0;font-size:13px;color:${MUTED};">${escapeHtml(pack.footer)}</p>`,
  ];
  return `<!doctype html>
<html lang="${m.to.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:16px;background:#f3f4f6;">
<div style="max-width:600px;margin:0 auto;padding:24px;background:#ffffff;color:${INK};font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;">
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
    case 'facts': {
      const rows = block.rows.map(
        ([label, value]) =>
          `<tr><th scope="row" style="text-align:left;vertical-align:top;font-weight:normal;color:${MUTED};padding:4px 16px 4px 0;">` +
          `${escapeHtml(label)}</th><td style="padding:4px 0;">${escapeHtml(value)}</td></tr>`,
      );
      return `<table style="border-collapse:collapse;margin:0 0 16px;">\n${rows.join('\n')}\n</table>`;
    }
    case 'code':
      return (
        `<p style="margin:0 0 4px;">${escapeHtml(block.label)}</p>\n` +
        `<p style="${P}font-family:Consolas,'Courier New',monospace;font-size:24px;font-weight:bold;letter-spacing:2px;">` +
        `${escapeHtml(block.code)}</p>`
      );
    case 'action': {
      const href = escapeHtml(block.href);
      // A new tab: the confirm page refuses to be framed, and webmail shows emails in frames.
      const target = 'target="_blank" rel="noopener noreferrer"';
      return (
        `<p style="margin:0 0 8px;">${escapeHtml(block.label)}</p>\n` +
        `<p style="margin:0 0 8px;"><a href="${href}" ${target} style="display:inline-block;padding:12px 20px;background:${ACCENT};` +
        `color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold;">${escapeHtml(block.button)}</a></p>\n` +
        // The address in full too, for clients that hide buttons and readers who copy it.
        `<p style="${P}font-size:14px;word-break:break-all;"><a href="${href}" ${target} style="color:${ACCENT};">${href}</a></p>`
      );
    }
  }
}
