// A lease: `LEASE#<name>` / `LEASE`, held by one run until `until` (epoch ms). `ttl` (epoch seconds)
// lets DynamoDB remove one whose holder never gave it back.
import * as z from '../../../zod';
import { itemSchema, parseItem, type Item, type Key } from './item';
import { TTL_ATTRIBUTE } from './idempotency';

export const leaseKey = (name: string): Key => ({ pk: `LEASE#${name}`, sk: 'LEASE' });

const schema = itemSchema(() => z.object({ holder: z.string(), until: z.number().check(z.int()) }));

export const leaseItem = (name: string, holder: string, until: Date): Item => ({
  ...leaseKey(name),
  entity: 'lease',
  holder,
  until: until.getTime(),
  [TTL_ATTRIBUTE]: Math.ceil(until.getTime() / 1000) + 3600,
});

export const readLease = (item: Item) => parseItem('lease', schema, item);
