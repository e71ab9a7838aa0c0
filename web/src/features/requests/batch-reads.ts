// When My requests reads a batch again. Each refresh lists the caller's requests, each with its state
// and answers: a batch whose listed requests say what its last read says has not changed for them,
// so it is not read again every five seconds. Its requests the page does not list (on a later page, or
// outside the filter) may still move unseen, so while one of those is open the read lasts half a minute.
import type { components } from '../../lib/api/schema';

type Batch = components['schemas']['Batch'];
type ContactChange = components['schemas']['ContactChange'];

/** A batch as last read, and when (ms since the epoch). */
export interface ReadBatch {
  batch: Batch;
  at: number;
}

/** How long a read stays good for the batch's open requests that the page does not list. */
export const UNLISTED_READ_MS = 30_000;

/** What the list tells of a request's progress: where it differs from the batch as read, the batch changed. */
const progressOf = (request: ContactChange) =>
  JSON.stringify([request.state, request.confirmations, request.completedAt ?? null]);

const isOpen = (request: ContactChange) =>
  request.state === 'awaiting_confirmation' || request.state === 'applying';

/** Whether `read` may stand for the batch at `now`, given the requests of it that the page lists. */
export function stillCurrent({ batch, at }: ReadBatch, listed: ContactChange[], now: number): boolean {
  const inBatch = new Map(batch.requests.map((r) => [r.id, r]));
  const changed = listed.some((r) => {
    const was = inBatch.get(r.id);
    return was === undefined || progressOf(was) !== progressOf(r);
  });
  if (changed) return false;
  const ids = new Set(listed.map((r) => r.id));
  const unlistedOpen = batch.requests.some((r) => !ids.has(r.id) && isOpen(r));
  return !unlistedOpen || now - at < UNLISTED_READ_MS;
}
