// What callers see of the stored records: secrets (code hashes, task tokens) never leave the store.
import { actionsOn, type Action, type Viewer } from './actions';
import { DomainError } from './errors';
import { describeRequest } from './messages';
import { editableRoles, rolesOf } from './permissions';
import type { ContactChange, ContactChangeRecord, Handle, Role, Service } from './model';

export function toContactChange(request: ContactChangeRecord): ContactChange {
  return {
    id: request.id,
    serviceId: request.serviceId,
    roles: request.roles,
    from: request.from,
    to: request.to,
    askedBy: request.askedBy,
    state: request.state,
    confirmations: request.confirmers.map(({ nic, status, at, bouncedAt }) => ({
      nic,
      status,
      ...(at && { at }),
      // Only while it matters: a confirmer who answered got a code after all.
      ...(bouncedAt && status === 'pending' && { emailBounced: true as const }),
    })),
    notified: request.notified,
    createdAt: request.createdAt,
    expiresAt: request.expiresAt,
    completedAt: request.completedAt,
    reason: request.reason,
    // Every party reads this: who owes is kept from them (emails tell that account itself).
    why: request.why?.code === 'unpaid_invoices' ? { ...request.why, nics: [] } : request.why,
    message: describeRequest(request),
  };
}

/** A request as one caller sees it: with the calls they may make on it now (API.md "actions"). */
export interface CallersContactChange extends ContactChange {
  actions: Action[];
}

export const toCallersContactChange = (
  request: ContactChangeRecord,
  viewer: Viewer,
): CallersContactChange => ({ ...toContactChange(request), actions: actionsOn(request, viewer) });

export interface ServiceView extends Service {
  myRoles: Role[];
  editableRoles: Role[];
}

export function toServiceView(service: Service, caller: Handle): ServiceView {
  const myRoles = rolesOf(service.contacts, caller);
  const { admin, tech, billing } = service.contacts; // the order people read them in
  return { ...service, contacts: { admin, tech, billing }, myRoles, editableRoles: editableRoles(myRoles) };
}

/** Everyone a request concerns: asker, confirmers and those told. Others get 404, never 403. */
export const partiesOf = (request: ContactChangeRecord): Handle[] => [
  ...new Set([request.askedBy, ...request.confirmers.map((c) => c.nic), ...request.notified]),
];

/**
 * A request the caller may see: one they are part of, or one of a service they are now admin of
 * (DESIGN.md). Anyone else is told it does not exist, never given a hint that it does.
 */
export const maySee = (request: ContactChangeRecord, caller: Handle, adminOfService: boolean): boolean =>
  adminOfService || partiesOf(request).includes(caller);

/** Whether being an admin of the service could make the request visible: only then is it worth a read. */
export const seeingNeedsAdmin = (request: ContactChangeRecord, caller: Handle): boolean =>
  !maySee(request, caller, false);

export const notFound = () => new DomainError('not_found', 'No such contact change among yours.');

/** Everyone an email or page about a request may name: its parties, both contacts, and who ended it. */
export const namedBy = (request: ContactChangeRecord): Handle[] => [
  ...new Set([...partiesOf(request), request.from, request.to, ...(request.why?.nics ?? [])]),
];
