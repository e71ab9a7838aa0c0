// Test data for the store's integration tests: unique handles and service ids per test, seeded
// through the real fixtures loader, and change requests in any state.
import { randomInt, randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadFixtures, parseFixtures } from '../../shared/adapters/fixtures';
import type {
  ChangeState,
  ConfirmerRecord,
  ContactChangeRecord,
  Contacts,
  Handle,
  Role,
  Service,
} from '../../shared/domain/model';
import type { Quota } from '../../shared/domain/rate-limits';

export const uniqueNic = (letters = 'tt'): Handle => `${letters}${randomInt(1e8, 1e9)}-ovh`;

const DAY = 24 * 3600 * 1000;
export const isoIn = (ms: number, from = Date.now()) => new Date(from + ms).toISOString();

/** Writes the accounts and one service with these contacts; `others` are accounts holding no role. */
export async function seedService(
  db: { doc: DynamoDBDocumentClient; tableName: string },
  contacts: Contacts,
  others: Handle[] = [],
  serviceId = `svc-${randomUUID().slice(0, 8)}.fi`,
): Promise<Service> {
  const nics = [...new Set([...Object.values(contacts), ...others])];
  const service: Service = { serviceId, name: serviceId, type: 'domain', contacts };
  const fixtures = parseFixtures({
    accounts: nics.map((nic) => ({ nic, email: `${nic}@example.com`, name: nic, language: 'en' })),
    services: [service],
  });
  await loadFixtures(db.doc, db.tableName, fixtures);
  return service;
}

interface ChangeOptions {
  roles: Role[];
  to: Handle;
  askedBy?: Handle;
  state?: ChangeState;
  /** Status of every confirmer; default pending (accepted when the state is applying). */
  status?: ConfirmerRecord['status'];
  createdAt?: string;
  expiresAt?: string;
}

/** A request on `service` moving `roles` from their current holder to `to`, asked by the admin. */
export function changeRecord(service: Service, options: ChangeOptions): ContactChangeRecord {
  const firstRole = options.roles[0] ?? 'admin';
  const from = service.contacts[firstRole];
  const askedBy = options.askedBy ?? service.contacts.admin;
  const state = options.state ?? 'awaiting_confirmation';
  const status = options.status ?? (state === 'applying' ? 'accepted' : 'pending');
  const createdAt = options.createdAt ?? new Date().toISOString();
  const confirmers = [...new Set([askedBy, options.to])].map((nic): ConfirmerRecord => ({
    nic,
    status,
    attempts: 0,
    ...(status === 'pending' && {
      codeHash: `hash-of-${nic}`,
      codeIssuedAt: createdAt,
    }),
    ...(status !== 'pending' && { at: createdAt }),
  }));
  return {
    id: randomUUID(),
    serviceId: service.serviceId,
    serviceName: service.name,
    roles: options.roles,
    from,
    to: options.to,
    askedBy,
    state,
    confirmers,
    notified: confirmers.some((c) => c.nic === from) ? [] : [from],
    createdAt,
    expiresAt: options.expiresAt ?? isoIn(14 * DAY, Date.parse(createdAt)),
    completedAt: null,
    reason: null,
    why: null,
  };
}

/** A quota no store test runs out of: each test's own counter, far from its limit. */
export const roomyQuota = (): Quota => ({
  limit: { key: `test#${randomUUID()}`, limit: 1000, windowSeconds: 3600, what: 'test requests' },
  uses: 1,
  at: new Date(),
});
