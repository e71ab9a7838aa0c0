// Creating a batch with bounded writes, and reading it. Its requests are written in transactions of at
// most 100 items (per request: the request, a guard per role, a pointer per party), the first with the
// unpublished batch item and the asker's quota, each request marked staged: invisible to every read
// (visibleItems) until one conditional write publishes the batch, and all of them with it. A
// failure on the way deletes what was written; a crash leaves it unpublished, for a retry with the same
// Idempotency-Key (the same batch and request ids) to overwrite and finish.
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchNotice, BatchRecord, StoredBatch } from '../../domain/batch';
import { DomainError } from '../../domain/errors';
import type { ContactChangeRecord, Role } from '../../domain/model';
import { tooManyRequests, type Quota } from '../../domain/rate-limits';
import { partiesOf } from '../../domain/view';
import { batchGet } from './batch';
import { batchItem, batchKey, readBatch } from './entities/batch';
import { guardItem, guardKey } from './entities/guard';
import type { Item } from './entities/item';
import { pointerItem, pointerKey } from './entities/pointer';
import { counterUpdate } from './entities/rate-counter';
import { isStaged, openIndexKeys, requestKey, stagedRequestItem, STAGED_ATTRIBUTE } from './entities/request';
import { getItem } from './get-item';
import { readOpen } from './requests';
import { readBuckets, refusedFor } from './rate-limiter';
import { OPEN_INDEX } from './table';
import { cancellationReasons, isConditionFailure, transact, type Table, type TransactItem } from './writes';

/** DynamoDB's limit of actions in one TransactWriteItems. */
const TRANSACTION_ITEMS = 100;
/** Deletes and unstaging updates in flight at once: bounded, so a batch of 100 does not burst. */
const PARALLEL_WRITES = 10;

/** What a guard's transaction item stands for, to name the service already pending. */
interface GuardAt {
  index: number;
  request: ContactChangeRecord;
  role: Role;
}

