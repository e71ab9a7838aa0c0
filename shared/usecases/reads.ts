// Reads that several use cases make the same way: the caller's account, and requests as the caller
// sees them, each with the calls they may make on it now (`actions`).
import { adminMatters } from '../domain/actions';
import { DomainError } from '../domain/errors';
import type { Account, ContactChangeRecord, Handle } from '../domain/model';
import { rolesOf } from '../domain/permissions';
import { toCallersContactChange, type CallersContactChange } from '../domain/view';
import { isoNow, type Deps } from './deps';

export async function getMe(deps: Deps, caller: Handle): Promise<Account> {
  const account = await deps.store.getAccount(caller);
  if (!account) throw new DomainError('not_found', 'Your account was not found.');
  return account;
}

/**
 * `adminOfService` when the caller already knows it (they read the service); otherwise a service is
 * read only for an open request someone else asked, where its admin may cancel: most views cost nothing.
 */
export async function seenBy(
  deps: Deps,
  caller: Handle,
  requests: ContactChangeRecord[],
  adminOfService?: boolean,
): Promise<CallersContactChange[]> {
  const toRead = [...new Set(requests.filter((r) => adminMatters(r, caller)).map((r) => r.serviceId))];
  const administered = new Set<string>();
  if (adminOfService === undefined) {
    await Promise.all(
      toRead.map(async (serviceId) => {
        const service = await deps.store.getService(serviceId);
        if (service && rolesOf(service.contacts, caller).includes('admin')) administered.add(serviceId);
      }),
    );
  }
  const now = isoNow(deps);
  return requests.map((request) =>
    toCallersContactChange(request, {
      caller,
      adminOfService: adminOfService ?? administered.has(request.serviceId),
      now,
    }),
  );
}

export const oneSeenBy = async (
  deps: Deps,
  caller: Handle,
  request: ContactChangeRecord,
): Promise<CallersContactChange> => (await seenBy(deps, caller, [request]))[0]!;
