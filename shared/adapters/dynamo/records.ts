// How a change request is stored. Confirmers are a map keyed by handle (plus their order) so that a
// conditional update can address one confirmer: `confirmers.#nic.status`.
import type { ConfirmerRecord, ContactChangeRecord, Why } from '../../domain/model';
import { historyKey, OPEN_PARTITION, openSortKey, requestKey, type Item } from './keys';
import { OPEN_INDEX } from './table';
import { rememberTokens, TASK_TOKENS_ATTRIBUTE } from './task-tokens';

const OPEN_STATES = new Set(['awaiting_confirmation', 'applying']);

export function requestItem(request: ContactChangeRecord): Item {
  const { confirmers, ...rest } = request;
  return {
    ...requestKey(request.id),
    entity: 'request',
    ...rest,
    confirmers: Object.fromEntries(confirmers.map((confirmer) => [confirmer.nic, confirmer])),
    confirmerOrder: confirmers.map((confirmer) => confirmer.nic),
    // Each wait's task token lands here (task-tokens.ts); nested writes need the map to exist.
    [TASK_TOKENS_ATTRIBUTE]: {},
    ...(OPEN_STATES.has(request.state) && {
      [OPEN_INDEX.partitionKey]: OPEN_PARTITION,
      [OPEN_INDEX.sortKey]: openSortKey(request),
    }),
  };
}

export function toRecord(item: Item): ContactChangeRecord {
  const byNic = item.confirmers as Record<string, ConfirmerRecord>;
  const record: ContactChangeRecord = {
    id: item.id as string,
    serviceId: item.serviceId as string,
    serviceName: item.serviceName as string,
    roles: item.roles as ContactChangeRecord['roles'],
    from: item.from as string,
    to: item.to as string,
    askedBy: item.askedBy as string,
    state: item.state as ContactChangeRecord['state'],
    confirmers: (item.confirmerOrder as string[]).map((nic) => byNic[nic] as ConfirmerRecord),
    notified: item.notified as string[],
    createdAt: item.createdAt as string,
    expiresAt: item.expiresAt as string,
    completedAt: (item.completedAt as string | null | undefined) ?? null,
    reason: (item.reason as string | null | undefined) ?? null,
    why: (item.why as Why | null | undefined) ?? null,
  };
  rememberTokens(record, item);
  return record;
}

/** The service history keeps the final request as it was, stored like a request item. */
export const historyItem = (final: ContactChangeRecord): Item => {
  const item: Item = { ...requestItem(final), ...historyKey(final), entity: 'history' };
  delete item[TASK_TOKENS_ATTRIBUTE]; // nothing waits on a past request
  return item;
};
