// Who may do what with a request, now: the rules the use cases enforce and the API shows each caller
// as `actions`, so that a client offers exactly the calls that can succeed and decides nothing.
import type { ContactChangeRecord, Handle } from './model';

export const ACTIONS = ['accept', 'refuse', 'cancel', 'resend'] as const;
export type Action = (typeof ACTIONS)[number];

type Request = Pick<ContactChangeRecord, 'state' | 'askedBy' | 'confirmers' | 'expiresAt'>;

const isOpen = (request: Request) => request.state === 'awaiting_confirmation';
const windowOpen = (request: Request, now: string) => isOpen(request) && request.expiresAt > now;
const confirmerOf = (request: Request, caller: Handle) => request.confirmers.find((c) => c.nic === caller);

/**
 * The asker, or a current admin of the service (who may not be a party: a new admin, say), withdraws
 * an open request. `adminOfService` is the service as read now, not as it was when asked.
 */
export const mayCancel = (request: Request, caller: Handle, adminOfService: boolean): boolean =>
  isOpen(request) && (request.askedBy === caller || adminOfService);

/** The asker or a confirmer has new codes sent to whoever has not answered, while they still can. */
export const mayResend = (request: Request, caller: Handle, now: string): boolean =>
  windowOpen(request, now) &&
  (request.askedBy === caller || confirmerOf(request, caller) !== undefined) &&
  request.confirmers.some((c) => c.status === 'pending');

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
