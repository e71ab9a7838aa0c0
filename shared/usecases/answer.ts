// Accepting or refusing with a code, from the API (the caller is known) or from the emailed page
// (possession of the code is the proof). One read, one conditional write, then the callback.
import { DomainError } from '../domain/errors';
import { codeMatches, MAX_WRONG_CODES } from '../domain/codes';
import { assertAwaitingAnswers, isFinal } from '../domain/lifecycle';
import type { ConfirmerRecord, ContactChangeRecord, Handle } from '../domain/model';
import { StaleWriteError } from '../domain/ports';
import { partiesOf } from '../domain/view';
import { isoNow, type Deps } from './deps';
import { closeAs, finishApplying } from './finish';
import { tell } from './notify';

export type Decision = 'accept' | 'refuse';

export interface Answer {
  id: string;
  token: string;
  decision: Decision;
  /** The authenticated caller; absent on the public confirm page. */
  caller?: Handle;
}

export interface AnswerOutcome {
  request: ContactChangeRecord;
  /** The confirmer whose code it was. */
  nic: Handle;
}

export async function readVisibleRequest(
  deps: Deps,
  id: string,
  caller?: Handle,
): Promise<ContactChangeRecord> {
  const request = await deps.store.getRequest(id);
  if (!request || (caller !== undefined && !partiesOf(request).includes(caller))) {
    throw new DomainError('not_found', 'No such contact change among yours.');
  }
  return request;
}

export const closedError = (request: ContactChangeRecord) =>
  new DomainError('request_closed', `The request has ended (${request.state}).`);

/** Whose code this is. With a caller, it must be the caller's own; without, the code decides. */
function confirmerFor(request: ContactChangeRecord, token: string, caller?: Handle): ConfirmerRecord {
  const owner = request.confirmers.find((c) => codeMatches(token, c.codeHash));
  if (caller === undefined) {
    // Every code dies when a request ends: say that it ended, not that the code is wrong.
    if (!owner && isFinal(request.state)) throw closedError(request);
    if (!owner) throw new DomainError('invalid_token', 'This code is wrong, used or replaced.');
    return owner;
  }
  const mine = request.confirmers.find((c) => c.nic === caller);
  if (!mine || (owner && owner.nic !== caller)) {
    throw new DomainError('not_a_party', 'This code belongs to another account.');
  }
  return mine;
}

export async function answerChange(deps: Deps, answer: Answer): Promise<AnswerOutcome> {
  for (let round = 0; round < 3; round++) {
    const request = await readVisibleRequest(deps, answer.id, answer.caller);
    const now = isoNow(deps);
    const confirmer = confirmerFor(request, answer.token, answer.caller);
    assertAwaitingAnswers(request, now);
    if (confirmer.status !== 'pending') {
      throw new DomainError(
        'already_answered',
        `${confirmer.nic} has already ${confirmer.status} this change.`,
      );
    }
    if (confirmer.attempts >= MAX_WRONG_CODES) {
      throw new DomainError(
        'too_many_attempts',
        'Too many wrong codes. Ask for the email again to get a new code.',
      );
    }
    if (!codeMatches(answer.token, confirmer.codeHash)) {
      const attempts = await deps.store.recordWrongCode(answer.id, confirmer.nic);
      throw new DomainError(
        'invalid_token',
        `This code is wrong, used or replaced (${attempts} of ${MAX_WRONG_CODES} tries).`,
      );
    }
    try {
      const status = answer.decision === 'accept' ? 'accepted' : 'refused';
      const recorded = await deps.store.recordAnswer(request, confirmer.nic, status, now);
      const after = await afterAnswer(deps, recorded, confirmer);
      return { request: after, nic: confirmer.nic };
    } catch (error) {
      // Someone else answered or the request moved meanwhile: read again and say what happened.
      if (!(error instanceof StaleWriteError)) throw error;
    }
  }
  throw new DomainError('request_closed', 'The request changed while you answered; please reload it.');
}

/**
 * The answer is recorded; now let the workflow go on. When Step Functions no longer waits on the
 * token (timed out, replaced, or the execution was lost), finish the request here so that an
 * answer is never recorded and then forgotten.
 */
async function afterAnswer(deps: Deps, request: ContactChangeRecord, confirmer: ConfirmerRecord) {
  const token = confirmer.taskToken;
  if (request.confirmers.some((c) => c.status === 'refused')) {
    const closed = (await closeAs(deps, request.id, 'refused', undefined, request)) ?? request;
    if (token) await deps.workflow.fail(token, 'Refused', `${confirmer.nic} refused`);
    return closed;
  }
  const heard = token
    ? await callbackOrFalse(deps, () => deps.workflow.succeed(token, { nic: confirmer.nic }))
    : false;
  if (request.state === 'applying') {
    // An earlier acceptance's callback may have been lost, and its wait would hold the execution
    // until the window ends: answer every wait again (a wait already answered just says no).
    const earlier = request.confirmers.filter((c) => c.nic !== confirmer.nic && c.taskToken);
    await Promise.all(
      earlier.map((c) => callbackOrFalse(deps, () => deps.workflow.succeed(c.taskToken!, { nic: c.nic }))),
    );
    return heard ? request : ((await finishApplying(deps, request.id)) ?? request);
  }
  const waitingFor = request.confirmers.filter((c) => c.status === 'pending').map((c) => c.nic);
  await tell(deps, 'waiting', request, [confirmer.nic], { others: waitingFor });
  return request;
}

/** A callback that throws (SFN unreachable) counts as unheard; the answer is already safe in the table. */
async function callbackOrFalse(deps: Deps, callback: () => Promise<boolean>): Promise<boolean> {
  try {
    return await callback();
  } catch (error) {
    deps.log.warn('The workflow callback failed; finishing here', { error: String(error) });
    return false;
  }
}
