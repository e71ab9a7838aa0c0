// A batch: one change (the same roles, the same new contacts) asked for many services at once
// (DESIGN.md, "Many services at once"). Each service is planned by the same rules as a request asked
// alone (plan.ts); the batch is all or nothing, and a refusal names every refused service with the
// code a request for it alone would get.
import { ACTIONS, type Action } from './actions';
import { DomainError, isDomainError, type FieldProblem } from './errors';
import { isFinal } from './model';
import { ROLES, type Handle, type Service } from './model';
import { rolesOf } from './permissions';
import type { CallersContactChange } from './view';
import {
  accountsToRead,
  planContactChange,
  type ChangeBody,
  type PlanInput,
  type PlannedRequest,
} from './plan';

export const MAX_BATCH_SERVICES = 100;

/** A batch as the store keeps it; its requests are ordinary requests carrying its id. */
export interface BatchRecord {
  id: string;
  askedBy: Handle;
  /** The roles asked and their new contacts (handles), the same for every service. */
  change: ChangeBody;
  /** In the order asked. */
  services: string[];
  /** Every request of the batch, service by service (a service may make more than one). */
  requestIds: string[];
  createdAt: string;
  expiresAt: string;
}

/**
 * The emails a batch sends once per person, each marked on the batch item when it goes out: `reminded`,
 * the one reminder before the end (by handle); `bounced`, the asker told that a person's code email
 * bounced (by `<handle>#<when that code was issued>`, so that a resent code that bounces again is told
 * again). The outcome email has marks of its own (ContactStore.claimOutcome), kept until it is sent.
 */
export type BatchNotice = 'reminded' | 'bounced';

/**
 * How far a batch's requests have got, as its item keeps it: whom each request concerns (written with
 * the batch) and which have ended (each ending adds itself), so that an ending learns in one write whose
 * requests have all ended, without reading the batch's requests.
 */
export interface BatchProgress {
  /** Each person concerned (shared/domain/batch-notices.ts, concernedBy): their requests, in order. */
  concerns: Record<Handle, string[]>;
  ended: ReadonlySet<string>;
}

/**
 * No call runs longer than this: AWS Lambda's longest timeout. An outcome email claimed this long ago
 * and still not known sent is no longer being sent by anyone, and the sweep sends it again; a batch left
 * unpublished this long is no longer being created, and the sweep removes it and frees its guards.
 */
export const LONGEST_CALL_MS = 15 * 60 * 1000;

/** When a batch still unpublished has been left so by a crash: no call can still be creating it. */
export const abandonedAt = (batch: Pick<BatchRecord, 'createdAt'>): string =>
  new Date(Date.parse(batch.createdAt) + LONGEST_CALL_MS).toISOString();

/** What the sweep has to do with a batch: send owed outcome emails again, or remove an abandoned one. */
export interface BatchDue {
  batchId: string;
  kind: 'owing' | 'unpublished';
}

/** A batch as the store holds it: published once every request of it is stored, and only then seen. */
export interface StoredBatch extends BatchRecord {
  published: boolean;
}

export interface BatchPlanInput extends Omit<PlanInput, 'service'> {
  /** As asked: 1 to MAX_BATCH_SERVICES, distinct. */
  serviceIds: readonly string[];
  /** The services found; one missing, or where the asker holds no role, is refused as not_found. */
  services: ReadonlyMap<string, Service>;
}

export interface PlannedService {
  service: Service;
  requests: PlannedRequest[];
}

export function planBatch({ serviceIds, services, ...input }: BatchPlanInput): PlannedService[] {
  checkShape(serviceIds, input.changes);
  const refused: FieldProblem[] = [];
  const planned: PlannedService[] = [];
  serviceIds.forEach((serviceId, i) => {
    const path = `services[${i}]`;
    const service = services.get(serviceId);
    // As for one request: a service that is not the asker's is not found, never forbidden.
    if (!service || rolesOf(service.contacts, input.asker).length === 0) {
      refused.push({ path, code: 'not_found', message: `${serviceId}: no such service among yours.` });
      return;
    }
    try {
      planned.push({ service, requests: planContactChange({ ...input, service }) });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      refused.push({ path, code: error.code, message: `${serviceId}: ${error.message}` });
    }
  });
  if (refused.length > 0) {
    throw new DomainError(
      'batch_refused',
      `${refused.length} of the ${serviceIds.length} services would be refused, so nothing was asked: ` +
        `${refused.map((problem) => problem.message).join(' ')}`,
      refused,
    );
  }
  return planned;
}

function checkShape(serviceIds: readonly string[], changes: ChangeBody): void {
  if (serviceIds.length === 0 || serviceIds.length > MAX_BATCH_SERVICES) {
    throw new DomainError('validation_failed', `Name 1 to ${MAX_BATCH_SERVICES} services.`, [
      { path: 'services', message: `1 to ${MAX_BATCH_SERVICES} services` },
    ]);
  }
  const repeated = serviceIds.flatMap((id, i) => (serviceIds.indexOf(id) < i ? [i] : []));
  if (repeated.length > 0) {
    throw new DomainError(
      'validation_failed',
      'Name each service once.',
      repeated.map((i) => ({ path: `services[${i}]`, message: 'already named earlier in the list' })),
    );
  }
  if (!ROLES.some((role) => changes[role] !== undefined)) {
    throw new DomainError('validation_failed', 'Name at least one role to change.', [
      { path: 'body', message: 'at least one of admin, tech, billing is required' },
    ]);
  }
}

/**
 * The accounts a batch plan reads, in one read: what each service's plan needs, and the current
 * contacts of the changed roles, whom the code emails name.
 */
export function batchAccountsToRead(
  services: Iterable<Service>,
  asker: Handle,
  changes: ChangeBody,
): Handle[] {
  const nics = new Set<Handle>();
  for (const service of services) {
    for (const nic of accountsToRead(service, asker, changes)) nics.add(nic);
    for (const role of ROLES) if (changes[role] !== undefined) nics.add(service.contacts[role]);
  }
  return [...nics];
}

/** A batch as the API shows it (API.md "Batch"): open while any of its requests has not ended. */
export interface BatchView {
  id: string;
  askedBy: Handle;
  change: ChangeBody;
  services: string[];
  requests: CallersContactChange[];
  state: 'open' | 'settled';
  createdAt: string;
  expiresAt: string;
  /** The batch calls the caller may make now (API.md: `actions` of a Batch). */
  actions: Action[];
}

/**
 * A batch call does for the caller what the same call does on each of its requests where the caller
 * may make it (answer those awaiting them, cancel those they may cancel, resend where codes are
 * pending), so it is offered exactly when at least one request offers it.
 */
export const batchActions = (requests: Pick<CallersContactChange, 'actions'>[]): Action[] =>
  ACTIONS.filter((action) => requests.some((request) => request.actions.includes(action)));

export const toBatchView = (batch: BatchRecord, requests: CallersContactChange[]): BatchView => ({
  id: batch.id,
  askedBy: batch.askedBy,
  change: batch.change,
  services: batch.services,
  requests,
  state: requests.every((request) => isFinal(request.state)) ? 'settled' : 'open',
  createdAt: batch.createdAt,
  expiresAt: batch.expiresAt,
  actions: batchActions(requests),
});
