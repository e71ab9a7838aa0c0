// Creating change requests and the three lists of them: a party's, a service's history, and the
// open ones by expiry for the sweep; and claiming a refusal's owed emails.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../domain/errors';
import type { ContactChangeRecord, Role } from '../../domain/model';
import type { ContactStore } from '../../domain/ports';
import { batchGet } from './batch';
import { partiesOf } from '../../domain/view';
import { tooManyRequests } from '../../domain/rate-limits';
import { guardItem } from './entities/guard';
import { counterUpdate } from './entities/rate-counter';
import { readBuckets, refusedFor } from './rate-limiter';
import { HISTORY_PREFIX, readHistory } from './entities/history';
import { accountPk, servicePk, type Item } from './entities/item';
import { partyState, pointerItem, POINTER_PREFIX, readPointer } from './entities/pointer';
import {
  openIndexQuery,
  readRequest,
  REFUSAL_NOTICES_OWED_ATTRIBUTE,
  requestItem,
  requestKey,
} from './entities/request';
import { getItem } from './get-item';
import { visibleItems } from './batches';
import { queryPage, type PagedQuery } from './paging';
import { OPEN_INDEX, PARTY_STATE_INDEX } from './table';
import { rememberTokens } from './task-tokens';
import { cancellationReasons, isConditionFailure, transact, type Table, type TransactItem } from './writes';

type RequestPart = Pick<
  ContactStore,
  | 'createRequests'
  | 'readQuota'
  | 'getRequest'
  | 'listRequestsOf'
  | 'listHistory'
  | 'listOpenExpiringBefore'
  | 'claimRefusalNotices'
>;

const put = (table: Table, item: Item): TransactItem => ({
  Put: { TableName: table.name, Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
});

/** A request read to act on: the record, remembering the task tokens its item held. */
export function readOpen(item: Item) {
  const request = readRequest(item);
  rememberTokens(request, item);
  return request;
}

export function requestStore(table: Table): RequestPart {
  return {
    async createRequests(requests, quota) {
      // Remember which transaction item is which guard, to name the role that is already pending.
      const guards = new Map<number, { request: ContactChangeRecord; role: Role }>();
      // The asker's quota is counted in the same transaction, so a refused create counts nothing.
      const buckets = quota.buckets ?? (await readBuckets(table, quota.limit, quota.at));
      const tooMany = () =>
        tooManyRequests(quota.limit, refusedFor(quota.limit, quota.at, buckets, quota.uses));
      const counter = counterUpdate(quota.limit, quota.at, buckets, quota.uses);
      if (!counter) throw tooMany();
      const items: TransactItem[] = [{ Update: { TableName: table.name, ...counter } }];
      for (const request of requests) {
        items.push(put(table, requestItem(request)));
        for (const role of request.roles) {
          guards.set(items.length, { request, role });
          items.push(put(table, guardItem(request.serviceId, role, request.id)));
        }
        for (const nic of partiesOf(request)) items.push(put(table, pointerItem(nic, request)));
      }
      try {
        await transact(table, items);
      } catch (error) {
        const reasons = cancellationReasons(error) ?? [];
        const pending = reasons.flatMap((code, index) => {
          const guard = guards.get(index);
          return code === 'ConditionalCheckFailed' && guard ? [guard] : [];
        });
        if (pending.length === 0 && reasons[0] === 'ConditionalCheckFailed') {
          throw tooMany();
        }
        if (pending.length === 0) throw error;
        throw new DomainError(
          'change_pending',
          `A change of ${pending.map((g) => g.role).join(' and ')} of ${pending[0]?.request.serviceId} is already waiting for confirmation.`,
          pending.map((g) => ({ path: g.role, message: 'an open request already exists for this role' })),
        );
      }
    },

    readQuota: (limit, at) => readBuckets(table, limit, at),

    async getRequest(id) {
      const item = await getItem(table, requestKey(id));
      if (!item) return undefined;
      const [visible] = await visibleItems(table, [item]);
      return visible && readOpen(visible);
    },

    async listRequestsOf(nic, { state, ...page }) {
      const sortCondition = { name: 'sk', beginsWith: POINTER_PREFIX };
      const query: PagedQuery = state
        ? {
            tableName: table.name,
            indexName: PARTY_STATE_INDEX.indexName,
            partition: { name: PARTY_STATE_INDEX.partitionKey, value: partyState(nic, state) },
            keyNames: ['pk', 'sk', PARTY_STATE_INDEX.partitionKey],
            sortCondition,
            newestFirst: true,
          }
        : {
            tableName: table.name,
            partition: { name: 'pk', value: accountPk(nic) },
            keyNames: ['pk', 'sk'],
            sortCondition,
            newestFirst: true,
          };
      const { items: pointers, nextCursor } = await queryPage(table.doc, query, page);
      const ids = pointers.map(readPointer);
      const found = await visibleItems(table, await batchGet(table.doc, table.name, ids.map(requestKey)));
      const byId = new Map(found.map(readRequest).map((request) => [request.id, request]));
      const items = ids.flatMap((id) => byId.get(id) ?? []);
      return { items, ...(nextCursor && { nextCursor }) };
    },

    async listHistory(serviceId, page) {
      const { items, nextCursor } = await queryPage(
        table.doc,
        {
          tableName: table.name,
          partition: { name: 'pk', value: servicePk(serviceId) },
          keyNames: ['pk', 'sk'],
          sortCondition: { name: 'sk', beginsWith: HISTORY_PREFIX },
          newestFirst: true,
        },
        page,
      );
      return { items: items.map(readHistory), ...(nextCursor && { nextCursor }) };
    },

    async claimRefusalNotices(id) {
      try {
        await table.doc.send(
          new UpdateCommand({
            TableName: table.name,
            Key: requestKey(id),
            // The sweep's keys go with the mark: it looks at the request only while its emails are owed.
            UpdateExpression: 'REMOVE #owed, #openPk, #openSk',
            ConditionExpression: '#owed = :true AND #state = :refused',
            ExpressionAttributeNames: {
              '#owed': REFUSAL_NOTICES_OWED_ATTRIBUTE,
              '#state': 'state',
              '#openPk': OPEN_INDEX.partitionKey,
              '#openSk': OPEN_INDEX.sortKey,
            },
            ExpressionAttributeValues: { ':true': true, ':refused': 'refused' },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false; // taken already, or never owed
        throw error;
      }
    },

    async listOpenExpiringBefore(before, page) {
      const { items, nextCursor } = await queryPage(
        table.doc,
        {
          tableName: table.name,
          indexName: OPEN_INDEX.indexName,
          keyNames: ['pk', 'sk', OPEN_INDEX.partitionKey, OPEN_INDEX.sortKey],
          ...openIndexQuery(before),
        },
        page,
      );
      return { items: items.map(readOpen), ...(nextCursor && { nextCursor }) };
    },
  };
}
