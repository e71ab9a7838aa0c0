// Who may do what with a request, now: the rules the use cases enforce (each refusal with its
// API code) and the API shows each caller as `actions`, so that a client offers exactly the calls that
// can succeed and decides nothing. A rule is written once, here: the use cases ask for the refusal,
// the view for the yes or no.
import { DomainError } from './errors';
import type { ContactChangeRecord, Handle } from './model';

export const ACTIONS = ['accept', 'refuse', 'cancel', 'resend'] as const;
export type Action = (typeof ACTIONS)[number];

type Request = Pick<ContactChangeRecord, 'state' | 'askedBy' | 'confirmers' | 'expiresAt'>;

const isOpen = (request: Request) => request.state === 'awaiting_confirmation';
const windowOpen = (request: Request, now: string) => isOpen(request) && request.expiresAt > now;
const confirmerOf = (request: Request, caller: Handle) => request.confirmers.find((c) => c.nic === caller);

const closed = (request: Request) =>
  new DomainError('request_closed', `The request is no longer awaiting confirmation (${request.state}).`);

/**
 * Why the caller may not withdraw the request, or undefined when they may: the asker, or a current
 * admin of the service (who may not be a party: a new admin, say), withdraws an open request.
 * `adminOfService` is the service as read now, not as it was when asked.
 */
export function cancelRefusal(
  request: Request,
  caller: Handle,
  adminOfService: boolean,
): DomainError | undefined {
  if (request.askedBy !== caller && !adminOfService)
    return new DomainError(
      'not_the_asker',
      'Only the asker or an admin of the service may cancel this request.',
    );
  if (!isOpen(request)) return closed(request);
  return undefined;
}

export const mayCancel = (request: Request, caller: Handle, adminOfService: boolean): boolean =>
  cancelRefusal(request, caller, adminOfService) === undefined;

/**
 * Whom new codes go to when the caller asks (the asker or a confirmer, while the window is open):
 * everyone who has not answered, or with `onlyMe` the caller alone, who must not have answered.
 * Throws the refusal.
 */
export function resendTargets(request: Request, caller: Handle, now: string, onlyMe: boolean): Handle[] {
  // The asker is always among the confirmers (confirmersOf): "the asker or a confirmer" is a confirmer.
  if (confirmerOf(request, caller) === undefined)
    throw new DomainError('not_a_party', 'Only the asker or a confirmer may have the codes sent again.');
  if (!isOpen(request)) throw closed(request);
  if (!windowOpen(request, now)) throw new DomainError('request_closed', 'The request has expired.');
  const pending = request.confirmers.filter((c) => c.status === 'pending').map((c) => c.nic);
  if (!onlyMe) return pending;
  if (!pending.includes(caller))
    throw new DomainError('already_answered', 'You have already answered this request.');
  return [caller];
}

/** The asker or a confirmer has new codes sent, while there is still someone to send them to. */
export function mayResend(request: Request, caller: Handle, now: string): boolean {
  try {
    return resendTargets(request, caller, now, false).length > 0;
  } catch {
    return false;
  }
}

/** A confirmer who has not answered accepts or refuses (with their code) while the window is open. */
export const mayAnswer = (request: Request, caller: Handle, now: string): boolean =>
  windowOpen(request, now) && confirmerOf(request, caller)?.status === 'pending';

/** Whether being an admin of the service would let the caller do more: only then is it worth a read. */
export const adminMatters = (request: Request, caller: Handle): boolean =>
  mayCancel(request, caller, true) && !mayCancel(request, caller, false);

export interface Viewer {
  caller: Handle;
  adminOfService: boolean;
  now: string;
}

export function actionsOn(request: Request, { caller, adminOfService, now }: Viewer): Action[] {
  const answer = mayAnswer(request, caller, now);
  const allowed: Record<Action, boolean> = {
    accept: answer,
    refuse: answer,
    cancel: mayCancel(request, caller, adminOfService),
    resend: mayResend(request, caller, now),
  };
  return ACTIONS.filter((action) => allowed[action]);
}
