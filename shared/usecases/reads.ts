// Reads that several use cases make the same way: the caller's account, a request only if the caller
// may see it, and requests as the caller sees them, each with the calls they may make on it now
// (`actions`).
import { adminMatters } from '../domain/actions';
import { DomainError } from '../domain/errors';
import type { Account, ContactChangeRecord, Handle, Service } from '../domain/model';
import { rolesOf } from '../domain/permissions';
import {
  handlesShownIn,
  maySee,
  notFound,
  seeingNeedsAdmin,
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

/** Whether the caller is now the admin of the service: the one rule that needs a read of it. */
export const isAdminOf = async (deps: Deps, serviceId: string, caller: Handle): Promise<boolean> =>
  (await deps.store.getService(serviceId))?.contacts.admin === caller;

/**
 * Throws not_found unless the caller may see the request (actions.ts, `maySee`); the service is read
 * only when the caller is no party to it. Returns whether they are the service's admin, when read.
 */
export async function assertVisible(
  deps: Deps,
  request: ContactChangeRecord,
  caller: Handle,
): Promise<{ adminOfService?: boolean }> {
  if (!seeingNeedsAdmin(request, caller)) return {};
  const adminOfService = await isAdminOf(deps, request.serviceId, caller);
  if (!maySee(request, caller, adminOfService)) throw notFound();
  return { adminOfService };
}

/** The request, if the caller may see it; not_found otherwise, never a hint that it exists. */
export async function readVisibleRequest(
  deps: Deps,
  id: string,
  caller: Handle,
): Promise<{ request: ContactChangeRecord; adminOfService?: boolean }> {
  const request = await deps.store.getRequest(id);
  if (!request) throw notFound();
  return { request, ...(await assertVisible(deps, request, caller)) };
}

/**
 * The display names of `nics` (API.md `names`): those of `known` accounts, the rest from the store's
 * names (a short-lived cache, else one BatchGetItem per 100 handles), never a read per handle.
 */
export async function namesOf(
  deps: Deps,
  nics: Iterable<Handle>,
  known: ReadonlyMap<Handle, Account> = new Map(),
): Promise<Names> {
  const wanted = new Set(nics);
  const missing: Handle[] = [];
  for (const nic of wanted) if (!known.has(nic)) missing.push(nic);
  const read = missing.length > 0 ? await deps.store.getNames(missing) : new Map<Handle, string>();
  const names: Record<Handle, string> = {};
  for (const nic of wanted) {
    const name = known.get(nic)?.name ?? read.get(nic);
    if (name !== undefined) names[nic] = name;
  }
  return names;
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
  const toRead =
    adminOfService === undefined
      ? [...new Set(requests.filter((r) => adminMatters(r, caller)).map((r) => r.serviceId))]
      : [];
  const [named, services] = await Promise.all([
    namesOf(deps, requests.flatMap(handlesShownIn), known),
    toRead.length === 0 ? new Map<string, Service>() : deps.store.getServices(toRead),
  ]);
  const administered = new Set(
    [...services.values()]
      .filter((service) => rolesOf(service.contacts, caller).includes('admin'))
      .map((service) => service.serviceId),
  );
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
  adminOfService?: boolean,
): Promise<CallersContactChange> => (await seenBy(deps, caller, [request], adminOfService))[0]!;
