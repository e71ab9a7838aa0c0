// The asker withdrawing a request, and a confirmer getting a fresh code by email. Who may do either is
// the domain's rule (actions.ts), the same one that gives each caller the `actions` they see.
import { cancelRefusal, resendTargets } from '../domain/actions';
import { DomainError } from '../domain/errors';
import type { ContactChangeRecord, Handle } from '../domain/model';
import { resendLimit } from '../domain/rate-limits';
import { isoNow, within, type Deps } from './deps';
import { resendBatchCodes } from './batch-codes';
import { settle } from './settle';
import { sendNewCodes } from './notify';
import { isAdminOf, readVisibleRequest } from './reads';

/** The asker, or a current admin of the service, withdraws a request; the workflow's waits end with it. */
export async function cancelChange(deps: Deps, caller: Handle, id: string): Promise<ContactChangeRecord> {
  const seen = await readVisibleRequest(deps, id, caller);
  const { request } = seen;
  // The service is read once at most: seeing the request may already have needed it.
  const adminOfService =
    request.askedBy !== caller && (seen.adminOfService ?? (await isAdminOf(deps, request.serviceId, caller)));
  const refusal = cancelRefusal(request, caller, adminOfService);
  if (refusal) throw refusal;
  const ended = await settle(deps, id, { type: 'cancelled', by: caller }, request);
  if (ended?.state !== 'cancelled') {
    // Another ending won the race (the last acceptance or the timeout): say so rather than pretend.
    throw new DomainError(
      'request_closed',
      `The request ended as ${ended?.state ?? 'unknown'} before it could be cancelled.`,
    );
  }
  return ended;
}

/**
 * Emails a new code to each confirmer who has not answered (or only to the caller); in a batch, a
 * new batch code (API.md, "Batches"). The old code
 * dies with the write, the count of wrong codes starts again, and the workflow's wait is unchanged.
 */
export async function resendCodes(
  deps: Deps,
  caller: Handle,
  id: string,
  onlyMe: boolean,
): Promise<ContactChangeRecord> {
  const { request } = await readVisibleRequest(deps, id, caller);
  const targets = resendTargets(request, caller, isoNow(deps), onlyMe);
  // In a batch, each person holds one code for all of their requests: a new one replaces it everywhere.
  if (request.batchId !== undefined) {
    await resendBatchCodes(deps, request.batchId, targets);
    return request;
  }
  // Counted before anything is sent, so a refused resend sends nothing.
  await within(deps, ...targets.map((nic) => resendLimit(deps.settings.limits, id, nic)));
  // Each confirmer's code is its own conditional write and email, side by side, with one read of
  // the accounts that name everyone for all of them.
  const unsent = await sendNewCodes(deps, request, targets, { resent: true }, () => lostTo(deps, id));
  if (unsent.length > 0) throw new Error('A code email could not be sent; please try again.');
  // The answer shows the request, whose public view a new code does not change.
  return request;
}

/**
 * A new code lost its conditional write: the request ended (request_closed) or the confirmer
 * answered meanwhile (skip them). Never a server error.
 */
async function lostTo(deps: Deps, id: string): Promise<void> {
  const now = await deps.store.getRequest(id);
  if (!now || now.state !== 'awaiting_confirmation')
    throw new DomainError(
      'request_closed',
      `The request is no longer awaiting confirmation (${now?.state ?? 'unknown'}).`,
    );
}
