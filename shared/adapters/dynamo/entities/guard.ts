// A guard: `SERVICE#<serviceId>` / `OPEN#<role>`, the one open request for that service and role.
// Created with the request (`attribute_not_exists`), deleted when it ends.
import type { Role } from '../../../domain/model';
import { servicePk, type Item, type Key } from './item';

export const guardKey = (serviceId: string, role: Role): Key => ({
  pk: servicePk(serviceId),
  sk: `OPEN#${role}`,
});

export const guardItem = (serviceId: string, role: Role, requestId: string): Item => ({
  ...guardKey(serviceId, role),
  entity: 'guard',
  requestId,
});
