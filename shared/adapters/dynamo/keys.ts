// Item keys and item shapes of the single table (docs/data-model.md). Every item carries `entity`
// so that a raw table dump reads; `type` is taken by the service type.
import type { Account, ChangeState, ContactChangeRecord, Handle, Role, Service } from '../../domain/model';
import { ROLES } from '../../domain/model';
import { PARTY_STATE_INDEX, ROLE_INDEXES } from './table';

export type Key = { pk: string; sk: string };
export type Item = Record<string, unknown>;

export const accountPk = (nic: Handle) => `ACCOUNT#${nic}`;
export const servicePk = (serviceId: string) => `SERVICE#${serviceId}`;
export const requestPk = (id: string) => `REQUEST#${id}`;

export const PROFILE = 'PROFILE';
export const OPEN_PARTITION = 'OPEN';

export const accountKey = (nic: Handle): Key => ({ pk: accountPk(nic), sk: PROFILE });
export const serviceKey = (serviceId: string): Key => ({ pk: servicePk(serviceId), sk: PROFILE });
export const requestKey = (id: string): Key => ({ pk: requestPk(id), sk: 'REQUEST' });
export const guardKey = (serviceId: string, role: Role): Key => ({
  pk: servicePk(serviceId),
  sk: `OPEN#${role}`,
});
export const membershipKey = (nic: Handle, serviceId: string): Key => ({
  pk: accountPk(nic),
  sk: servicePk(serviceId),
});
export const pointerKey = (nic: Handle, request: Pick<ContactChangeRecord, 'createdAt' | 'id'>): Key => ({
  pk: accountPk(nic),
  sk: `CHANGE#${request.createdAt}#${request.id}`,
});
export const historyKey = (request: Pick<ContactChangeRecord, 'serviceId' | 'completedAt' | 'id'>): Key => ({
  pk: servicePk(request.serviceId),
  sk: `HISTORY#${request.completedAt}#${request.id}`,
});

export const partyState = (nic: Handle, state: ChangeState) => `${accountPk(nic)}#${state}`;
export const openSortKey = (request: Pick<ContactChangeRecord, 'expiresAt' | 'id'>) =>
  `${request.expiresAt}#${request.id}`;

export const accountItem = (account: Account): Item => ({
  ...accountKey(account.nic),
  entity: 'account',
  ...account,
});

export const toAccount = (item: Item): Account => ({
  nic: item.nic as string,
  email: item.email as string,
  name: item.name as string,
  language: item.language as Account['language'],
  unpaidInvoices: item.unpaidInvoices as number,
});

export const serviceItem = (service: Service, version: number): Item => ({
  ...serviceKey(service.serviceId),
  entity: 'service',
  ...service,
  version,
});

export const toService = (item: Item): Service => ({
  serviceId: item.serviceId as string,
  name: item.name as string,
  type: item.type as Service['type'],
  contacts: item.contacts as Service['contacts'],
});

/** The accounts holding any role on the service, each with its roles in ROLES order. */
export function rolesByAccount(service: Service): Map<Handle, Role[]> {
  const members = new Map<Handle, Role[]>();
  for (const role of ROLES) {
    const nic = service.contacts[role];
    members.set(nic, [...(members.get(nic) ?? []), role]);
  }
  return members;
}

/**
 * One membership item per account holding a role: the account's "my services" row, with a snapshot of
 * the service so a page needs no further reads, and the sparse role-index keys of the roles it holds.
 */
export function membershipItems(service: Service): Item[] {
  return [...rolesByAccount(service)].map(([nic, roles]) => {
    const item: Item = {
      ...membershipKey(nic, service.serviceId),
      entity: 'membership',
      nic,
      roles,
      ...service,
    };
    for (const role of roles) item[ROLE_INDEXES[role].partitionKey] = accountPk(nic);
    return item;
  });
}

/** Everyone a request concerns: the asker, the confirmers and the notified, each once. */
export const partiesOf = (request: ContactChangeRecord): Handle[] => [
  ...new Set([request.askedBy, ...request.confirmers.map((c) => c.nic), ...request.notified]),
];

export const pointerItem = (nic: Handle, request: ContactChangeRecord): Item => ({
  ...pointerKey(nic, request),
  entity: 'pointer',
  requestId: request.id,
  state: request.state,
  [PARTY_STATE_INDEX.partitionKey]: partyState(nic, request.state),
});

export const guardItem = (serviceId: string, role: Role, requestId: string): Item => ({
  ...guardKey(serviceId, role),
  entity: 'guard',
  requestId,
});
