// What must still hold just before a change is applied (DESIGN.md): the contacts are still the ones
// the request moves, the asker still holds a role that allows the change, and no billing contact
// involved owes anything. A broken rule is a business outcome, not an error: the request fails.
import { DomainError } from './errors';
import type { LifecycleEvent } from './lifecycle';
import { rolesInWords } from './messages';
import type { Account, ContactChangeRecord, Handle, Service } from './model';
import { editableRoles, rolesOf } from './permissions';
import { assertBillingSidesPaid } from './plan';

/** The accounts whose state the check reads: both billing sides when billing moves. */
export const accountsCheckedAtApply = (request: ContactChangeRecord): Handle[] =>
  request.roles.includes('billing') ? [request.from, request.to] : [];

export function checkPreconditions(
  request: ContactChangeRecord,
  service: Service | undefined,
  accounts: ReadonlyMap<Handle, Account>,
): LifecycleEvent {
  const broken = (reason: string): LifecycleEvent => ({ type: 'preconditions_broken', reason });
  if (!service || request.roles.some((role) => service.contacts[role] !== request.from)) {
    return broken(`The ${rolesInWords(request.roles)} changed while the request was open.`);
  }
  const allowed = editableRoles(rolesOf(service.contacts, request.askedBy));
  if (request.roles.some((role) => !allowed.includes(role))) {
    return broken(
      `${request.askedBy} no longer holds a role that may change the ${rolesInWords(request.roles)}.`,
    );
  }
  if (request.roles.includes('billing')) {
    try {
      assertBillingSidesPaid(request.from, request.to, accounts);
    } catch (error) {
      if (error instanceof DomainError) return broken(error.message);
      throw error;
    }
  }
  return { type: 'preconditions_met', service };
}
