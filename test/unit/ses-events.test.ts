// Reading SES's bounce and complaint records as SNS delivers them: what marks an address, what is
// ignored, and that nothing unreadable is ever thrown (it would be retried into the dead-letter queue).
import { describe, expect, it } from 'vitest';
import { snsBounceEvent } from '../../infra/local/bounces';
import { readSesEvent } from '../../shared/adapters/ses-events';
import { makesAddressUnusable } from '../../shared/domain/bounces';

const SENT_AT = '2027-03-01T09:00:00.000Z';
const messageOf = (
  type: 'Permanent' | 'Transient' | 'Complaint',
  tags = { kind: ['code'], nic: ['bb2-ovh'] },
) => snsBounceEvent({ address: 'bob@example.com', tags, sentAt: SENT_AT, type }).Records[0]!.Sns.Message;

describe('an SES record', () => {
  it('a permanent bounce of a code email: the address, the account and the kind, and it marks', () => {
    const read = readSesEvent(messageOf('Permanent'));
    expect(read).toMatchObject({
      kind: 'problem',
      problem: {
        type: 'bounce',
        bounceType: 'Permanent',
        recipients: ['bob@example.com'],
        sentAt: SENT_AT,
        nic: 'bb2-ovh',
        kind: 'code',
      },
    });
    expect(read.kind === 'problem' && makesAddressUnusable(read.problem)).toBe(true);
  });

  it('a transient bounce is read but marks nothing: the mailbox may work tomorrow', () => {
    const read = readSesEvent(messageOf('Transient'));
    expect(read.kind === 'problem' && makesAddressUnusable(read.problem)).toBe(false);
  });

  it('an undetermined bounce marks nothing either', () => {
    const record = JSON.parse(messageOf('Permanent'));
    record.bounce.bounceType = 'Undetermined';
    const read = readSesEvent(JSON.stringify(record));
    expect(read.kind === 'problem' && makesAddressUnusable(read.problem)).toBe(false);
  });

  it('a complaint marks the address', () => {
    const read = readSesEvent(messageOf('Complaint'));
    expect(read).toMatchObject({
      kind: 'problem',
      problem: { type: 'complaint', recipients: ['bob@example.com'] },
    });
    expect(read.kind === 'problem' && makesAddressUnusable(read.problem)).toBe(true);
  });

  it('without our tags (sent before they existed, or by hand): read, with no account', () => {
    const read = readSesEvent(messageOf('Permanent', {} as never));
    expect(read).toMatchObject({ kind: 'problem' });
    expect(read.kind === 'problem' && read.problem.nic).toBeUndefined();
  });

  it.each([
    ['not JSON', 'hello'],
    ['an empty body', ''],
    ['a delivery, not a bounce', JSON.stringify({ eventType: 'Delivery', mail: {} })],
    [
      'a bounce without recipients',
      JSON.stringify({
        ...JSON.parse(messageOf('Permanent')),
        bounce: { bounceType: 'Permanent', bouncedRecipients: [] },
      }),
    ],
    [
      'a bounce without its mail',
      JSON.stringify({ eventType: 'Bounce', bounce: { bounceType: 'Permanent' } }),
    ],
    ['a mail with a bad timestamp', messageOf('Permanent').replace(SENT_AT, 'yesterday')],
    ['null', 'null'],
  ])('%s is unreadable, never thrown', (_name, message) => {
    expect(readSesEvent(message)).toMatchObject({ kind: 'unreadable', why: expect.any(String) });
  });
});
