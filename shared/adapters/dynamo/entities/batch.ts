// A batch: `BATCH#<id>` / `BATCH`. Its requests are ordinary request items carrying its id; the batch
// item is written first, unpublished, and `published` turns true in one conditional write once every
// request of it is stored: until then nobody reads any of them (requests.ts, `staged`).
import * as z from '../../../zod';
import type { BatchRecord, StoredBatch } from '../../../domain/batch';
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

export const batchItem = (batch: BatchRecord): Item => ({
  ...batchKey(batch.id),
  entity: 'batch',
  ...batch,
  published: false,
});

export const readBatch = (item: Item): StoredBatch => parseItem('batch', batchSchema, item);
