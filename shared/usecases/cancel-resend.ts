// The asker withdrawing a request, and a confirmer getting a fresh code by email.
import { DomainError } from '../domain/errors';
import type { ContactChangeRecord, Handle } from '../domain/model';
import { resendLimit } from '../domain/rate-limits';
import { isoNow, within, type Deps } from './deps';
import { settle } from './settle';
import { sendNewCodes } from './notify';
import { isAdminOf, readVisibleRequest } from './answer';

const closed = (request: Pick<ContactChangeRecord, 'state'> | { state: string }) =>
  new DomainError('request_closed', `The request is no longer awaiting confirmation (${request.state}).`);

/** The asker, or a current admin of the service (who may not be a party: a new admin, say), withdraws a request. */
export async function cancelChange(deps: Deps, caller: Handle, id: string): Promise<ContactChangeRecord> {
  const request = await readVisibleRequest(deps, id, caller);
  if (request.askedBy !== caller && !(await isAdminOf(deps, request.serviceId, caller)))
    throw new DomainError(
      'not_the_asker',
      'Only the asker or an admin of the service may cancel this request.',
    );
  if (request.state !== 'awaiting_confirmation') throw closed(request);
  const ended = await settle(deps, id, { type: 'cancelled', by: caller }, request);
  if (ended?.state !== 'cancelled') {
    // Another ending won the race (the last acceptance or the timeout): say so rather than pretend.
    throw new DomainError(
      'request_closed',
      `The request ended as ${ended?.state ?? 'unknown'} before it could be cancelled.`,
    );
  }
  await deps.workflow.ended(ended);
  return ended;
}

/**
 * Emails a new code to each confirmer who has not answered (or only to the caller). The old code
 * dies with the write, the count of wrong codes starts again, and the workflow's wait is unchanged.
 */
export async function resendCodes(
  deps: Deps,
  caller: Handle,
  id: string,
  onlyMe: boolean,
): Promise<ContactChangeRecord> {
  const request = await readVisibleRequest(deps, id, caller);
  const isConfirmer = request.confirmers.some((c) => c.nic === caller);
  if (!isConfirmer && request.askedBy !== caller) {
    throw new DomainError('not_a_party', 'Only the asker or a confirmer may have the codes sent again.');
  }
  if (request.state !== 'awaiting_confirmation') throw closed(request);
  if (request.expiresAt <= isoNow(deps)) throw new DomainError('request_closed', 'The request has expired.');
  let targets = request.confirmers.filter((c) => c.status === 'pending').map((c) => c.nic);
  if (onlyMe) {
    if (!isConfirmer) throw new DomainError('not_a_party', 'You are not asked to confirm this request.');
    if (!targets.includes(caller))
      throw new DomainError('already_answered', 'You have already answered this request.');
    targets = [caller];
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
  if (!now || now.state !== 'awaiting_confirmation') throw closed(now ?? { state: 'unknown' });
}
