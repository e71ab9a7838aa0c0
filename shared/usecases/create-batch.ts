// Asking for one change on many services at once (API.md, "Batches"): plan every service with the
// rules of one request, all or nothing; store the batch and its requests with bounded writes, seen by
// nobody until all are stored; email each person asked one code for all of their requests; and start
// each request's own workflow.
import { createHash } from 'node:crypto';
import {
  batchAccountsToRead,
  planBatch,
  toBatchView,
  type BatchRecord,
  type BatchView,
  type StoredBatch,
} from '../domain/batch';
import { codeUnsent } from '../domain/confirmers';
import { DomainError } from '../domain/errors';
import { describeRegistered } from '../domain/messages';
import type { ContactChangeRecord, Handle } from '../domain/model';
import { issueCodes, newRequest } from '../domain/new-request';
import { StaleWriteError } from '../domain/ports';
import { requestLimit } from '../domain/rate-limits';
import { countingAddressRefusals, handlesOf, startConfirmations, type NamedContacts } from './asking';
import { inGroups, readAhead, type Deps } from './deps';
import { sendBatchCodes } from './notify';
import { seenBy } from './reads';

export interface BatchBody extends NamedContacts {
  services: string[];
}

export interface CreatedBatch {
  batch: BatchView;
  message: string;
}

/** A UUID named by `parts` (RFC 9562 version 8): the same parts, the same id. */
function uuidOf(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * With an Idempotency-Key, the batch's id follows from the caller, the key and the body, so that a
 * retry after a crash finds the batch the first call left unpublished and finishes it.
 */
export const batchIdFor = (deps: Deps, caller: Handle, key: string | undefined, body: BatchBody): string =>
  key === undefined ? deps.newId() : uuidOf('batch', caller, key, JSON.stringify(body));

export async function requestBatchChange(
  deps: Deps,
  asker: Handle,
  body: BatchBody,
  batchId: string = deps.newId(),
): Promise<CreatedBatch> {
  const { services: serviceIds, ...named } = body;
  const now = deps.now();
  const limit = requestLimit(deps.settings.limits, asker);
  // The services, the accounts of the addresses named, an earlier attempt's batch and the asker's quota
  // are read at once, one round trip where there were up to four; each is awaited where it was read before,
  // so the errors come in the same order.
  const servicesRead = deps.store.getServices(serviceIds);
  const handlesRead = readAhead(handlesOf(deps, named));
  const earlierRead = readAhead(deps.store.getBatch(batchId));
  const bucketsRead = readAhead(deps.store.readQuota(limit, now));
  const services = await servicesRead;
  const { changes, sharedAddresses } = await handlesRead;
  const accounts = await deps.store.getAccounts(batchAccountsToRead(services.values(), asker, changes));
  const planned = await countingAddressRefusals(deps, asker, named, () =>
    planBatch({ serviceIds, services, asker, changes, accounts, named, sharedAddresses }),
  );

  const earlier = await earlierRead;
  if (earlier?.published) {
    // Published by a call that crashed before it could answer: answer as it would have.
    const view = await viewOf(deps, asker, earlier);
    const asked = view.requests.flatMap((r) => r.confirmations.map((c) => c.nic));
    return { batch: view, message: describeRegistered([...new Set(asked)]) };
  }
  // A retry resumes the unpublished batch with its times, so that its items keep their keys.
  const createdAt = earlier?.createdAt ?? now.toISOString();
  const expiresAt =
    earlier?.expiresAt ?? new Date(now.getTime() + deps.settings.ttlSeconds * 1000).toISOString();
  const codes = issueCodes(planned.flatMap(({ requests }) => requests.flatMap((plan) => plan.confirmers)));
  const requests = planned.flatMap(({ service, requests: plans }) =>
    plans.map((plan, i) =>
      newRequest({
        id: uuidOf('request', batchId, service.serviceId, String(i)),
        service,
        asker,
        plan,
        codes,
        createdAt,
        expiresAt,
        batchId,
      }),
    ),
  );
  const batch: BatchRecord = {
    id: batchId,
    askedBy: asker,
    change: changes,
    services: [...serviceIds],
    requestIds: requests.map((r) => r.id),
    createdAt,
    expiresAt,
  };
  // A batch counts as one new request toward the asker's limit (API.md).
  await deps.store.createBatch(batch, requests, { limit, uses: 1, at: now, buckets: await bucketsRead });
  deps.metrics.count('RequestsCreated', requests.length);

  const plain = new Map([...codes.values()].map(({ nic, code }) => [nic, code]));
  const unsent = await sendBatchCodes(deps, batchId, requests, plain, { asker, known: accounts });
  await takeBackUnsent(deps, requests, unsent);
  const failures = (
    await inGroups(requests, (request) =>
      startConfirmations(deps, request).then(
        () => undefined,
        (error: unknown) => error,
      ),
    )
  ).filter((error) => error !== undefined);
  if (failures.length > 0) throw failures[0];

  return {
    batch: toBatchView(batch, await seenBy(deps, asker, requests)),
    message: describeRegistered([...codes.keys()]),
  };
}

/**
 * A person whose email failed holds no code: each of their requests' ask then sends a working one
 * (one email per request rather than none at all).
 */
async function takeBackUnsent(deps: Deps, requests: ContactChangeRecord[], unsent: Handle[]) {
  const pairs = requests.flatMap((request) =>
    request.confirmers.filter((c) => unsent.includes(c.nic)).map((c) => ({ request, nic: c.nic })),
  );
  await inGroups(pairs, ({ request, nic }) =>
    deps.store.commit(codeUnsent(request, nic)).catch((error: unknown) => {
      if (!(error instanceof StaleWriteError)) throw error;
    }),
  );
}

/** A batch the caller is part of (asker, or a party of any of its requests), or admin of any of its services. */
export async function getBatch(deps: Deps, caller: Handle, id: string): Promise<BatchView> {
  const batch = await deps.store.getBatch(id);
  const notFound = new DomainError('not_found', 'No such batch among yours.');
  if (!batch?.published) throw notFound;
  const view = await viewOf(deps, caller, batch);
  if (view.askedBy === caller) return view;
  if (view.requests.some((r) => [...r.confirmations.map((c) => c.nic), ...r.notified].includes(caller))) {
    return view;
  }
  const services = await deps.store.getServices(batch.services);
  if ([...services.values()].some((service) => service.contacts.admin === caller)) return view;
  throw notFound;
}

async function viewOf(deps: Deps, caller: Handle, batch: StoredBatch): Promise<BatchView> {
  return toBatchView(batch, await seenBy(deps, caller, await deps.store.getRequests(batch.requestIds)));
}
