// Planning a contact change: from a body like {"tech": "bb4321-ovh", "billing": "bb4321-ovh"} to the
// requests it makes, or the one refusal that applies. Pure: the caller reads the service and accounts.
import { confirmersOf, editableRoles, rolesOf } from './permissions';
import { DomainError } from './errors';
import { noPaymentMethodInWords, unpaidInWords } from './messages';
import { ROLES, type Account, type Contacts, type Handle, type Role, type Service } from './model';

export type ChangeBody = Partial<Record<Role, Handle>>;

export interface PlannedRequest {
  roles: Role[];
  from: Handle;
  to: Handle;
  confirmers: Handle[];
  notified: Handle[];
}

export interface PlanInput {
  service: Service;
  asker: Handle;
  /** Normalised handles by role; at least one role. */
  changes: ChangeBody;
  /**
   * The asker's account, every account named in `changes` and every current contact of the changed
   * roles that exists. A role's value that is no account's handle (an address nobody verified) is absent.
   */
  accounts: ReadonlyMap<Handle, Account>;
  /**
   * Each role's new contact as the asker wrote it (a handle, or an account's address), when it differs
   * from `changes`: refusals name people as the asker did, never by a handle the asker did not give.
   */
  named?: Partial<Record<Role, string>>;
  /** Addresses (lower-cased) that name more than one account: refused in their own words. */
  sharedAddresses?: ReadonlySet<string>;
}

/**
 * Refusals come in a fixed order, so the same body always gets the same answer:
 * role_not_allowed, unknown_account, zone_mismatch, no_change, unpaid_invoices, no_payment_method.
 * change_pending is
 * the store's, because only the conditional write can see it without a race.
 */
export function planContactChange({
  service,
  asker,
  changes,
  accounts,
  named,
  sharedAddresses,
}: PlanInput): PlannedRequest[] {
  const asked = ROLES.filter((role) => changes[role] !== undefined);
  const asWritten = (role: Role) => named?.[role] ?? changes[role]!;
  if (asked.length === 0) {
    throw new DomainError('validation_failed', 'Name at least one role to change.', [
      { path: 'body', message: 'at least one of admin, tech, billing is required' },
    ]);
  }

  const allowed = editableRoles(rolesOf(service.contacts, asker));
  const forbidden = asked.filter((role) => !allowed.includes(role));
  if (forbidden.length > 0) {
    throw new DomainError('role_not_allowed', `You may not change the ${forbidden.join(' and ')} contact.`, [
      ...forbidden.map((role) => ({ path: role, message: 'you may not change this role' })),
    ]);
  }

  const unknown = asked.filter((role) => !accounts.has(changes[role]!));
  // An address several accounts share (one person's handles) names none of them: say so, not "no account".
  const shared = unknown.filter((role) => sharedAddresses?.has(changes[role]!.toLowerCase()));
  if (shared.length > 0) {
    throw new DomainError(
      'unknown_account',
      `${shared.map(asWritten).join(', ')} is the address of more than one account, so it names none of them: give the handle of the one you mean.`,
      [
        ...shared.map((role) => ({
          path: role,
          message: 'several accounts have this address: give a handle',
        })),
      ],
    );
  }
  if (unknown.length > 0) {
    throw new DomainError(
      'unknown_account',
      `No account has the handle or address ${unknown.map(asWritten).join(', ')}.`,
      [...unknown.map((role) => ({ path: role, message: `no account ${asWritten(role)}` }))],
    );
  }

  // Right after unknown_account: both say the named account cannot be named here, whatever the service's
  // state, so the person fixes the field before hearing about the contacts (no_change) or invoices.
  const zone = accountOf(accounts, asker).zone;
  const foreign = asked.filter((role) => accountOf(accounts, changes[role]!).zone !== zone);
  if (foreign.length > 0) {
    throw new DomainError(
      'zone_mismatch',
      `${foreign.map(asWritten).join(', ')} is in another zone than yours (${zone}); contacts change only within a zone.`,
      [...foreign.map((role) => ({ path: role, message: `not in zone ${zone}` }))],
    );
  }

  const unchanged = asked.filter((role) => changes[role] === service.contacts[role]);
  if (unchanged.length > 0) {
    throw new DomainError(
      'no_change',
      `${asWritten(unchanged[0]!)} already is the ${unchanged.join(' and ')} contact.`,
      [...unchanged.map((role) => ({ path: role, message: 'this is already the contact' }))],
    );
  }

  const owing =
    changes.billing === undefined
      ? []
      : owingBillingSides(service.contacts.billing, changes.billing, accounts);
  if (owing.length > 0) throw new DomainError('unpaid_invoices', unpaidInWords(owing, asker));
  if (changes.billing !== undefined && lacksPaymentMethod(changes.billing, accounts)) {
    throw new DomainError(
      'no_payment_method',
      noPaymentMethodInWords(asWritten('billing'), changes.billing === asker),
      [{ path: 'billing', message: 'no valid payment method on this account' }],
    );
  }

  const after = { ...service.contacts, ...changes } as Contacts;
  return groupByMove(asked, service.contacts, changes).map(({ roles, from, to }) => {
    const confirmers = confirmersOf(asker, to);
    const takenOver = to === asker;
    const losesAllRights = rolesOf(after, from).length === 0;
    const told = !confirmers.includes(from) && (takenOver || losesAllRights);
    return { roles, from, to, confirmers, notified: told ? [from] : [] };
  });
}

function accountOf(accounts: ReadonlyMap<Handle, Account>, nic: Handle): Account {
  const account = accounts.get(nic);
  if (!account) throw new Error(`The account ${nic} was not read before planning`);
  return account;
}

/** The billing sides (old and new) that owe something: a billing change needs none, at request and again at apply. */
export const owingBillingSides = (
  from: Handle,
  to: Handle,
  accounts: ReadonlyMap<Handle, Account>,
): Handle[] => [from, to].filter((nic) => (accounts.get(nic)?.unpaidInvoices ?? 0) > 0);

/** A new billing contact needs a valid payment method, at request and again at apply (OVHcloud's guide). */
export const lacksPaymentMethod = (to: Handle, accounts: ReadonlyMap<Handle, Account>): boolean =>
  accounts.get(to)?.paymentMethod === false;

/** Roles that move between the same two accounts become one request. */
function groupByMove(asked: Role[], contacts: Contacts, changes: ChangeBody) {
  const moves = new Map<string, { roles: Role[]; from: Handle; to: Handle }>();
  for (const role of asked) {
    const from = contacts[role];
    const to = changes[role]!;
    const key = `${from}→${to}`;
    const move = moves.get(key) ?? { roles: [], from, to };
    move.roles.push(role);
    moves.set(key, move);
  }
  return [...moves.values()];
}

/** The accounts a plan needs to read: the asker, the new contacts, and the billing contact when billing changes. */
export function accountsToRead(service: Service, asker: Handle, changes: ChangeBody): Handle[] {
  const nics = new Set(Object.values(changes).filter((nic): nic is Handle => nic !== undefined));
  nics.add(asker);
  if (changes.billing !== undefined) nics.add(service.contacts.billing);
  return [...nics];
}
