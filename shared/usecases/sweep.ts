// The stale-request sweep, run on a schedule: one reminder to confirmers who have not answered as
// the end nears, the end of every request past its validity window (even one whose workflow was
// lost), and the apply of a request everyone accepted whose apply is overdue. It reads only the
// sparse index of open requests, by when each is due, page by page, never the whole table; and it
// stops taking pages when its time budget is spent, leaving the rest to the next run: a request it
// ends leaves the index, so nothing is lost and nothing is done twice. A refusal whose emails are still
// owed stays in the index until they are claimed: once no one else can still be sending them (the
// workflow's Close never ran, or crashed), the sweep claims and sends them. Then batches: each outcome
// email still owed once no one can still be sending it (it failed, or its sender crashed) is sent again,
// and each batch a crashed creation left unpublished is removed, its guards freed.
import type { BatchDue } from '../domain/batch';
import { dueForReminder, reminder } from '../domain/confirmers';
import { sweepDueAt } from '../domain/lifecycle';
import type { ContactChangeRecord } from '../domain/model';
import { StaleWriteError, type HeldLease } from '../domain/ports';
import { isoNow, readAhead, type Deps } from './deps';
import { commitAndTell, remindInBatch, sendOwedOutcomes, tellOwedRefusal } from './notify';
import { settle } from './settle';

export interface SweepReport {
  /** Reminder emails sent: one per confirmer of a request, one per person of a batch. */
  reminded: number;
  expired: number;
  /** Applied, or failed by a broken rule, at the end of the window or once the apply was overdue. */
  finished: number;
  /** False when the time budget ran out with requests still due: the next run carries on. */
  complete: boolean;
  /** Refusals whose owed emails the sweep sent, no Close having claimed them (present when any were). */
  refusalsTold?: number;
  /** Batch outcome emails sent again (present when any were). */
  outcomesResent?: number;
  /** Batches left unpublished by a crashed creation, removed (present when any were). */
  batchesRemoved?: number;
}

export interface SweepOptions {
  /**
   * How long the run may take, in milliseconds; unlimited by default. After the first page, a page is
   * begun only when one half again as slow as the slowest so far would still end within it.
   */
  budgetMs?: number;
}

const PAGE = 100;
/** Requests of one page settled side by side: each is its own conditional write, emails and all. */
const AT_ONCE = 8;
/**
 * A page is begun only if one half again as slow as the slowest so far still fits: pages vary (the
 * bench's backlog of 10,000 saw a page 6 % over the slowest before it).
 */
const PAGE_MARGIN = 1.5;

