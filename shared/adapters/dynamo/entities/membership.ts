// A "my services" row: `ACCOUNT#<nic>` / `SERVICE#<serviceId>`, one per account holding any role,
// with a snapshot of the service so that a page needs no further reads, and the sparse role-index
// keys (`adminOf` / `techOf` / `billingOf`) of exactly the roles the account holds.
import { ROLES, type Handle, type Role, type Service } from '../../../domain/model';
import { ROLE_INDEXES } from '../table';
import { accountPk, parseItem, servicePk, type Item, type Key } from './item';
import { serviceSchema } from './service';

export const membershipKey = (nic: Handle, serviceId: string): Key => ({
  pk: accountPk(nic),
  sk: servicePk(serviceId),
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

/** A row reads back as the service it is a snapshot of. */
export const readMembership = (item: Item): Service => parseItem('membership', serviceSchema, item);
