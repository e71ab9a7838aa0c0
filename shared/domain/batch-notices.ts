// What people hear of a batch's requests (API.md, "Batches"): nobody gets more than one email per batch
// for each kind of event, so the notices a request of a batch would send alone on ending (and the "still
// waiting" note after each acceptance) give way to one outcome email per person, sent once every request
// of the batch concerning that person has ended, listing each with how it ended; a request's reminder
// gives way to one reminder per person per batch, and its "code bounced" notice to one per bounced code
// email, each listing the services still waiting.
import type { BatchProgress } from './batch';
import type { ContactChangeRecord, Handle } from './model';
import type { Notice } from './transition';

/** Per-request notices a request of a batch does not send: they are told per person, per batch. */
const TOLD_PER_BATCH: readonly Notice['kind'][] = [
  'done',
  'refused',
  'expired',
  'failed',
  'cancelled',
  'waiting',
  'reminder',
  'code_bounced',
];

/** The requests of a batch that still wait for `nic`'s answer: what a reminder or a bounce notice lists. */
export const awaitingAnswerOf = (requests: readonly ContactChangeRecord[], nic: Handle) =>
  requests.filter(
    (r) =>
      r.state === 'awaiting_confirmation' &&
      r.confirmers.some((c) => c.nic === nic && c.status === 'pending'),
  );

/** The notices of a move that a request still sends itself (all, for a request asked alone). */
export const ownNotices = (request: ContactChangeRecord, notices: readonly Notice[]): Notice[] =>
  request.batchId === undefined ? [...notices] : notices.filter((n) => !TOLD_PER_BATCH.includes(n.kind));

/**
 * Whom a request's outcome concerns: everyone asked, everyone told, and the old contact. The old contact
 * always hears in a batch (alone, only when left with no role), so that whom a request concerns never
 * depends on how it ended, and each person's "last request" is known before any ends.
 */
export const concernedBy = (request: ContactChangeRecord): Handle[] => [
  ...new Set([...request.confirmers.map((c) => c.nic), ...request.notified, request.from]),
];

/** Each person a batch's requests concern, with their requests in the batch's order (BatchProgress). */
export function concernsOf(requests: readonly ContactChangeRecord[]): Record<Handle, string[]> {
  const concerns: Record<Handle, string[]> = {};
  for (const request of requests) {
    for (const nic of concernedBy(request)) (concerns[nic] ??= []).push(request.id);
  }
  return concerns;
}

/** `nic`'s requests of the batch once every one of them has ended; undefined while any is open. */
export function endedFor(progress: BatchProgress, nic: Handle): string[] | undefined {
  const theirs = progress.concerns[nic];
  return theirs && theirs.every((id) => progress.ended.has(id)) ? theirs : undefined;
}
