// The SES adapter's error paths, against a mocked client. The happy path runs for real against the
// local SES in test/integration/ses-local.test.ts.
import {
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSesMailer, fromAddress, isTransientSendError } from '../../shared/adapters/ses-mailer';
import type { EmailMessage } from '../../shared/domain/ports';
import { BOB, codeMessage } from '../support/email-fixtures';
import { ALL_EMAILS } from '../../shared/email/kinds/all';

const ses = mockClient(SESv2Client);
beforeEach(() => ses.reset());

const CODE = 'SECRET-CODE-123';
const message: EmailMessage = codeMessage(BOB, 'fi');
message.asks![0]!.code = CODE;
message.asks![0]!.link = `http://localhost:3000/confirm/req-1?token=${CODE}`;

const throttled = () =>
  new TooManyRequestsException({
    message: 'Maximum sending rate exceeded.',
    $metadata: { httpStatusCode: 429 },
  });

function mailerWithLog() {
  const warnings: Array<{ message: string; details?: Record<string, unknown> }> = [];
  const mailer = createSesMailer(new SESv2Client({ region: 'eu-west-1' }), {
    from: 'contacts@example.com',
    providerName: 'Example Hosting',
    configurationSet: 'contacts',
    retry: { baseDelayMs: 1 },
    log: { warn: (m, details) => warnings.push({ message: m, details }) },
  });
  return { mailer, warnings };
}

describe('the SES mailer', () => {
  it('retries a throttled send and sends the email once', async () => {
    ses.on(SendEmailCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({ MessageId: 'm-1' });
    const { mailer, warnings } = mailerWithLog();

    await mailer.send(message, ALL_EMAILS[message.kind]);

    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
    expect(warnings.map((w) => w.details?.error)).toEqual([
      'TooManyRequestsException',
      'TooManyRequestsException',
    ]);
    // What reaches the logs names the email, never its code.
    expect(JSON.stringify(warnings)).not.toContain(CODE);
    const input = ses.commandCalls(SendEmailCommand)[2]!.args[0].input;
    expect(input).toMatchObject({
      FromEmailAddress: '"Example Hosting" <contacts@example.com>',
      Destination: { ToAddresses: [`${BOB}@example.com`] },
      ConfigurationSetName: 'contacts',
      // Handed back with a bounce or a complaint (shared/adapters/ses-events.ts): never the code.
      EmailTags: [
        { Name: 'kind', Value: 'code' },
        { Name: 'nic', Value: BOB },
      ],
      Content: {
        Simple: {
          Subject: { Charset: 'UTF-8' },
          Body: { Text: { Charset: 'UTF-8' }, Html: { Charset: 'UTF-8' } },
        },
      },
    });
  });

  it('does not retry a rejected message, and throws it', async () => {
    ses.on(SendEmailCommand).rejects(
      new MessageRejected({
        message: 'Email address is not verified.',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const { mailer } = mailerWithLog();

    await expect(mailer.send(message, ALL_EMAILS[message.kind])).rejects.toBeInstanceOf(MessageRejected);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('gives up after a few attempts when throttling lasts', async () => {
    ses.on(SendEmailCommand).rejects(throttled());
    const { mailer } = mailerWithLog();

    // Then it is a TransientFailure, which the state machine retries later, with the SES error as cause.
    const error = await mailer.send(message, ALL_EMAILS[message.kind]).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TransientFailure' });
    expect((error as Error).cause).toBeInstanceOf(TooManyRequestsException);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(4);
  });
});

describe('which failures are worth another attempt', () => {
  const withStatus = (name: string, status: number) =>
    Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
  const network = (code: string) => Object.assign(new Error(code), { code });

  it.each([
    ['throttled', throttled(), true],
    ['an SES 5xx', withStatus('InternalServiceErrorException', 500), true],
    ['a 503 of any name', withStatus('ServiceUnavailableError', 503), true],
    ['a reset connection', network('ECONNRESET'), true],
    ['an SDK timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), true],
    ['a rejected message', withStatus('MessageRejected', 400), false],
    ['a bad request', withStatus('BadRequestException', 400), false],
    ['an unverified sending domain', withStatus('MailFromDomainNotVerifiedException', 400), false],
    ['a paused account', withStatus('SendingPausedException', 400), false],
    ['a bug of ours', new TypeError('x is undefined'), false],
  ])('%s → %s', (_, error, transient) => {
    expect(isTransientSendError(error)).toBe(transient);
  });
});

describe('the sender', () => {
  it('is named by the provider, quoted, or MIME-encoded when the name is not ASCII', () => {
    expect(fromAddress('Example Hosting', 'a@example.com')).toBe('"Example Hosting" <a@example.com>');
    expect(fromAddress('Say "hi"', 'a@example.com')).toBe('"Say  hi " <a@example.com>');
    expect(fromAddress('Hostingpalvelu Öy', 'a@example.com')).toBe(
      `=?utf-8?B?${Buffer.from('Hostingpalvelu Öy').toString('base64')}?= <a@example.com>`,
    );
  });
});
