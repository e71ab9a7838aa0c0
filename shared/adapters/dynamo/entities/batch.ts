// A batch: `BATCH#<id>` / `BATCH`. Its requests are ordinary request items carrying its id; the batch
// item is written first, unpublished, and `published` turns true in one conditional write once every
// request of it is stored: until then nobody reads any of them (requests.ts, `staged`). Besides the
// record, it keeps how far its requests have got (`concerns`, `ended`: BatchProgress), the marks of its
// once-per-person emails (`reminded`, `bounced`, `told`, and `owed` until an outcome email is sent), and
// while the sweep has something to do with it, keys in the sweep's index (see batchIndexKeys).
import * as z from 'zod';
import type { BatchProgress, BatchRecord, StoredBatch } from '../../../domain/batch';
import { OPEN_INDEX } from '../table';
import { parseItem, type Item, type Key } from './item';

export const batchKey = (id: string): Key => ({ pk: `BATCH#${id}`, sk: 'BATCH' });

const batchSchema = z.object({
  id: z.string(),
  askedBy: z.string(),
  change: z.object({
    admin: z.string().optional(),
    tech: z.string().optional(),
    billing: z.string().optional(),
  }),
  services: z.array(z.string()),
  requestIds: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string(),
  published: z.boolean(),
});

/**
 * The sweep's index (`openByExpiry`) holds batch items too, under partitions of their own (its open
 * requests are under `OPEN`): a batch while unpublished, by when it was created, so that one left so by
 * a crash is found and removed; and a batch owing outcome emails, by when they may be sent again.
 */
const BATCH_PARTITIONS = { unpublished: 'BATCH#UNPUBLISHED', owing: 'BATCH#OWING' } as const;

export const batchIndexKeys = (kind: keyof typeof BATCH_PARTITIONS, at: string, id: string) => ({
  [OPEN_INDEX.partitionKey]: BATCH_PARTITIONS[kind],
  [OPEN_INDEX.sortKey]: `${at}#${id}`,
});

export const batchIndexQuery = (kind: keyof typeof BATCH_PARTITIONS, before: string) => ({
  partition: { name: OPEN_INDEX.partitionKey, value: BATCH_PARTITIONS[kind] },
  // `$` sorts right after `#`: every `<before>#<id>` key is included, no later one.
  sortCondition: { name: OPEN_INDEX.sortKey, below: `${before}$` },
});

/** The batch's id from its key, as the sweep's index gives it. */
export const batchIdOf = (item: Item): string => String(item.pk).slice('BATCH#'.length);

export const batchItem = (batch: BatchRecord, concerns: BatchProgress['concerns']): Item => ({
  ...batchKey(batch.id),
  entity: 'batch',
  ...batch,
  published: false,
  concerns,
  ...batchIndexKeys('unpublished', batch.createdAt, batch.id),
});

export const readBatch = (item: Item): StoredBatch => parseItem('batch', batchSchema, item);

const progressSchema = z.object({
  concerns: z.record(z.string(), z.array(z.string())),
  // A set the SDK reads back as a Set; absent until the first mark.
  ended: z.set(z.string()).default(new Set()),
  owed: z.set(z.string()).default(new Set()),
});

export const readProgress = (item: Item) => parseItem('batch', progressSchema, item);
