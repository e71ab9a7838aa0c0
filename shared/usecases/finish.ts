// How a request ends. Each path is a conditional write, so the API, the workflow and the sweep may
// all try to end the same request at the same moment: exactly one write wins, and only the winner
// tells people. The losers re-read and find nothing left to do.
import { assertBillingSidesPaid } from '../domain/plan';
import { DomainError } from '../domain/errors';
import { finalStateOnClose, isFinal, type CloseCause } from '../domain/lifecycle';
import { StaleWriteError } from '../domain/ports';
import type { ContactChangeRecord } from '../domain/model';
import { PreconditionFailed } from '../workflow/events';
import { isoNow, type Deps } from './deps';
import { tellClosed, tellDone } from './notify';

const MAX_ROUNDS = 5;

function reasonFor(request: ContactChangeRecord, cause: CloseCause): string {
  const refusedBy = request.confirmers.find((c) => c.status === 'refused')?.nic;
  const pending = request.confirmers.filter((c) => c.status === 'pending').map((c) => c.nic);
  switch (finalStateOnClose(request, cause)) {
    case 'refused':
      return `${refusedBy ?? 'A confirmer'} refused the change.`;
    case 'cancelled':
      return `${request.askedBy} withdrew the request.`;
    case 'expired':
      return `Not confirmed in time by ${pending.join(' and ') || 'everyone'}.`;
    default:
      return 'The change could not be applied.';
  }
}

/**
 * Ends a request that was not applied. A request already final is left alone; one that is
 * `applying` (its last acceptance beat the timeout) is applied instead, unless the cause is a failure.
 * Returns the request as it stands afterwards.
 */
export async function closeAs(
  deps: Deps,
  id: string,
  cause: CloseCause,
  reason?: string,
  /**
   * The request as the caller just saw it, to try first instead of reading it again. The close is
   * conditional on its state and every confirmer's status, so a stale copy only costs a re-read.
   */
  seen?: ContactChangeRecord,
): Promise<ContactChangeRecord | undefined> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const read = round === 0 && seen ? seen : await deps.store.getRequest(id);
    if (!read || isFinal(read.state)) return read;
    if (read.state === 'applying' && cause !== 'failed') return finishApplying(deps, id);
    const state = read.state === 'applying' ? 'failed' : finalStateOnClose(read, cause);
    try {
      const closed = await deps.store.closeRequest(
        read,
        state,
        reason ?? reasonFor(read, cause),
        isoNow(deps),
      );
      await tellClosed(deps, closed);
      return closed;
    } catch (error) {
      if (!(error instanceof StaleWriteError)) throw error;
    }
  }
  throw new Error(`Request ${id} kept changing while it was being closed`);
}

/**
 * The apply step: re-checks what may have changed since the request was made (unpaid invoices,
 * the contacts themselves) and applies the change in one transaction. Throws PreconditionFailed
 * with the reason in words when the change can no longer be made.
 */
export async function applyChecked(deps: Deps, id: string): Promise<ContactChangeRecord | undefined> {
  const request = await deps.store.getRequest(id);
  if (!request || request.state !== 'applying') return request;
  if (request.roles.includes('billing')) {
    const accounts = await deps.store.getAccounts([request.from, request.to]);
    try {
      assertBillingSidesPaid(request.from, request.to, accounts);
    } catch (error) {
      if (error instanceof DomainError) throw new PreconditionFailed(error.message);
      throw error;
    }
  }
  const outcome = await deps.store.applyChange(id, isoNow(deps));
  if (outcome.kind === 'contacts_changed') {
    throw new PreconditionFailed(
      `The ${request.roles.join(' and ')} contact changed while the request was open.`,
    );
  }
  return outcome.request;
}

/** The notify step: tells everyone a done request concerns. */
export async function notifyDone(deps: Deps, id: string): Promise<void> {
  const request = await deps.store.getRequest(id);
  if (request?.state !== 'done') return;
  await tellDone(deps, request, await deps.store.getService(request.serviceId));
}

/**
 * Apply, then notify, or fail and notify: what the workflow does after the last acceptance, for
 * the paths where the workflow can no longer do it (its execution ended or was lost).
 */
export async function finishApplying(deps: Deps, id: string): Promise<ContactChangeRecord | undefined> {
  try {
    const applied = await applyChecked(deps, id);
    if (applied?.state === 'done') await notifyDone(deps, id);
    return applied;
  } catch (error) {
    if (error instanceof PreconditionFailed) return closeAs(deps, id, 'failed', error.message);
    throw error;
  }
}
