// The Mailer port on SES v2. Every email goes out as one Simple message with a text and an HTML part.
// Transient failures (throttling, SES 5xx, network) are retried here with capped exponential backoff and
// full jitter, so that Lambdas sending at once do not retry in step; permanent ones are thrown at once.
import { SendEmailCommand, type SESv2Client, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import type { BusinessMetrics, EmailKind, EmailMessage, EmailTemplate, Mailer } from '../domain/ports';
import { renderEmail } from '../email/render';
import { TRANSIENT_FAILURE } from '../workflow/events';

export interface SesMailerOptions {
  from: string;
  /** The hosting provider's name (PROVIDER_NAME): in every subject and footer, and as the sender's name. */
  providerName: string;
  configurationSet?: string;
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Told about each retry. Gets the kind, the recipient's handle and the error name: never the code or the body. */
  log?: { warn(message: string, details?: Record<string, unknown>): void };
  /** Counts EmailsSent and EmailsFailed. */
  metrics?: BusinessMetrics;
}

const TRANSIENT_NAMES = new Set([
  'TooManyRequestsException', // SES v2: maximum sending rate exceeded (429)
  'ThrottlingException',
  'Throttling',
  'InternalServiceErrorException',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError', // the SDK's own connection or request timeout
]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
]);

type SdkError = Error & { $metadata?: { httpStatusCode?: number }; code?: unknown };

/** MessageRejected, BadRequest, an unverified sender, a paused account: trying again cannot help. */
export function isTransientSendError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { name, $metadata, code } = error as SdkError;
  if (TRANSIENT_NAMES.has(name)) return true;
  const status = $metadata?.httpStatusCode;
  if (status !== undefined) return status === 429 || status >= 500;
  return typeof code === 'string' && NETWORK_CODES.has(code);
}

export function createSesMailer(client: SESv2Client, options: SesMailerOptions): Mailer {
  const attempts = options.retry?.attempts ?? 4;
  const baseDelayMs = options.retry?.baseDelayMs ?? 200;
  const maxDelayMs = options.retry?.maxDelayMs ?? 3_000;

  return {
    async send(message, template): Promise<void> {
      const input = toSendEmailInput(message, template, options);
      for (let attempt = 1; ; attempt++) {
        try {
          // A fresh command per attempt: a command's middleware stack is not meant to be sent twice.
          await client.send(new SendEmailCommand(input));
          options.metrics?.count('EmailsSent');
          return;
        } catch (error) {
          const transient = isTransientSendError(error);
          if (attempt >= attempts || !transient) {
            options.metrics?.count('EmailsFailed');
            if (!transient) throw error;
            throw Object.assign(
              new Error(`Sending a ${message.kind} email kept failing: ${(error as Error).name}`),
              {
                name: TRANSIENT_FAILURE,
                cause: error,
              },
            );
          }
          const delayMs = Math.round(Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
          options.log?.warn('Sending an email failed; retrying', {
            kind: message.kind,
            to: message.to.nic,
            attempt,
            error: (error as Error).name,
            delayMs,
          });
          await new Promise((resolve) => setTimeout(resolve, delayMs));
        }
      }
    },
  };
}

function toSendEmailInput(
  message: EmailMessage,
  template: EmailTemplate<EmailKind>,
  options: SesMailerOptions,
): SendEmailCommandInput {
  const { subject, text, html } = renderEmail(message, template, { providerName: options.providerName });
  return {
    FromEmailAddress: fromAddress(options.providerName, options.from),
    Destination: { ToAddresses: [message.to.email] },
    Content: {
      Simple: {
        Subject: { Data: subject, Charset: 'UTF-8' },
        Body: { Text: { Data: text, Charset: 'UTF-8' }, Html: { Data: html, Charset: 'UTF-8' } },
      },
    },
    ...(options.configurationSet ? { ConfigurationSetName: options.configurationSet } : {}),
    EmailTags: emailTags(message),
  };
}

/** SES takes tag values of ASCII letters, digits, `_` and `-` only; a handle always is one. */
const TAG_VALUE = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * The tags SES hands back with a bounce or a complaint (shared/usecases/bounces.ts): which account the
 * email was for and what kind it was. Never a code, never an address.
 */
export function emailTags(message: Pick<EmailMessage, 'kind' | 'to'>): { Name: string; Value: string }[] {
  return [
    { Name: 'kind', Value: message.kind },
    { Name: 'nic', Value: message.to.nic },
  ].filter((tag) => TAG_VALUE.test(tag.Value));
}

/** `"Example Hosting" <contacts@example.com>`: the inbox shows who writes, not an address. */
export function fromAddress(name: string, address: string): string {
  // SES takes a non-ASCII display name only as a MIME encoded-word; a quoted one may hold anything
  // but a quote, a backslash or a line break.
  const display = /^[\x20-\x7e]*$/.test(name)
    ? `"${name.replace(/["\\]/g, ' ')}"`
    : `=?utf-8?B?${Buffer.from(name.replace(/[\r\n]/g, ' '), 'utf8').toString('base64')}?=`;
  return `${display} <${address}>`;
}
