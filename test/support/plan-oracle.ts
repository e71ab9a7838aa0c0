// DESIGN.md's rules for asking, restated independently of shared/domain: what a body asked of one
// service, or of a batch of services, must come to. The unit properties hold planContactChange and
// planBatch against it (test/unit/permission-matrix.test.ts, test/unit/plan-batch.test.ts), so that a
// rule dropped or reordered in the code disagrees with a second, plain reading of the design.
// Only types and the role list come from the domain: no rule does.
import type { ErrorCode } from '../../shared/domain/errors';
import { ROLES, type Account, type Contacts, type Role } from '../../shared/domain/model';
import type { PlannedRequest } from '../../shared/domain/plan';

export type Changes = Partial<Record<Role, string>>;

/**
 * The refusal that applies first in the documented order (role_not_allowed, unknown_account,
 * zone_mismatch, no_change, unpaid_invoices, no_payment_method), else the requests, one per pair of
 * old and new contact, in the order of their first role.
 */
export function oraclePlan(
  accounts: ReadonlyMap<string, Account>,
  asker: string,
  contacts: Contacts,
  changes: Changes,
): ErrorCode | PlannedRequest[] {
  const asked = ROLES.filter((r) => changes[r] !== undefined);
  const mine = ROLES.filter((r) => contacts[r] === asker);
  // Admin may change every role; tech and billing only their own, in their own place.
  const mayAsk = (r: Role) => mine.includes('admin') || mine.includes(r);
  if (!asked.every(mayAsk)) return 'role_not_allowed';
  if (!asked.every((r) => accounts.has(changes[r]!))) return 'unknown_account';
  const zone = accounts.get(asker)!.zone;
  if (!asked.every((r) => accounts.get(changes[r]!)!.zone === zone)) return 'zone_mismatch';
  if (asked.some((r) => changes[r] === contacts[r])) return 'no_change';
  const owes = (nic: string) => (accounts.get(nic)?.unpaidInvoices ?? 0) > 0;
  if (changes.billing !== undefined && (owes(contacts.billing) || owes(changes.billing)))
    return 'unpaid_invoices';
  // Only the new billing contact needs a payment method: the old one is leaving the role.
  if (changes.billing !== undefined && !accounts.get(changes.billing)!.paymentMethod)
    return 'no_payment_method';
  const after = { ...contacts, ...changes };
  const plans: PlannedRequest[] = [];
  for (const r of asked) {
    const [from, to] = [contacts[r], changes[r]!];
    const same = plans.find((p) => p.from === from && p.to === to);
    if (same) {
      same.roles.push(r);
      continue;
    }
    // The asker and the new contact confirm, once if they are the same account.
    const confirmers = to === asker ? [asker] : [asker, to];
    // The old contact, when not a confirmer, is told: always on a takeover, else if they lose all rights.
    const keepsARole = ROLES.some((x) => after[x] === from);
    const told = !confirmers.includes(from) && (to === asker || !keepsARole);
    plans.push({ roles: [r], from, to, confirmers, notified: told ? [from] : [] });
  }
  return plans;
}

export type OracleBatch =
  | { refused: 'validation_failed' }
  | { refused: 'batch_refused'; services: { path: string; code: ErrorCode }[] }
  | { planned: { serviceId: string; requests: PlannedRequest[] }[] };

/**
 * DESIGN.md "Many services at once": 1 to 100 distinct services and at least one role, else a
 * validation failure; then all or nothing: every service the asker holds no role on (or that does not
 * exist) is not_found, every other one gets what it would get asked alone; any refusal refuses the
 * batch, naming each refused service in list order.
 */
export function oracleBatch(
  accounts: ReadonlyMap<string, Account>,
  asker: string,
  serviceIds: readonly string[],
  services: ReadonlyMap<string, Contacts>,
  changes: Changes,
): OracleBatch {
  const distinct = new Set(serviceIds).size === serviceIds.length;
  const anyRole = ROLES.some((r) => changes[r] !== undefined);
  if (serviceIds.length < 1 || serviceIds.length > 100 || !distinct || !anyRole)
    return { refused: 'validation_failed' };
  const outcomes = serviceIds.map((serviceId) => {
    const contacts = services.get(serviceId);
    if (!contacts || !ROLES.some((r) => contacts[r] === asker))
      return { serviceId, got: 'not_found' as const };
    return { serviceId, got: oraclePlan(accounts, asker, contacts, changes) };
  });
  const refused = outcomes.flatMap(({ got }, i) =>
    typeof got === 'string' ? [{ path: `services[${i}]`, code: got }] : [],
  );
  if (refused.length > 0) return { refused: 'batch_refused', services: refused };
  return {
    planned: outcomes.map(({ serviceId, got }) => ({ serviceId, requests: got as PlannedRequest[] })),
  };
}
