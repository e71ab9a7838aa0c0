// Turns an EmailMessage into what SES sends: a subject, a text part and an HTML part in the reader's
// language. Templates give plain-text blocks; this file is the only place that writes markup, and it
// escapes every value it writes, because names and service names are whatever customers typed.
import type { Language } from '../domain/model';
import type { EmailKind, EmailMessage, EmailTemplate } from '../domain/ports';
import { en } from './templates/en';
import { fi } from './templates/fi';
import type { Block, EmailContent, KindTemplate, LanguagePack } from './templates/types';
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

/** `template` is the one of the message's kind (the sender found it among its function's emails). */
export function renderEmail(
  message: EmailMessage,
  template: EmailTemplate<EmailKind>,
  { providerName }: RenderOptions,
): RenderedEmail {
  if (template.kind !== message.kind)
    throw new Error(`A "${message.kind}" email given the "${template.kind}" templates`);
  // Every template is a KindTemplate: shared/email/kinds/ makes them all, the ports only name them.
  const { view, [message.to.language]: write } = template as KindTemplate<EmailKind>;
  const pack = PACKS[message.to.language];
  const content = write(view(message, pack));
  // A line break in a service name must not split the subject header.
  const subject = `${content.subject} – ${providerName}`.replace(/\s+/g, ' ').trim();
  return {
    subject,
    text: renderText(pack, message.to.name, providerName, content),
    html: renderHtml(pack, message, subject, providerName, content),
  };
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
