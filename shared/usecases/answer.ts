// Accepting or refusing with a code, from the API (the caller is known) or from the emailed page
// (possession of the code is the proof). One read, one conditional write, then the workflow hears it.
import { judgeAnswer, type Decision } from '../domain/answers';
import { MAX_WRONG_CODES } from '../domain/codes';
import { DomainError } from '../domain/errors';
import { decide } from '../domain/lifecycle';
import type { ContactChangeRecord, Handle } from '../domain/model';
import { StaleWriteError } from '../domain/ports';
import { unownedCodeLimits } from '../domain/rate-limits';
import { partiesOf } from '../domain/view';
import { isoNow, within, type Deps } from './deps';
import { commitAndTell, settle } from './settle';

export type { Decision };

export interface Answer {
  id: string;
  /** The code as the person typed or pasted it. */
  code: string;
  decision: Decision;
  /** The authenticated caller; absent on the public confirm page. */
  caller?: Handle;
  /** Where a page answer came from (the client's address), for the limit on codes that are nobody's. */
  source?: string;
}

export interface AnswerOutcome {
  request: ContactChangeRecord;
  /** The confirmer whose code it was. */
  nic: Handle;
}

/** Parallel answers for one confirmer lose their conditional writes to each other; each loser re-reads. */
const MAX_ROUNDS = 5;

/**
 * A request the caller may see: one they are part of, or one of a service they are now admin of
 * (DESIGN.md). Anyone else gets not_found, never a hint that it exists.
 */
export async function readVisibleRequest(
  deps: Deps,
  id: string,
  caller?: Handle,
): Promise<ContactChangeRecord> {
  const request = await deps.store.getRequest(id);
  const visible =
    request &&
    (caller === undefined ||
      partiesOf(request).includes(caller) ||
      (await isAdminOf(deps, request.serviceId, caller)));
  if (!visible) throw new DomainError('not_found', 'No such contact change among yours.');
  return request;
}

export const isAdminOf = async (deps: Deps, serviceId: string, nic: Handle): Promise<boolean> =>
  (await deps.store.getService(serviceId))?.contacts.admin === nic;

export async function answerChange(deps: Deps, answer: Answer): Promise<AnswerOutcome> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const request = await readVisibleRequest(deps, answer.id, answer.caller);
    const now = isoNow(deps);
    const judged = judgeAnswer(request, answer, now);
    if ('junk' in judged) {
      // Nobody's code: nothing of the request is written; only the guessing is counted and bounded.
      await within(deps, ...unownedCodeLimits(deps.settings.limits, request.id, answer.source));
      throw judged.error;
    }
    const transition = decide(request, judged.event, now);
    if (!transition) throw new DomainError('request_closed', `The request has ended (${request.state}).`);
    let next: ContactChangeRecord;
    try {
      next = await commitAndTell(deps, transition);
    } catch (error) {
      // Someone else answered or the request moved meanwhile: read again and say what happened.
      if (!(error instanceof StaleWriteError)) throw error;
      continue;
    }
    if (judged.error) {
      const locked = next.confirmers.filter(
        (c) =>
          judged.event.type === 'wrong_code' &&
          judged.event.nics.includes(c.nic) &&
          c.attempts === MAX_WRONG_CODES,
      );
      if (locked.length > 0) deps.metrics.count('AttemptsLocked', locked.length);
      throw judged.error;
    }
    const nic = judged.nic!;
    return { request: await afterAnswer(deps, next, nic), nic };
  }
  throw new DomainError('request_closed', 'The request changed while you answered; please reload it.');
}

/**
 * The answer is recorded; now the workflow hears it. When nothing waits for the last acceptance any
 * more (the wait timed out, or the execution was lost), apply the change here, so that an answer is
 * never recorded and then forgotten.
 */
async function afterAnswer(deps: Deps, request: ContactChangeRecord, nic: Handle) {
  if (request.state === 'refused') {
    await deps.workflow.refused(request, nic);
    return request;
  }
  const heard = await deps.workflow.accepted(request, nic).catch((error: unknown) => {
    // The answer is already safe in the table; an unreachable workflow only means we carry on here.
    deps.log.warn('The workflow did not hear an acceptance; finishing here', { error: String(error) });
    return false;
  });
  if (request.state === 'applying' && !heard)
    return (await settle(deps, request.id, { type: 'apply' })) ?? request;
  return request;
}
