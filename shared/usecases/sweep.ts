// The stale-request sweep, run on a schedule: one reminder to confirmers who have not answered as
// the end nears, the end of every request past its validity window, even one whose workflow was
// lost, and the apply of a request everyone accepted whose workflow stopped short. It reads only
// the sparse index of open requests, page by page, never the whole table.
import { dueForReminder, reminder } from '../domain/confirmers';
import { isFinal } from '../domain/lifecycle';
import { StaleWriteError } from '../domain/ports';
import { isoNow, type Deps } from './deps';
import { commitAndTell, settle } from './settle';

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
        // The index's copy is tried first: every ending is conditional on what it shows, so a stale copy is re-read.
        const ended = await settle(deps, request.id, { type: 'window_passed' }, request);
        if (ended?.state === 'expired') report.expired++;
        else if (ended?.state === 'done' || ended?.state === 'failed') report.finished++;
        if (ended && isFinal(ended.state)) await deps.workflow.ended(ended);
        continue;
      }
      for (const nic of dueForReminder(request)) {
        try {
          await commitAndTell(deps, reminder(request, nic, now));
          report.reminded++;
        } catch (error) {
          // Another sweep sent it, or the confirmer answered meanwhile.
          if (!(error instanceof StaleWriteError)) throw error;
        }
      }
    }
    cursor = page.nextCursor;
  } while (cursor);
  return report;
}
