// Who hears what when a request moves (DESIGN.md: "everyone asked is told", "an old contact who
// lost all rights is told"). The lifecycle table names a rule; these functions say who it reaches.
import { rolesOf } from './permissions';
import type { ContactChangeRecord, Contacts, Handle } from './model';
import type { Notice } from './transition';

export interface NoticeDetails {
  /** Handles still to confirm (waiting), or who was emailed (registered). */
  others?: Handle[];
  /** Why it ended (refused, expired, failed). */
  reason?: string | null;
  /** For refused: who said no, so each language can say it in its own words. */
  refusedBy?: Handle;
  /** For expired: who did not answer in time. */
  notConfirmedBy?: Handle[];
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

/** A request ended without being applied: everyone asked and everyone told hears why. */
export function endedNotice(ended: ContactChangeRecord): Notice {
  const kind = ended.state as 'refused' | 'expired' | 'failed' | 'cancelled';
  const refusedBy = ended.confirmers.find((c) => c.status === 'refused')?.nic;
  const notConfirmedBy = pending(ended);
  return {
    kind,
    to: [...new Set([...confirmerNics(ended), ...ended.notified])],
    details: {
      reason: ended.reason,
      ...(kind === 'refused' && refusedBy ? { refusedBy } : {}),
      ...(kind === 'expired' && notConfirmedBy.length > 0 ? { notConfirmedBy } : {}),
    },
  };
}

/** A request was applied: confirmers and those told hear it; an old contact left with no role hears that too. */
export function doneNotices(done: ContactChangeRecord, after: Contacts): Notice[] {
  const notices: Notice[] = [{ kind: 'done', to: [...new Set([...confirmerNics(done), ...done.notified])] }];
  if (rolesOf(after, done.from).length === 0) notices.push({ kind: 'rights_ended', to: [done.from] });
  return notices;
}
