// Judging an answer given with a code, before anything is written. The order of the checks is part of
// the rule: once a confirmer is locked out, every answer for them is too_many_attempts before any
// check that could tell whose code it was.
import { codeMatches, keyIdOf, MAX_WRONG_CODES } from './codes';
import { DomainError } from './errors';
import type { LifecycleEvent } from './lifecycle';
import { isFinal } from './model';
import type { ConfirmerRecord, ContactChangeRecord, Handle } from './model';

export type Decision = 'accept' | 'refuse';

export interface AnswerAttempt {
  /** The code as the person typed or pasted it. */
  code: string;
  decision: Decision;
  /** The signed-in caller; absent on the public confirm page, where the code is the only proof. */
  caller?: Handle;
}

export type Judgement =
  | {
      event: LifecycleEvent;
      /** The confirmer the answer is for, when known. */
      nic?: Handle;
      /** Raised once the event's write holds (a wrong code is counted, then refused). */
      error?: DomainError;
    }
  /**
   * A code on the page that names no confirmer: anyone's guess, so it counts against nobody's lock.
   * The caller limits such guesses per request and per source instead, then raises `error`.
   */
  | { junk: true; error: DomainError };

const locked = (confirmer: ConfirmerRecord) => confirmer.attempts >= MAX_WRONG_CODES;

const lockedOut = () =>
  new DomainError(
    'too_many_attempts',
    'Too many wrong codes. Choose “Send my code again” in the control panel to get a new code.',
  );

export const closedError = (request: ContactChangeRecord) =>
  new DomainError('request_closed', `The request has ended (${request.state}).`);

const invalidToken = () => new DomainError('invalid_token', 'This code is wrong, used or replaced.');

const wrongCode = (nic: Handle): Judgement => ({
  event: { type: 'wrong_code', nics: [nic] },
  nic,
  error: invalidToken(),
});

function assertTakesAnswers(request: ContactChangeRecord, now: string): void {
  if (request.state !== 'awaiting_confirmation') {
    throw new DomainError(
      'request_closed',
      `The request is no longer awaiting confirmation (${request.state}).`,
    );
  }
  if (request.expiresAt <= now) throw new DomainError('request_closed', 'The request has expired.');
}

const answerEvent = (nic: Handle, decision: Decision): Judgement => ({
  event: decision === 'accept' ? { type: 'accepted', nic } : { type: 'refused', nic },
  nic,
});

/** An answer from a signed-in caller: the code must be the caller's own. */
function judgeCallersAnswer(
  request: ContactChangeRecord,
  attempt: AnswerAttempt,
  caller: Handle,
  now: string,
) {
  const mine = request.confirmers.find((c) => c.nic === caller);
  if (!mine) throw new DomainError('not_a_party', 'You are not asked to confirm this request.');
  assertTakesAnswers(request, now);
  if (mine.status !== 'pending') {
    throw new DomainError('already_answered', `${mine.nic} has already ${mine.status} this change.`);
  }
  if (locked(mine)) throw lockedOut();
  if (codeMatches(attempt.code, mine.codeHash)) return answerEvent(caller, attempt.decision);
  if (request.confirmers.some((c) => codeMatches(attempt.code, c.codeHash))) {
    throw new DomainError('not_a_party', 'This code belongs to another account.');
  }
  return wrongCode(caller);
}

/** An answer from the emailed page: the code says whose it is. */
function judgePageAnswer(request: ContactChangeRecord, attempt: AnswerAttempt, now: string): Judgement {
  const spent = request.confirmers.find((c) => codeMatches(attempt.code, c.spentCodeHash));
  // Every code dies when a request ends: say that it ended, not that the code is wrong.
  if (isFinal(request.state)) throw closedError(request);
  if (spent && spent.status !== 'pending') {
    throw new DomainError('already_answered', `${spent.nic} has already ${spent.status} this change.`);
  }
  assertTakesAnswers(request, now);
  const owner = request.confirmers.find((c) => codeMatches(attempt.code, c.codeHash));
  if (owner) {
    if (locked(owner)) throw lockedOut();
    return answerEvent(owner.nic, attempt.decision);
  }
  // A wrong code counts only against the confirmer its key id names: their mistyped code, or a guess
  // by someone who saw it. A code that names nobody counts against nobody, so that nobody else (the
  // contact being replaced, told of the request) can lock a confirmer out by posting junk.
  const keyId = keyIdOf(attempt.code);
  const named = keyId && request.confirmers.find((c) => c.status === 'pending' && c.keyId === keyId);
  if (!named) return { junk: true, error: invalidToken() };
  if (locked(named)) throw lockedOut();
  return wrongCode(named.nic);
}

/**
 * Whose code this is: the confirmer who holds it now (`current`), or who held it when they answered
 * or the request ended. Undefined for a code that never belonged to the request, or was replaced.
 */
export function codeOwner(
  request: ContactChangeRecord,
  code: string,
): { nic: Handle; current: boolean } | undefined {
  for (const c of request.confirmers) {
    if (codeMatches(code, c.codeHash)) return { nic: c.nic, current: true };
    if (codeMatches(code, c.spentCodeHash)) return { nic: c.nic, current: false };
  }
  return undefined;
}

/** What an answer means for the request, or the refusal that writes nothing. */
export function judgeAnswer(request: ContactChangeRecord, attempt: AnswerAttempt, now: string): Judgement {
  return attempt.caller === undefined
    ? judgePageAnswer(request, attempt, now)
    : judgeCallersAnswer(request, attempt, attempt.caller, now);
}
