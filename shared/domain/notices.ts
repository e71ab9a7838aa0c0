// Who hears what when a request moves (DESIGN.md: "everyone asked is told", "an old contact who
// lost all rights is told"). The lifecycle table names a rule; these functions say who it reaches.
// Each person hears one notice per move: the email fits the reader (the refuser, the old contact…).
import { rolesOf } from './permissions';
import type { ContactChangeRecord, Contacts, Handle } from './model';
import type { Notice } from './transition';

export interface NoticeDetails {
  /** Handles still to confirm (waiting), or everyone else emailed a code with the reader's (code). */
  others?: Handle[];
  /** For done: the old contact holds no role on the service any more. */
  fromHasNoRole?: boolean;
  /** For code_bounced: the confirmer whose code email bounced. */
  bounced?: Handle;
}

const confirmerNics = (request: ContactChangeRecord) => request.confirmers.map((c) => c.nic);
const pending = (request: ContactChangeRecord) =>
  request.confirmers.filter((c) => c.status === 'pending').map((c) => c.nic);

/** A confirmer accepted and others have not: they hear whom the change now waits for. */
export const waitingNotice = (next: ContactChangeRecord, answerer: Handle): Notice => ({
  kind: 'waiting',
  to: [answerer],
  details: { others: pending(next) },
});

/** A request ended without being applied: everyone asked and everyone told hears why (its `why`). */
export function endedNotice(ended: ContactChangeRecord): Notice {
  return {
    kind: ended.state as 'refused' | 'expired' | 'failed' | 'cancelled',
    to: [...new Set([...confirmerNics(ended), ...ended.notified])],
  };
}

/**
 * A request was applied: confirmers and those told hear it, and so does an old contact left with no
 * role even if nobody expected that when the request was made. One notice each: the old contact's
 * email says both what they no longer are and who is.
 */
export function doneNotices(done: ContactChangeRecord, after: Contacts): Notice[] {
  const fromHasNoRole = rolesOf(after, done.from).length === 0;
  const to = new Set([...confirmerNics(done), ...done.notified]);
  if (fromHasNoRole) to.add(done.from);
  return [{ kind: 'done', to: [...to], details: { fromHasNoRole } }];
}

/**
 * A confirmer's code email bounced: the asker hears it, since only they can chase the confirmer. Nobody
 * when the asker is that confirmer: their own address is the one that bounces.
 */
export const codeBouncedNotice = (request: ContactChangeRecord, bounced: Handle): Notice[] =>
  request.askedBy === bounced ? [] : [{ kind: 'code_bounced', to: [request.askedBy], details: { bounced } }];
