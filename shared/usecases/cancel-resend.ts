// The asker withdrawing a request, and a confirmer getting a fresh code by email.
import { DomainError } from '../domain/errors';
import { hashCode, newCode } from '../domain/codes';
import { assertAwaitingAnswers } from '../domain/lifecycle';
import type { ContactChangeRecord, Handle } from '../domain/model';
import { isoNow, type Deps } from './deps';
import { closeAs } from './finish';
import { confirmLink, recipientOf, summaryOf } from './notify';
import { readVisibleRequest } from './answer';

export async function cancelChange(deps: Deps, caller: Handle, id: string): Promise<ContactChangeRecord> {
  const request = await readVisibleRequest(deps, id, caller);
  if (request.askedBy !== caller)
    throw new DomainError('not_the_asker', 'Only the asker may cancel this request.');
  if (request.state !== 'awaiting_confirmation') {
    throw new DomainError(
      'request_closed',
      `The request is no longer awaiting confirmation (${request.state}).`,
    );
  }
  const closed = await closeAs(deps, id, 'cancelled');
  if (closed?.state !== 'cancelled') {
    // Another ending won the race (the last acceptance or the timeout): say so rather than pretend.
    throw new DomainError(
      'request_closed',
      `The request ended as ${closed?.state ?? 'unknown'} before it could be cancelled.`,
    );
  }
  // Failing one wait fails the whole Map, which ends the execution; its close step finds nothing to do.
  const token = request.confirmers.find((c) => c.taskToken)?.taskToken;
  if (token) await deps.workflow.fail(token, 'Cancelled', `${caller} withdrew the request`);
  return closed;
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
  assertAwaitingAnswers(request, isoNow(deps));
  const pending = request.confirmers.filter((c) => c.status === 'pending');
  let targets = pending.map((c) => c.nic);
  if (onlyMe) {
    if (!isConfirmer) throw new DomainError('not_a_party', 'You are not asked to confirm this request.');
    if (!targets.includes(caller))
      throw new DomainError('already_answered', 'You have already answered this request.');
    targets = [caller];
  }
  const accounts = await deps.store.getAccounts(targets);
  // Each confirmer's code is its own conditional write and email: they go out side by side.
  const issued = await Promise.all(
    targets.map(async (nic) => {
      const code = newCode();
      const updated = await deps.store.issueCode(id, nic, {
        codeHash: hashCode(code),
        codeIssuedAt: isoNow(deps),
      });
      const account = accounts.get(nic);
      if (account) {
        await deps.mailer.send({
          kind: 'code',
          to: recipientOf(account),
          request: summaryOf(updated),
          code,
          link: confirmLink(deps, id, code),
        });
      }
      return updated;
    }),
  );
  return issued.at(-1) ?? request;
}
