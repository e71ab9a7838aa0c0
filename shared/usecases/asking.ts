// What asking for a change shares, alone or in a batch: naming new contacts by address, counting the
// refusals that name someone by address, and starting a new request's workflow.
import { isDomainError } from '../domain/errors';
import { ROLES, type ContactChangeRecord, type Handle, type Role } from '../domain/model';
import type { ChangeBody } from '../domain/plan';
import { addressRefusalLimit } from '../domain/rate-limits';
import { within, type Deps } from './deps';
import { settle } from './settle';

/** Each role's new contact as the asker named them: a handle, or the address of an account. */
export type NamedContacts = Partial<Record<Role, string>>;

/**
 * A refusal of a body that names someone by address counts toward the asker's limit on such refusals
 * (issue 22): each one says something of an address's account while sending nothing, so past the limit
 * the answer is too_many_requests instead, and says nothing of the address.
 */
export async function countingAddressRefusals<T>(
  deps: Deps,
  asker: Handle,
  named: NamedContacts,
  plan: () => T,
): Promise<T> {
  try {
    return plan();
  } catch (error) {
    if (isDomainError(error) && Object.values(named).some((name) => name?.includes('@'))) {
      await within(deps, addressRefusalLimit(deps.settings.limits, asker));
    }
    throw error;
  }
}

/**
 * Addresses become the handle of the one account whose current, verified address it is. One that
 * names no account, or several (one person's handles may share it), stays as typed: the planner then
 * refuses it as unknown_account in its turn, after role_not_allowed, like an unknown handle, and in
 * words of its own when several accounts share it.
 */
export async function handlesOf(deps: Deps, named: NamedContacts) {
  // Each address is looked up once (and stays as first typed), all of them at once: none waits for another.
  const typed = new Map<string, string>();
  for (const name of ROLES.map((role) => named[role])) {
    if (name?.includes('@') && !typed.has(name.toLowerCase())) typed.set(name.toLowerCase(), name);
  }
  const found = new Map(
    await Promise.all(
      [...typed].map(async ([address, name]) => {
        const accounts = await deps.store.accountsWithEmail(address);
        return [
          address,
          { handle: accounts.length === 1 ? accounts[0]!.nic : name, shared: accounts.length > 1 },
        ] as const;
      }),
    ),
  );
  const sharedAddresses = new Set([...found].filter(([, { shared }]) => shared).map(([address]) => address));
  const changes: ChangeBody = {};
  for (const role of ROLES) {
    const name = named[role];
    if (name === undefined) continue;
    changes[role] = name.includes('@') ? found.get(name.toLowerCase())!.handle : name;
  }
  return { changes, sharedAddresses };
}

/**
 * A request whose workflow cannot start would wait for codes nobody sends: end it as failed at
 * once (freeing its guard) rather than leave it open until it expires.
 */
export async function startConfirmations(deps: Deps, record: ContactChangeRecord): Promise<void> {
  try {
    await deps.workflow.started(record, record.createdAt);
  } catch (error) {
    const reason = 'The confirmations could not be started; please try again.';
    await settle(deps, record.id, { type: 'step_failed', reason }, record);
    throw error;
  }
}
