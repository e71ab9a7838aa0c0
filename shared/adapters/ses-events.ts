// SES's event publishing records (Bounce, Complaint), as SNS delivers them, read into the domain's
// DeliveryProblem. Only what the rules use is read; SES adds fields freely, so the schemas are loose.
// A record this cannot read is reported as unreadable, never thrown: thrown, it would be retried and
// then land in the dead-letter queue, where trying again can never help.
import * as z from '../zod';
import type { DeliveryProblem } from '../domain/bounces';

const recipients = z.array(z.looseObject({ emailAddress: z.string() })).check(z.minLength(1));

const mail = z.looseObject({
  messageId: z.string(),
  timestamp: z.iso.datetime({ offset: true }),
  destination: z.array(z.string()),
  // SES publishes each message tag as a list of values, beside its own `ses:*` tags.
  tags: z.optional(z.record(z.string(), z.array(z.string()))),
});

const sesEvent = z.discriminatedUnion('eventType', [
  z.looseObject({
    eventType: z.literal('Bounce'),
    mail,
    bounce: z.looseObject({ bounceType: z.string(), bouncedRecipients: recipients }),
  }),
  z.looseObject({
    eventType: z.literal('Complaint'),
    mail,
    complaint: z.looseObject({ complainedRecipients: recipients }),
  }),
]);

export type ReadEvent =
  | { kind: 'problem'; problem: DeliveryProblem; messageId: string }
  /** Why it was not read: for the log, never the record itself (it holds addresses). */
  | { kind: 'unreadable'; why: string };

/** One SNS message's body: the SES event record as JSON text. */
export function readSesEvent(message: string): ReadEvent {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return { kind: 'unreadable', why: 'not JSON' };
  }
  const parsed = sesEvent.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: 'unreadable', why: `${issue?.path.join('.') || 'record'}: ${issue?.message}` };
  }
  const event = parsed.data;
  const tag = (name: string) => event.mail.tags?.[name]?.[0];
  const nic = tag('nic');
  const kind = tag('kind');
  const problem: DeliveryProblem =
    event.eventType === 'Bounce'
      ? {
          type: 'bounce',
          bounceType: event.bounce.bounceType,
          recipients: event.bounce.bouncedRecipients.map((r) => r.emailAddress),
          sentAt: new Date(event.mail.timestamp).toISOString(),
        }
      : {
          type: 'complaint',
          recipients: event.complaint.complainedRecipients.map((r) => r.emailAddress),
          sentAt: new Date(event.mail.timestamp).toISOString(),
        };
  return {
    kind: 'problem',
    messageId: event.mail.messageId,
    problem: { ...problem, ...(nic && { nic }), ...(kind && { kind }) },
  };
}