export async function sweepStaleRequests(deps: Deps, options: SweepOptions = {}): Promise<SweepReport> {
  const startedAt = performance.now();
  const now = isoNow(deps);
  const remindBefore = new Date(
    deps.now().getTime() + deps.settings.reminderBeforeSeconds * 1000,
  ).toISOString();
  const report: SweepReport = { reminded: 0, expired: 0, finished: 0, complete: true };
  let refusalsTold = 0;
  const sweepOne = async (request: ContactChangeRecord) => {
    if (request.state === 'refused') {
      // Listed only while its emails are owed (the index's copy has no mark), and due once no Close can
      // still be claiming them. A claim taken meanwhile sends nothing here.
      if (
        sweepDueAt(request) <= now &&
        (await tellOwedRefusal(deps, { ...request, refusalNoticesOwed: true }))
      )
        refusalsTold++;
      return;
    }
    if (sweepDueAt(request) <= now) {
      // Ended from the item itself, not the index's copy: the copy has no code hashes, and an ending
      // keeps each confirmer's, so that their link still tells them how the request ended. The
      // lifecycle's row says what the workflow hears of it (its waits end).
      const ended = await settle(deps, request.id, { type: 'window_passed' });
      if (ended?.state === 'expired') report.expired++;
      else if (ended?.state === 'done' || ended?.state === 'failed') report.finished++;
      return;
    }
    for (const nic of dueForReminder(request)) {
      try {
        // The index's copy has no batchId; the request as stored after the mark does.
        const { next } = await commitAndTell(deps, reminder(request, nic, now));
        // In a batch, one reminder per person lists every request still awaiting them; each of the
        // batch's requests is marked as it comes, and the batch item's mark lets one sweep send it.
        if (next.batchId === undefined || (await remindInBatch(deps, next.batchId, nic))) report.reminded++;
      } catch (error) {
        // Another sweep sent it, or the confirmer answered meanwhile.
        if (!(error instanceof StaleWriteError)) throw error;
      }
    }
  };

  // The batches' list is read beside the requests' pages, not after them: a run with nothing due costs
  // one round trip, not two. Neither list feeds the other within a run: what an ending here makes
  // owed is due 15 minutes on.
  // Awaited below; a failed request page must not leave it unhandled.
  const batches = readAhead(sweepBatches(deps, now));
  let cursor: string | undefined;
  /** The slowest page so far: a page is taken only if one PAGE_MARGIN times as slow still fits in the budget. */
  let slowestPageMs = 0;
  let pages = 0;
  do {
    const spent = performance.now() - startedAt;
    // The first page is always taken, so that every run makes progress whatever the budget.
    if (
      options.budgetMs !== undefined &&
      pages > 0 &&
      spent + PAGE_MARGIN * slowestPageMs > options.budgetMs
    ) {
      report.complete = false;
      break;
    }
    const pageStartedAt = performance.now();
    const page = await deps.store.listOpenExpiringBefore(remindBefore, { limit: PAGE, cursor });
    for (let i = 0; i < page.items.length; i += AT_ONCE) {
      await Promise.all(page.items.slice(i, i + AT_ONCE).map(sweepOne));
    }
    slowestPageMs = Math.max(slowestPageMs, performance.now() - pageStartedAt);
    pages++;
    cursor = page.nextCursor;
  } while (cursor);

  const { outcomesResent, batchesRemoved } = await batches;
  if (refusalsTold > 0) report.refusalsTold = refusalsTold;
  if (outcomesResent > 0) report.outcomesResent = outcomesResent;
  if (batchesRemoved > 0) report.batchesRemoved = batchesRemoved;
  return report;
}

/** Each batch the sweep's index lists as due by `now`, page by page. */
async function sweepBatches(deps: Deps, now: string) {
  const done = { outcomesResent: 0, batchesRemoved: 0 };
  const sweepOne = async ({ batchId, kind }: BatchDue) => {
    if (kind === 'owing') done.outcomesResent += await sendOwedOutcomes(deps, batchId);
    else if (await deps.store.dropUnpublishedBatch(batchId)) done.batchesRemoved++;
  };
  let cursor: string | undefined;
  do {
    const page = await deps.store.listBatchesDue(now, { limit: PAGE, cursor });
    for (let i = 0; i < page.items.length; i += AT_ONCE) {
      await Promise.all(page.items.slice(i, i + AT_ONCE).map(sweepOne));
    }
    cursor = page.nextCursor;
  } while (cursor);
  return done;
}

/** The lease that keeps sweeps one at a time. */
const SWEEP_LEASE = 'sweep';

export interface LeasedSweepReport extends SweepReport {
  /** Another run held the lease: this one ended at once, having done nothing (and `complete` false). */
  leaseHeld?: HeldLease;
}

/**
 * The sweep, one run at a time whatever Lambda's concurrency: a run takes the table's lease until it
 * can no longer be running (`until`: when Lambda would end it), or ends at once if another run holds
 * it. Two runs at once would still end each request once (every ending is a conditional write), but
 * would read the same pages twice and race each other's writes.
 */
export async function sweepAlone(
  deps: Deps,
  options: SweepOptions & { until: Date },
): Promise<LeasedSweepReport> {
  const holder = deps.newId();
  const lease = await deps.leases.take(SWEEP_LEASE, holder, { now: deps.now(), until: options.until });
  if (!lease.taken) {
    const leaseHeld = { holder: lease.holder, until: lease.until };
    return { reminded: 0, expired: 0, finished: 0, complete: false, leaseHeld };
  }
  try {
    return await sweepStaleRequests(deps, options);
  } finally {
    await deps.leases.release(SWEEP_LEASE, holder);
  }
}
