// After a restart with DATA_DIR, requests may still be open while no execution waits for them: the
// local runner's executions live in memory. Start their confirmations again with what is left of
// their window; the ask step sees that the codes were already sent and keeps them, so nobody gets a
// second email and every emailed code stays valid. A request everyone accepted is applied here.
import type { Deps } from '../../shared/usecases/deps';
import { settle } from '../../shared/usecases/settle';

const FAR_FUTURE = '9999-12-31T23:59:59.999Z';

export async function resumeOpenRequests(deps: Deps): Promise<number> {
  const now = deps.now().toISOString();
  let resumed = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.store.listOpenExpiringBefore(FAR_FUTURE, { limit: 100, cursor });
    for (const request of page.items) {
      // A refusal whose emails are still owed: the sweep sends them (its execution is gone too).
      if (request.state === 'refused') continue;
      // In place of the workflow's Apply step, whose execution did not outlive the restart.
      if (request.state === 'applying')
        await settle(deps, request.id, { type: 'apply', workflowKnows: true });
      else if (request.expiresAt > now) await deps.workflow.started(request, now);
      // past its window: the sweep ends it
      resumed++;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return resumed;
}