export function batchStore(table: Table) {
  /** The writes of one staged request; its guards may be taken again by the same request on a retry. */
  const writesOf = (request: ContactChangeRecord, batchId: string): TransactItem[] => [
    {
      Put: {
        TableName: table.name,
        Item: stagedRequestItem(request),
        ConditionExpression: 'attribute_not_exists(pk) OR (#staged = :true AND batchId = :batch)',
        ExpressionAttributeNames: { '#staged': STAGED_ATTRIBUTE },
        ExpressionAttributeValues: { ':true': true, ':batch': batchId },
      },
    },
    ...request.roles.map((role) => ({
      Put: {
        TableName: table.name,
        Item: guardItem(request.serviceId, role, request.id),
        ConditionExpression: 'attribute_not_exists(pk) OR requestId = :id',
        ExpressionAttributeValues: { ':id': request.id },
      },
    })),
    ...partiesOf(request).map((nic) => ({ Put: { TableName: table.name, Item: pointerItem(nic, request) } })),
  ];

  async function inParallel<T>(list: T[], write: (item: T) => Promise<unknown>) {
    for (let start = 0; start < list.length; start += PARALLEL_WRITES) {
      await Promise.all(list.slice(start, start + PARALLEL_WRITES).map(write));
    }
  }

  /** Deletes what a failed creation wrote, never a guard or request another creation holds. */
  async function undo(batch: BatchRecord, requests: ContactChangeRecord[]) {
    const conditional = (
      key: Item,
      condition: string,
      values: Record<string, unknown>,
      names?: Record<string, string>,
    ) =>
      table.doc
        .send(
          new DeleteCommand({
            TableName: table.name,
            Key: key,
            ConditionExpression: condition,
            ExpressionAttributeValues: values,
            ...(names && { ExpressionAttributeNames: names }),
          }),
        )
        .catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
    await inParallel(requests, async (request) => {
      await conditional(
        requestKey(request.id),
        '#staged = :true AND batchId = :batch',
        { ':true': true, ':batch': batch.id },
        { '#staged': STAGED_ATTRIBUTE },
      );
      for (const role of request.roles) {
        await conditional(guardKey(request.serviceId, role), 'requestId = :id', { ':id': request.id });
      }
      for (const nic of partiesOf(request)) {
        await table.doc.send(new DeleteCommand({ TableName: table.name, Key: pointerKey(nic, request) }));
      }
    });
    await conditional(batchKey(batch.id), 'published = :false', { ':false': false });
  }

  return {
    async createBatch(batch: BatchRecord, requests: ContactChangeRecord[], quota: Quota): Promise<void> {
      const buckets = await readBuckets(table, quota.limit, quota.at);
      const counter = counterUpdate(quota.limit, quota.at, buckets, quota.uses);
      if (!counter)
        throw tooManyRequests(quota.limit, refusedFor(quota.limit, quota.at, buckets, quota.uses));
      const chunks: { items: TransactItem[]; guards: GuardAt[] }[] = [
        {
          items: [
            { Update: { TableName: table.name, ...counter } },
            {
              Put: {
                TableName: table.name,
                Item: batchItem(batch),
                // A retry resumes an unpublished batch; a published one is never written again.
                ConditionExpression: 'attribute_not_exists(pk) OR published = :false',
                ExpressionAttributeValues: { ':false': false },
              },
            },
          ],
          guards: [],
        },
      ];
      for (const request of requests) {
        const writes = writesOf(request, batch.id);
        let chunk = chunks.at(-1)!;
        if (chunk.items.length + writes.length > TRANSACTION_ITEMS) {
          chunk = { items: [], guards: [] };
          chunks.push(chunk);
        }
        request.roles.forEach((role, i) =>
          chunk.guards.push({ index: chunk.items.length + 1 + i, request, role }),
        );
        chunk.items.push(...writes);
      }
      try {
        for (const [n, chunk] of chunks.entries()) {
          try {
            await transact(table, chunk.items);
          } catch (error) {
            const reasons = cancellationReasons(error) ?? [];
            if (n === 0 && reasons[0] === 'ConditionalCheckFailed') {
              throw tooManyRequests(quota.limit, refusedFor(quota.limit, quota.at, buckets, quota.uses));
            }
            const pending = chunk.guards.filter((g) => reasons[g.index] === 'ConditionalCheckFailed');
            if (pending.length === 0) throw error;
            throw pendingRefusal(batch, pending);
          }
        }
        await table.doc.send(
          new UpdateCommand({
            TableName: table.name,
            Key: batchKey(batch.id),
            UpdateExpression: 'SET published = :true',
            ConditionExpression: 'published = :false',
            ExpressionAttributeValues: { ':true': true, ':false': false },
          }),
        );
      } catch (error) {
        await undo(batch, requests);
        throw error;
      }
      // Published: the marks only cost readers a look at the batch now. Taking them off puts each
      // request in the sweep's index; a crash here leaves them readable, and timed out by their workflow.
      await inParallel(requests, (request) =>
        table.doc
          .send(
            new UpdateCommand({
              TableName: table.name,
              Key: requestKey(request.id),
              UpdateExpression: 'SET #openPk = :openPk, #openSk = :openSk REMOVE #staged',
              ConditionExpression: '#staged = :true AND #state = :awaiting',
              ExpressionAttributeNames: {
                '#openPk': OPEN_INDEX.partitionKey,
                '#openSk': OPEN_INDEX.sortKey,
                '#staged': STAGED_ATTRIBUTE,
                '#state': 'state',
              },
              ExpressionAttributeValues: {
                ...Object.fromEntries(
                  Object.entries(openIndexKeys(request)).map(([name, value]) => [
                    name === OPEN_INDEX.partitionKey ? ':openPk' : ':openSk',
                    value,
                  ]),
                ),
                ':true': true,
                ':awaiting': 'awaiting_confirmation',
              },
            }),
          )
          .catch((error: unknown) => {
            // Answered or ended already, by someone quick: that write took it out of the open set itself.
            if (!isConditionFailure(error)) throw error;
          }),
      );
    },

    async getBatch(id: string): Promise<StoredBatch | undefined> {
      const item = await getItem(table, batchKey(id));
      return item && readBatch(item);
    },

    async markBatchNotice(batchId: string, notice: BatchNotice, key: string): Promise<boolean> {
      try {
        await table.doc.send(
          new UpdateCommand({
            TableName: table.name,
            Key: batchKey(batchId),
            UpdateExpression: 'ADD #marks :keys',
            // Not on a missing attribute either: `contains` of nothing is false, so the first mark holds.
            ConditionExpression: 'published = :true AND NOT contains(#marks, :key)',
            ExpressionAttributeNames: { '#marks': notice },
            ExpressionAttributeValues: { ':keys': new Set([key]), ':true': true, ':key': key },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async getRequests(ids: string[]): Promise<ContactChangeRecord[]> {
      const found = await batchGet(table.doc, table.name, ids.map(requestKey), true);
      const items = (await visibleItems(table, found)).map(readOpen);
      const byId = new Map(items.map((item) => [item.id, item]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },
  };
}

function pendingRefusal(batch: BatchRecord, pending: GuardAt[]): DomainError {
  const services = [...new Set(pending.map((g) => g.request.serviceId))];
  return new DomainError(
    'batch_refused',
    `A change of ${services.join(', ')} is already waiting for confirmation, so nothing was asked.`,
    services.map((serviceId) => ({
      path: `services[${batch.services.indexOf(serviceId)}]`,
      code: 'change_pending',
      message: `${serviceId}: an open request already exists for ${pending
        .filter((g) => g.request.serviceId === serviceId)
        .map((g) => g.role)
        .join(' and ')}`,
    })),
  );
}

/**
 * The request items of `items` that anyone may read: all but those of a batch not yet published, which a
 * look at their batch items tells (only while a batch is being created, or after a crash left it so).
 */
export async function visibleItems(table: Table, items: Item[]): Promise<Item[]> {
  const staged = items.filter(isStaged);
  const batchIds = [...new Set(staged.map((item) => String(item.batchId)))];
  const published = new Set(
    batchIds.length === 0
      ? []
      : (await batchGet(table.doc, table.name, batchIds.map(batchKey), true))
          .map(readBatch)
          .filter((batch) => batch.published)
          .map((batch) => batch.id),
  );
  return items.filter((item) => !isStaged(item) || published.has(String(item.batchId)));
}
