// A confirmer's part of an open request that does not move its state: a fresh code, the one
// reminder. Like every write, each is a Transition with the expectation that keeps it safe.
import type { ContactChangeRecord, Handle } from './model';
import { codeBouncedNotice } from './notices';
import { withChanges, type Change, type Transition } from './transition';

const transition = (
  read: ContactChangeRecord,
  changes: Change[],
  expect: Transition['expect'],
  notices: Transition['notices'] = [],
): Transition => ({ read, changes, expect, next: withChanges(read, changes), notices });

/**
 * A new code for a confirmer who has not answered: the old code dies with the write and the count of
 * wrong codes starts again. Holds only while the request awaits answers and the confirmer has not answered.
 */
export const newCode = (
  read: ContactChangeRecord,
  nic: Handle,
  codeHash: string,
  now: string,
  keyId?: string,
): Transition =>
  transition(read, [{ kind: 'new_code', nic, codeHash, issuedAt: now, ...(keyId && { keyId }) }], {
    state: 'awaiting_confirmation',
    statuses: { [nic]: 'pending' },
  });

/** The email with the code `codeHash` went out; holds only while that code is still the current one. */
export const codeSent = (read: ContactChangeRecord, nic: Handle, codeHash: string, now: string): Transition =>
  transition(read, [{ kind: 'code_sent', nic, at: now }], {
    state: 'awaiting_confirmation',
    statuses: { [nic]: 'pending' },
    code: { nic, hash: codeHash },
  });

/** The email with this confirmer's current code did not go out: the next ask sends a working one. */
export const codeUnsent = (read: ContactChangeRecord, nic: Handle): Transition =>
  transition(read, [{ kind: 'code_unsent', nic }], {
    state: 'awaiting_confirmation',
    statuses: { [nic]: 'pending' },
  });

/** The one reminder before expiry; the expectation makes it once-only even when sweeps overlap. */
export const reminder = (read: ContactChangeRecord, nic: Handle, now: string): Transition =>
  transition(
    read,
    [{ kind: 'reminded', nic, at: now }],
    { state: 'awaiting_confirmation', statuses: { [nic]: 'pending' }, notReminded: nic },
    [{ kind: 'reminder', to: [nic] }],
  );

/** Confirmers who have not answered and were not reminded yet. */
export const dueForReminder = (request: ContactChangeRecord): Handle[] =>
  request.state === 'awaiting_confirmation'
    ? request.confirmers.filter((c) => c.status === 'pending' && !c.remindedAt).map((c) => c.nic)
    : [];

/**
 * The email SES sent at `sentAt` to this confirmer's address bounced: their current code never arrived,
 * so the request shows it and the asker is told, who can have them fix the address and Resend. Nothing
 * when the current code was issued after that email (a later resend went out on its own) or the
 * confirmer no longer waits. The expectation holds the code as read, so a resend landing in between
 * wins, and `notBounced` tells the asker once however often SES repeats itself.
 */
export function codeBounced(
  read: ContactChangeRecord,
  nic: Handle,
  sentAt: string,
  now: string,
): Transition | undefined {
  const confirmer = read.confirmers.find((c) => c.nic === nic);
  if (read.state !== 'awaiting_confirmation' || confirmer?.status !== 'pending') return undefined;
  if (!confirmer.codeHash || confirmer.bouncedAt) return undefined;
  if (confirmer.codeIssuedAt && confirmer.codeIssuedAt > sentAt) return undefined;
  return transition(
    read,
    [{ kind: 'code_bounced', nic, at: now }],
    {
      state: 'awaiting_confirmation',
      statuses: { [nic]: 'pending' },
      code: { nic, hash: confirmer.codeHash },
      notBounced: nic,
    },
    codeBouncedNotice(read, nic),
  );
}
