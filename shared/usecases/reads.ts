// Reads that several use cases make the same way: the caller's account, and requests as the caller
// sees them, each with the calls they may make on it now (`actions`).
import { adminMatters } from '../domain/actions';
import { DomainError } from '../domain/errors';
import type { Account, ContactChangeRecord, Handle } from '../domain/model';
import { rolesOf } from '../domain/permissions';
import {
  handlesShownIn,
  toCallersContactChange,
  type CallersContactChange,
  type Names,
} from '../domain/view';
import { isoNow, type Deps } from './deps';

export async function getMe(deps: Deps, caller: Handle): Promise<Account> {
  const account = await deps.store.getAccount(caller);
  if (!account) throw new DomainError('not_found', 'Your account was not found.');
  return account;
}

/**
 * The display names of `nics` (API.md `names`) in one read of every account not already in `known`
 * (a BatchGetItem per 100 handles), never a read per handle.
 */
export async function namesOf(
  deps: Deps,
  nics: Iterable<Handle>,
  known: ReadonlyMap<Handle, Account> = new Map(),
): Promise<Names> {
  const wanted = [...new Set(nics)];
  const missing = wanted.filter((nic) => !known.has(nic));
  const read = missing.length > 0 ? await deps.store.getAccounts(missing) : new Map<Handle, Account>();
  return Object.fromEntries(
    wanted.flatMap((nic) => {
      const account = known.get(nic) ?? read.get(nic);
      return account ? [[nic, account.name]] : [];
    }),
  );
}

/**
 * `adminOfService` when the caller already knows it (they read the service); otherwise a service is
 * read only for an open request someone else asked, where its admin may cancel. `known`: accounts the
 * caller already read, so that naming the people costs no second read.
 */
export async function seenBy(
  deps: Deps,
  caller: Handle,
  requests: ContactChangeRecord[],
  adminOfService?: boolean,
  known?: ReadonlyMap<Handle, Account>,
): Promise<CallersContactChange[]> {
  const toRead = [...new Set(requests.filter((r) => adminMatters(r, caller)).map((r) => r.serviceId))];
  const administered = new Set<string>();
  const [named] = await Promise.all([
    namesOf(deps, requests.flatMap(handlesShownIn), known),
    ...(adminOfService === undefined ? toRead : []).map(async (serviceId) => {
      const service = await deps.store.getService(serviceId);
      if (service && rolesOf(service.contacts, caller).includes('admin')) administered.add(serviceId);
    }),
  ]);
  const now = isoNow(deps);
  return requests.map((request) =>
    toCallersContactChange(
      request,
      { caller, adminOfService: adminOfService ?? administered.has(request.serviceId), now },
      named,
    ),
  );
}

export const oneSeenBy = async (
  deps: Deps,
  caller: Handle,
  request: ContactChangeRecord,
): Promise<CallersContactChange> => (await seenBy(deps, caller, [request]))[0]!;
