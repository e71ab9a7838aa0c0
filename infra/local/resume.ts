// After a restart with DATA_DIR, requests may still be open while no execution waits for them: the
// local runner's executions live in memory. Start their waits again with what is left of their
// window; the ask step sees that the codes were already sent and only attaches the new task tokens,
// so nobody gets a second email and every emailed code stays valid.
import type { Deps } from '../../shared/usecases/deps';
import { finishApplying } from '../../shared/usecases/finish';

const FAR_FUTURE = '9999-12-31T23:59:59.999Z';

export async function resumeOpenRequests(deps: Deps): Promise<number> {
  const now = deps.now().getTime();
  let resumed = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.store.listOpenExpiringBefore(FAR_FUTURE, { limit: 100, cursor });
    for (const request of page.items) {
      const left = Math.floor((Date.parse(request.expiresAt) - now) / 1000);
      if (request.state === 'applying') await finishApplying(deps, request.id);
      else if (left > 0) {
        await deps.workflow.start({
          requestId: request.id,
          confirmers: request.confirmers.map((c) => c.nic),
          timeoutSeconds: left,
        });
      } // past its window: the sweep ends it
      resumed++;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return resumed;
}
