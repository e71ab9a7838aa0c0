// A batch: `BATCH#<id>` / `BATCH`. Its requests are ordinary request items carrying its id; the batch
// item is written first, unpublished, and `published` turns true in one conditional write once every
// request of it is stored: until then nobody reads any of them (requests.ts, `staged`). Besides the
// record, it keeps how far its requests have got (`concerns`, `ended`: BatchProgress), the marks of its
// once-per-person emails (`reminded`, `bounced`, `told`, and `owed` until an outcome email is sent), and
// while the sweep has something to do with it, keys in the sweep's index (see batchIndexKeys).
import * as z from '../../../zod';
import {
  abandonedAt,
  type BatchDue,
  type BatchProgress,
  type BatchRecord,
  type StoredBatch,
} from '../../../domain/batch';
import { OPEN_INDEX } from '../table';
import { itemSchema, parseItem, type Item, type Key } from './item';

export const batchKey = (id: string): Key => ({ pk: `BATCH#${id}`, sk: 'BATCH' });

const batchSchema = itemSchema(() =>
  z.object({
    id: z.string(),
    askedBy: z.string(),
    change: z.object({
      admin: z.optional(z.string()),
      tech: z.optional(z.string()),
      billing: z.optional(z.string()),
    }),
    services: z.array(z.string()),
    requestIds: z.array(z.string()),
    createdAt: z.string(),
    expiresAt: z.string(),
    published: z.boolean(),
  }),
);

/**
 * The sweep's index (`openByExpiry`) holds batch items too, under a partition of their own (its open
 * requests are under `OPEN`), by when the sweep has something to do with each: a batch while
 * unpublished, from when a crash must have left it so (then it is removed); a batch owing outcome
 * emails, from when they may be sent again. The kind is in the sort key: the index copies no more.
 */
const BATCH_PARTITION = 'BATCH';

export const batchIndexKeys = (kind: BatchDue['kind'], dueAt: string, id: string) => ({
  [OPEN_INDEX.partitionKey]: BATCH_PARTITION,
  [OPEN_INDEX.sortKey]: `${dueAt}#${kind}#${id}`,
});

export const batchIndexQuery = (before: string) => ({
  partition: { name: OPEN_INDEX.partitionKey, value: BATCH_PARTITION },
  // `$` sorts right after `#`: every `<before>#…` key is included, no later one.
  sortCondition: { name: OPEN_INDEX.sortKey, below: `${before}$` },
});

/** What the sweep is to do with the batch of an item of its index. */
export function batchDueOf(item: Item): BatchDue {
  const [, kind, batchId] = String(item[OPEN_INDEX.sortKey]).split('#');
  if (kind !== 'owing' && kind !== 'unpublished')
    throw new Error(`Not a batch's index key: ${String(item.pk)}`);
  return { batchId: batchId!, kind };
}

export const batchItem = (batch: BatchRecord, concerns: BatchProgress['concerns']): Item => ({
  ...batchKey(batch.id),
  entity: 'batch',
  ...batch,
  published: false,
  concerns,
  ...batchIndexKeys('unpublished', abandonedAt(batch), batch.id),
});

export const readBatch = (item: Item): StoredBatch => parseItem('batch', batchSchema, item);

const progressSchema = itemSchema(() =>
  z.object({
    // Absent on a batch made before its endings were counted: no outcome email is due from it then.
    concerns: z._default(z.record(z.string(), z.array(z.string())), () => ({})),
    // A set the SDK reads back as a Set; absent until the first mark (a new Set each read: callers may add).
    ended: z._default(z.set(z.string()), () => new Set<string>()),
    owed: z._default(z.set(z.string()), () => new Set<string>()),
  }),
);

export const readProgress = (item: Item) => parseItem('batch', progressSchema, item);
