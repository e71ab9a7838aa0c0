// A "my services" row: `ACCOUNT#<nic>` / `SERVICE#<serviceId>`, one per account holding any role,
// with a snapshot of the service so that a page needs no further reads, and the sparse role-index
// keys (`adminOf` / `techOf` / `billingOf`) of exactly the roles the account holds.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  ROLES,
  SERVICE_TYPES,
  type Handle,
  type Role,
  type Service,
  type ServiceType,
} from '../../../domain/model';
import { ROLE_INDEXES } from '../table';
import { accountPk, servicePk, unreadableItem, type Item, type Key } from './item';

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

const SERVICE_TYPE_NAMES: ReadonlySet<string> = new Set(SERVICE_TYPES);
const isServiceType = (type: string): type is ServiceType => SERVICE_TYPE_NAMES.has(type);

// At module level, not closures made for each row: run under tsx (npm start, the bench), every
// named closure costs a defineProperty of its name (esbuild's keepNames), 40 a page of 20 rows.
function refuse(row: Record<string, AttributeValue>, field: string, expected: string): never {
  throw unreadableItem('membership', row.pk?.S, row.sk?.S, `${field}: expected ${expected}`);
}

const text = (
  row: Record<string, AttributeValue>,
  value: AttributeValue | undefined,
  field: string,
): string => value?.S ?? refuse(row, field, 'a string');

/**
 * A row reads back as the service it is a snapshot of, straight from the attribute values DynamoDB
 * sent. Written by hand rather than read through the DocumentClient (its marshalling middleware, its
 * generic unmarshall) and serviceSchema's parse: on the busiest route, "my services", those cost more
 * CPU a call than all the rest of the use case (docs/performance.md, "Per-call overhead, fourth
 * round"). It takes exactly what serviceSchema takes and refuses what it refuses, with an
 * unreadableItem error naming the row and the field (test/unit/membership-row.test.ts holds the two
 * together).
 */
export function readMembershipRow(row: Record<string, AttributeValue>): Service {
  const type = text(row, row.type, 'type');
  if (!isServiceType(type)) return refuse(row, 'type', `one of ${SERVICE_TYPES.join(', ')}`);
  const contacts = row.contacts?.M ?? refuse(row, 'contacts', 'a map');
  return {
    serviceId: text(row, row.serviceId, 'serviceId'),
    name: text(row, row.name, 'name'),
    type,
    contacts: {
      admin: text(row, contacts.admin, 'contacts.admin'),
      tech: text(row, contacts.tech, 'contacts.tech'),
      billing: text(row, contacts.billing, 'contacts.billing'),
    },
  };
}
