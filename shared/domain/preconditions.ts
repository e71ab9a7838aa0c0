// What must still hold just before a change is applied (DESIGN.md): the contacts are still the ones
// the request moves, the asker still holds a role that allows the change, no billing contact
// involved owes anything, and the new billing contact still has a valid payment method. A broken rule is a business outcome, not an error: the request fails.
import type { LifecycleEvent } from './lifecycle';
import type { Account, ContactChangeRecord, Handle, Service, Why } from './model';
import { editableRoles, rolesOf } from './permissions';
import { lacksPaymentMethod, owingBillingSides } from './plan';

/** The accounts whose state the check reads: both billing sides when billing moves. */
export const accountsCheckedAtApply = (request: ContactChangeRecord): Handle[] =>
  request.roles.includes('billing') ? [request.from, request.to] : [];

export function checkPreconditions(
  request: ContactChangeRecord,
  service: Service | undefined,
  accounts: ReadonlyMap<Handle, Account>,
): LifecycleEvent {
  const broken = (code: Why['code'], nics: Handle[] = []): LifecycleEvent => ({
    type: 'preconditions_broken',
    why: { code, nics },
  });
  if (!service || request.roles.some((role) => service.contacts[role] !== request.from)) {
    return broken('contacts_moved');
  }
  const allowed = editableRoles(rolesOf(service.contacts, request.askedBy));
  if (request.roles.some((role) => !allowed.includes(role)))
    return broken('authority_lost', [request.askedBy]);
  const owing = request.roles.includes('billing')
    ? owingBillingSides(request.from, request.to, accounts)
    : [];
  if (owing.length > 0) return broken('unpaid_invoices', owing);
  if (request.roles.includes('billing') && lacksPaymentMethod(request.to, accounts))
    return broken('no_payment_method', [request.to]);
  return { type: 'preconditions_met', service };
}
