// Locally there is no SNS and the local SES delivers everything, so bounces are played: an email to
// an address matching LOCAL_BOUNCE_ADDRESSES (any `@bounce.test` address by default) lands in the mailbox
// as usual, and then the deployed bounce handler is invoked with the SNS notice SES would have sent.
import { randomUUID } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';
import { BOUNCES } from '../../functions/background';
import { emailTags } from '../../shared/adapters/ses-mailer';
import type { EmailMessage, Mailer } from '../../shared/domain/ports';
import { lambdaContext } from './workflow-runner';

export const DEFAULT_BOUNCE_ADDRESSES = /@bounce\.test$/i;

export interface PlayedBounce {
  address: string;
  /** Tags as SES publishes them: each a list of values. */
  tags: Record<string, string[]>;
  /** When the email was sent (ISO). */
  sentAt: string;
  type?: 'Permanent' | 'Transient' | 'Complaint';
}

/** The SNS event Lambda gets for one SES bounce (or complaint) record of the configuration set. */
export function snsBounceEvent({ address, tags, sentAt, type = 'Permanent' }: PlayedBounce): SNSEvent {
  const mail = { messageId: randomUUID(), timestamp: sentAt, destination: [address], tags };
  const record =
    type === 'Complaint'
      ? { eventType: 'Complaint', mail, complaint: { complainedRecipients: [{ emailAddress: address }] } }
      : {
          eventType: 'Bounce',
          mail,
          bounce: { bounceType: type, bouncedRecipients: [{ emailAddress: address, action: 'failed' }] },
        };
  const notice = {
    Type: 'Notification',
    MessageId: randomUUID(),
    TopicArn: 'arn:aws:sns:eu-west-1:000000000000:local-bounces',
    Subject: '',
    Message: JSON.stringify(record),
    Timestamp: new Date().toISOString(),
    SignatureVersion: '1',
    Signature: '',
    SigningCertUrl: '',
    UnsubscribeUrl: '',
    MessageAttributes: {},
  };
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${notice.TopicArn}:local`,
        Sns: notice,
      },
    ],
  };
}

/** Invokes the bounce handler as SNS would, with SES's record of `message`. */
export const playBounce = (message: Pick<EmailMessage, 'kind' | 'to'>, sentAt: string) =>
  BOUNCES.handler(
    snsBounceEvent({
      address: message.to.email,
      tags: Object.fromEntries(emailTags(message).map((tag) => [tag.Name, [tag.Value]])),
      sentAt,
    }),
    lambdaContext('arn:aws:lambda:eu-west-1:000000000000:function:bounces'),
  );

/**
 * The mailer, plus a bounce played after each email to an address that matches `addresses`. The
 * bounce runs after send() returns, as SES's notice arrives after the send succeeded; `settled()`
 * waits for those still running.
 */
export function withPlayedBounces(
  mailer: Mailer,
  addresses: RegExp,
  log: (line: string) => void,
): Mailer & { settled(): Promise<void> } {
  const running = new Set<Promise<void>>();
  return {
    async send(message, template) {
      const sentAt = new Date().toISOString();
      await mailer.send(message, template);
      if (!addresses.test(message.to.email)) return;
      const played = playBounce(message, sentAt)
        .catch((error: unknown) =>
          log(`The played bounce of a ${message.kind} email failed: ${String(error)}`),
        )
        .finally(() => running.delete(played));
      running.add(played);
    },
    async settled() {
      await Promise.all(running);
    },
  };
}
