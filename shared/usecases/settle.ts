// The one way a request ends. The API (a cancel, an apply after a lost callback), the workflow's
// tasks, the sweep and the local resume all call settle(): it reads the request, lets the lifecycle
// decide, commits the decision as one conditional write and tells people. Every ending is
// conditional, so when several of them try at once exactly one write wins and only the winner tells;
// the others read again and find nothing left to do.
import { decide, isFinal, type LifecycleEvent } from '../domain/lifecycle';
import type { ContactChangeRecord, FinalState, Handle } from '../domain/model';
import { StaleWriteError, type BusinessMetric } from '../domain/ports';
import { accountsCheckedAtApply, checkPreconditions } from '../domain/preconditions';
import type { Transition } from '../domain/transition';
import { isoNow, type Deps } from './deps';
import { tellNotices } from './notify';

export type Ending =
  | { type: 'cancelled'; by: Handle }
  | { type: 'window_passed' }
  | { type: 'step_failed'; reason: string }
  /** Everyone accepted: check the preconditions, then apply the change or fail the request. */
  | { type: 'apply' };

const MAX_ROUNDS = 5;
const APPLY: Ending = { type: 'apply' };

const ENDINGS: Record<FinalState, BusinessMetric> = {
  done: 'RequestsApplied',
  refused: 'RequestsRefused',
  expired: 'RequestsExpired',
  cancelled: 'RequestsCancelled',
  failed: 'RequestsFailed',
};

/** Commits a decision and tells whom it says; StaleWriteError when someone else moved the request first. */
export async function commitAndTell(deps: Deps, transition: Transition): Promise<ContactChangeRecord> {
  const next = await deps.store.commit(transition);
  // Counted by the one writer whose decision held, so never twice.
  const ended = transition.changes.find((change) => change.kind === 'end');
  if (ended) deps.metrics.count(ENDINGS[ended.state]);
  await tellNotices(deps, next, transition.notices);
  return next;
}

async function eventFor(deps: Deps, request: ContactChangeRecord, ending: Ending): Promise<LifecycleEvent> {
  if (ending.type !== 'apply') return ending;
  const [service, accounts] = await Promise.all([
    deps.store.getService(request.serviceId),
    deps.store.getAccounts(accountsCheckedAtApply(request)),
  ]);
  return checkPreconditions(request, service, accounts);
}

/**
 * Ends (or, with `apply`, applies) request `id` and returns it as it stands afterwards; undefined when
 * there is no such request. A request the ending does not concern (already final, `applying` and
 * cancelled or failed by a passing fault, or `apply` before everyone accepted) is returned as it is.
 */
export async function settle(
  deps: Deps,
  id: string,
  ending: Ending,
  /**
   * The request as the caller just saw it, to try first instead of reading it again. Every write is
   * conditional on what was read, so a stale copy only costs a re-read.
   */
  seen?: ContactChangeRecord,
): Promise<ContactChangeRecord | undefined> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const read = round === 0 && seen ? seen : await deps.store.getRequest(id);
    if (!read || isFinal(read.state)) return read;
    // Everyone accepted before the window passed (or the apply is overdue, as the sweep sees it):
    // such a request ends applied, or failed by a broken rule, never expired.
    const wanted = read.state === 'applying' && ending.type === 'window_passed' ? APPLY : ending;
    if (wanted.type === 'apply' && read.state !== 'applying') return read;
    const transition = decide(read, await eventFor(deps, read, wanted), isoNow(deps));
    if (!transition) return read;
    try {
      return await commitAndTell(deps, transition);
    } catch (error) {
      if (!(error instanceof StaleWriteError)) throw error;
    }
  }
  throw new Error(`Request ${id} kept changing while it was being settled`);
}
