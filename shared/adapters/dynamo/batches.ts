// Creating a batch with bounded writes, and reading it. Its requests are written in transactions of at
// most 100 items (per request: the request, a guard per role, a pointer per party), the first with the
// unpublished batch item and the asker's quota and the others after it side by side, each request
// marked staged: invisible to every read
// (visibleItems) until one conditional write publishes the batch, and all of them with it; the marks
// are then taken off, a transaction per 100 requests. A failure on the way deletes what was written; a
// crash leaves it unpublished, for a retry with the same Idempotency-Key (the same batch and request
// ids) to overwrite and finish, or for the sweep to remove.
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchRecord, StoredBatch } from '../../domain/batch';
import { concernsOf } from '../../domain/batch-notices';
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
import {
  cancellationReasons,
  isConditionFailure,
  pause,
  transact,
  type Table,
  type TransactItem,
} from './writes';

/** DynamoDB's limit of actions in one TransactWriteItems. */
const TRANSACTION_ITEMS = 100;
/** Writes in flight at once (a batch's chunks, or its deletes): bounded, so a batch of 100 does not burst. */
const PARALLEL_WRITES = 10;
/** Tries of one unstaging transaction: each try leaves out the requests that moved on meanwhile. */
const UNSTAGE_ROUNDS = 5;

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

  /**
   * Runs `run` on each of `list`, PARALLEL_WRITES at a time, every call settled before it returns; a
   * failure starts no further group and is thrown as the earliest in `list` that failed.
   */
  async function sideBySide<T>(list: T[], run: (item: T, index: number) => Promise<unknown>) {
    for (let start = 0; start < list.length; start += PARALLEL_WRITES) {
      const group = list.slice(start, start + PARALLEL_WRITES);
      const failed = (await Promise.allSettled(group.map((item, i) => run(item, start + i)))).find(
        (result) => result.status === 'rejected',
      );
      if (failed) throw failed.reason;
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
    await sideBySide(requests, async (request) => {
      // Its guards and pointers together, the request once they are gone: a crash on the way leaves the
      // staged request, by which the sweep (dropUnpublishedBatch) finds what is left of it.
      await Promise.all([
        ...request.roles.map((role) =>
          conditional(guardKey(request.serviceId, role), 'requestId = :id', { ':id': request.id }),
        ),
        ...partiesOf(request).map((nic) =>
          table.doc.send(new DeleteCommand({ TableName: table.name, Key: pointerKey(nic, request) })),
        ),
      ]);
      await conditional(
        requestKey(request.id),
        '#staged = :true AND batchId = :batch',
        { ':true': true, ':batch': batch.id },
        { '#staged': STAGED_ATTRIBUTE },
      );
    });
    await conditional(batchKey(batch.id), 'published = :false', { ':false': false });
  }

  /** Takes the staged mark off a request of the published batch, and puts it in the sweep's index. */
  const unstaging = (request: ContactChangeRecord): TransactItem => {
    const open = openIndexKeys(request);
    return {
      Update: {
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
          ':openPk': open[OPEN_INDEX.partitionKey],
          ':openSk': open[OPEN_INDEX.sortKey],
          ':true': true,
          ':awaiting': 'awaiting_confirmation',
        },
      },
    };
  };

  /**
   * Unstages the requests in transactions of 100: one call for a batch of 100, where an UpdateItem
   * each took 100 calls (a transaction's write costs twice the units: about $0.10 more per thousand
   * batches of 100 at on-demand prices). The transaction only sends them together: a request answered
   * or ended already, by someone quick, fails its condition (that write took it out of the open set
   * itself) and the rest go again without it.
   */
  async function unstage(requests: ContactChangeRecord[]) {
    for (let start = 0; start < requests.length; start += TRANSACTION_ITEMS) {
      let pending = requests.slice(start, start + TRANSACTION_ITEMS);
      for (let round = 1; pending.length > 0; round++) {
        try {
          await transact(table, pending.map(unstaging));
          break;
        } catch (error) {
          const reasons = cancellationReasons(error);
          const conflict = reasons?.includes('TransactionConflict') ?? false;
          if (
            !reasons ||
            round === UNSTAGE_ROUNDS ||
            !(conflict || reasons.includes('ConditionalCheckFailed'))
          )
            throw error;
          pending = pending.filter((_, i) => reasons[i] !== 'ConditionalCheckFailed');
          if (conflict) await pause(round);
        }
      }
    }
  }

  /** The key's batch may be written: new, or unpublished and not being removed by the sweep. */
  const WRITABLE = 'attribute_not_exists(pk) OR (published = :false AND attribute_not_exists(abandoned))';

  return {
    async createBatch(batch: BatchRecord, requests: ContactChangeRecord[], quota: Quota): Promise<void> {
      const buckets = quota.buckets ?? (await readBuckets(table, quota.limit, quota.at));
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
                Item: batchItem(batch, concernsOf(requests)),
                // A retry resumes an unpublished batch; a published one is never written again, nor one
                // the sweep is removing.
                ConditionExpression: WRITABLE,
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
      const write = async (chunk: (typeof chunks)[number], n: number) => {
        try {
          await transact(table, chunk.items);
        } catch (error) {
          const reasons = cancellationReasons(error) ?? [];
          if (n === 0 && reasons[0] === 'ConditionalCheckFailed') {
            throw tooManyRequests(quota.limit, refusedFor(quota.limit, quota.at, buckets, quota.uses));
          }
          if (n === 0 && reasons[1] === 'ConditionalCheckFailed') throw beingRemoved();
          const pending = chunk.guards.filter((g) => reasons[g.index] === 'ConditionalCheckFailed');
          if (pending.length === 0) throw error;
          throw pendingRefusal(batch, pending);
        }
      };
      try {
        // The quota and the batch item first: nothing of a batch the asker may not create, or that the
        // sweep is removing, is written. The requests' chunks then go side by side: each touches only
        // its own requests' items, all staged until the publish below, so the order they land in shows
        // nowhere. A failure waits for the chunks in flight, starts no more, and is told as the first
        // failing chunk's; the undo then finds everything that was written.
        await write(chunks[0]!, 0);
        await sideBySide(chunks.slice(1), (chunk, i) => write(chunk, i + 1));
        await table.doc
          .send(
            new UpdateCommand({
              TableName: table.name,
              Key: batchKey(batch.id),
              // Out of the sweep's list of unpublished batches with it.
              UpdateExpression: 'SET published = :true REMOVE #openPk, #openSk',
              ConditionExpression: 'published = :false AND attribute_not_exists(abandoned)',
              ExpressionAttributeNames: { '#openPk': OPEN_INDEX.partitionKey, '#openSk': OPEN_INDEX.sortKey },
              ExpressionAttributeValues: { ':true': true, ':false': false },
            }),
          )
          .catch((error: unknown) => {
            throw isConditionFailure(error) ? beingRemoved() : error;
          });
      } catch (error) {
        await undo(batch, requests);
        throw error;
      }
      // Published: the marks only cost readers a look at the batch now. Taking them off puts each
      // request in the sweep's index; a crash here leaves them readable, and timed out by their workflow.
      await unstage(requests);
    },

    async getBatch(id: string): Promise<StoredBatch | undefined> {
      const item = await getItem(table, batchKey(id));
      return item && readBatch(item);
    },

    async dropUnpublishedBatch(batchId: string): Promise<boolean> {
      // Marked first: a retry of its creation from now on is refused, and cannot publish it under us.
      let batch: StoredBatch;
      try {
        const { Attributes } = await table.doc.send(
          new UpdateCommand({
            TableName: table.name,
            Key: batchKey(batchId),
            UpdateExpression: 'SET abandoned = :true',
            ConditionExpression: 'published = :false',
            ExpressionAttributeValues: { ':true': true, ':false': false },
            ReturnValues: 'ALL_NEW',
          }),
        );
        batch = readBatch(Attributes!);
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
      // The requests as written (staged, so no ordinary read returns them); one never written has
      // nothing of its own to remove, its guards and pointers being written with it.
      const written = await batchGet(table.doc, table.name, batch.requestIds.map(requestKey), true);
      await undo(batch, written.filter((item) => isStaged(item) && item.batchId === batchId).map(readOpen));
      return true;
    },

    async getRequests(ids: string[]): Promise<ContactChangeRecord[]> {
      const found = await batchGet(table.doc, table.name, ids.map(requestKey), true);
      const items = (await visibleItems(table, found)).map(readOpen);
      const byId = new Map(items.map((item) => [item.id, item]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },
  };
}

/** A retried creation of a batch the sweep is removing: once it is gone, the same retry creates it anew. */
const beingRemoved = () =>
  new DomainError(
    'change_pending',
    'This batch is being cleared after an interrupted attempt; try again in a moment.',
  );

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
