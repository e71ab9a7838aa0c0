// What callers see of the stored records: secrets (code hashes, task tokens) never leave the store.
import { actionsOn, type Action, type Viewer } from './actions';
import { DomainError } from './errors';
import { describeRequest } from './messages';
import { editableRoles, rolesOf } from './permissions';
import type {
  ContactChange,
  ContactChangeRecord,
  Handle,
  ReasonCode,
  Role,
  Service,
  Why,
  WhyCode,
} from './model';

/** Display names by handle (API.md `names`); an account that no longer exists has none. */
export type Names = Readonly<Record<Handle, string>>;

/** The API's `reasonCode` for each way a request ends without being applied. */
const REASON_OF: Record<WhyCode, ReasonCode> = {
  refused: 'refused',
  cancelled: 'cancelled',
  not_confirmed_in_time: 'expired',
  contacts_moved: 'contacts_changed',
  authority_lost: 'authority_lost',
  unpaid_invoices: 'unpaid_invoices',
  no_payment_method: 'no_payment_method',
  fault: 'failed',
};

/** Who a reason names as its one actor: who refused, who withdrew, the asker who lost authority. */
const REASON_BY: ReadonlySet<WhyCode> = new Set(['refused', 'cancelled', 'authority_lost']);

/** What every party may read of why a request ended: who owes or lacks a payment method is theirs alone. */
const shownWhy = (why: Why | null): Why | null =>
  why?.code === 'unpaid_invoices' || why?.code === 'no_payment_method' ? { ...why, nics: [] } : why;

/** Every handle a request's view shows, so that one read of accounts can name them all. */
export function handlesShownIn(request: ContactChangeRecord): Handle[] {
  const why = shownWhy(request.why);
  return [
    ...new Set([
      request.askedBy,
      request.from,
      request.to,
      ...request.confirmers.map((c) => c.nic),
      ...request.notified,
      ...(why?.nics ?? []),
    ]),
  ];
}

/** A loop, not entries built and thrown away: it runs for every service of every page of "my services". */
function namesOf(nics: readonly Handle[], names: Names): Record<Handle, string> {
  const shown: Record<Handle, string> = {};
  for (const nic of nics) {
    const name = names[nic];
    if (name !== undefined) shown[nic] = name;
  }
  return shown;
}

export function toContactChange(request: ContactChangeRecord, names: Names): ContactChange {
  const why = shownWhy(request.why);
  return {
    id: request.id,
    serviceId: request.serviceId,
    serviceName: request.serviceName,
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
    why,
    reasonCode: why ? REASON_OF[why.code] : null,
    reasonBy: why && REASON_BY.has(why.code) ? (why.nics[0] ?? null) : null,
    names: namesOf(handlesShownIn(request), names),
    message: describeRequest(request),
    batchId: request.batchId ?? null,
  };
}

/** A request as one caller sees it: with the calls they may make on it now (API.md "actions"). */
export interface CallersContactChange extends ContactChange {
  actions: Action[];
}

export const toCallersContactChange = (
  request: ContactChangeRecord,
  viewer: Viewer,
  names: Names,
): CallersContactChange => ({ ...toContactChange(request, names), actions: actionsOn(request, viewer) });

export interface ServiceView extends Service {
  myRoles: Role[];
  editableRoles: Role[];
  names: Record<Handle, string>;
}

export function toServiceView(service: Service, caller: Handle, names: Names): ServiceView {
  const myRoles = rolesOf(service.contacts, caller);
  const { admin, tech, billing } = service.contacts; // the order people read them in
  return {
    ...service,
    contacts: { admin, tech, billing },
    myRoles,
    editableRoles: editableRoles(myRoles),
    names: namesOf([admin, tech, billing], names),
  };
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
