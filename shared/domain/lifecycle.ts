// The request lifecycle of DESIGN.md as explicit transitions. Writes to the store are conditional
// on the state they leave, so these functions decide; the store makes the decision stick.
import { DomainError } from './errors';
import { FINAL_STATES, type ChangeState, type ContactChangeRecord, type FinalState } from './model';

const TRANSITIONS: Record<ChangeState, readonly ChangeState[]> = {
  awaiting_confirmation: ['applying', 'refused', 'expired', 'cancelled'],
  applying: ['done', 'failed'],
  done: [],
  refused: [],
  expired: [],
  failed: [],
  cancelled: [],
};

export const isFinal = (state: ChangeState): state is FinalState =>
  (FINAL_STATES as readonly string[]).includes(state);

export const isOpen = (state: ChangeState): boolean => !isFinal(state);

export const canTransition = (from: ChangeState, to: ChangeState): boolean => TRANSITIONS[from].includes(to);

/** Throws request_closed when the request has already ended, and a plain Error for an illegal move. */
export function assertTransition(from: ChangeState, to: ChangeState): void {
  if (canTransition(from, to)) return;
  if (isFinal(from)) throw new DomainError('request_closed', `The request has already ended (${from}).`);
  throw new Error(`Illegal transition of a contact change: ${from} → ${to}`);
}

/** The request still takes answers: awaiting confirmation and not past its validity window. */
export function assertAwaitingAnswers(request: ContactChangeRecord, now: string): void {
  if (request.state !== 'awaiting_confirmation') {
    throw new DomainError(
      'request_closed',
      `The request is no longer awaiting confirmation (${request.state}).`,
    );
  }
  if (request.expiresAt <= now) {
    throw new DomainError('request_closed', 'The request has expired.');
  }
}

/** Why a request that ends without being applied ended: recorded answers outrank the cause that was seen. */
export type CloseCause = 'refused' | 'cancelled' | 'expired' | 'failed';

/**
 * The final state a closing request takes. A refusal already recorded wins over a timeout that
 * raced it, so a request never ends as "expired" when someone did say no in time.
 */
export function finalStateOnClose(request: ContactChangeRecord, cause: CloseCause): FinalState {
  if (cause !== 'cancelled' && request.confirmers.some((c) => c.status === 'refused')) return 'refused';
  return cause;
}

/** The confirmers who have not answered yet. */
export const pendingConfirmers = (request: ContactChangeRecord) =>
  request.confirmers.filter((c) => c.status === 'pending');

/** True when this acceptance by `nic` is the last one missing. */
export const isLastAcceptance = (request: ContactChangeRecord, nic: string): boolean =>
  request.confirmers.every((c) => c.nic === nic || c.status === 'accepted');
