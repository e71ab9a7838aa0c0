// The stale-request sweep, run on a schedule: one reminder to confirmers who have not answered as
// the end nears, and the end of every request past its validity window, even one whose workflow was
// lost. It reads only the sparse index of open requests, page by page, never the whole table.
import { isoNow, type Deps } from './deps';
import { closeAs } from './finish';
import { tell } from './notify';

export interface SweepReport {
  reminded: number;
  expired: number;
  finished: number;
}

const PAGE = 100;

export async function sweepStaleRequests(deps: Deps): Promise<SweepReport> {
  const now = isoNow(deps);
  const remindBefore = new Date(
    deps.now().getTime() + deps.settings.reminderBeforeSeconds * 1000,
  ).toISOString();
  const report: SweepReport = { reminded: 0, expired: 0, finished: 0 };
  let cursor: string | undefined;
  do {
    const page = await deps.store.listOpenExpiringBefore(remindBefore, { limit: PAGE, cursor });
    for (const request of page.items) {
      if (request.expiresAt <= now) {
        // The index's copy is tried first: the close is conditional on what it shows, so a stale copy is re-read.
        const ended = await closeAs(deps, request.id, 'expired', undefined, request);
        if (ended?.state === 'expired') report.expired++;
        else if (ended?.state === 'done' || ended?.state === 'failed') report.finished++;
        await deps.workflow.stop(request.id, 'Expired by the stale-request sweep');
      } else if (request.state === 'awaiting_confirmation') {
        for (const confirmer of request.confirmers) {
          if (confirmer.status !== 'pending' || confirmer.remindedAt) continue;
          // The conditional mark makes the reminder once-only even when sweeps overlap.
          if (!(await deps.store.markReminded(request.id, confirmer.nic, now))) continue;
          await tell(deps, 'reminder', request, [confirmer.nic]);
          report.reminded++;
        }
      }
    }
    cursor = page.nextCursor;
  } while (cursor);
  return report;
}
