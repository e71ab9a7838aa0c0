// An Idempotency-Key record: `IDEMPOTENCY#<caller>#<key>` / `IDEMPOTENCY`, claimed by the first call
// with that key and holding its answer once done. `ttl` (epoch seconds) lets DynamoDB remove it.
import * as z from '../../../zod';
import { itemSchema, parseItem, type Item, type Key } from './item';

export const TTL_ATTRIBUTE = 'ttl';

export const idempotencyKey = (scope: string, key: string): Key => ({
  pk: `IDEMPOTENCY#${scope}#${key}`,
  sk: 'IDEMPOTENCY',
});

const schema = itemSchema(() =>
  z.object({
    status: z.enum(['in_progress', 'done']),
    fingerprint: z.string(),
    response: z.optional(z.string()),
  }),
);

/** `runningUntil` (epoch ms): after it the call that claimed the key cannot still be running. */
export const idempotencyItem = (
  scope: string,
  key: string,
  fingerprint: string,
  times: { expiresAt: number; runningUntil: number },
): Item => ({
  ...idempotencyKey(scope, key),
  entity: 'idempotency',
  status: 'in_progress',
  fingerprint,
  runningUntil: times.runningUntil,
  [TTL_ATTRIBUTE]: times.expiresAt,
});

export const readIdempotency = (item: Item) => parseItem('idempotency record', schema, item);
