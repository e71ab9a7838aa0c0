// The RateLimiter port on the table: one Query of the limit's buckets and one conditional UpdateItem
// per use, so that Lambdas running side by side share the count, and the window can never pass the
// limit (the increment is refused at the room the earlier buckets leave).
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateLimiter } from '../../domain/ports';
import { retryAfterSeconds, type Bucket, type RateLimit } from '../../domain/rate-limits';
import {
  bucketOf,
  bucketsQuery,
  counterGiveBack,
  counterUpdate,
  withCurrentFull,
} from './entities/rate-counter';
import { isConditionFailure, type Table } from './writes';

/** Every bucket of `limit` that still counts at `at`: a handful of small items of one partition. */
export async function readBuckets(table: Table, limit: RateLimit, at: Date): Promise<Bucket[]> {
  const { Items = [] } = await table.doc.send(
    new QueryCommand({ TableName: table.name, ...bucketsQuery(limit, at) }),
  );
  return Items.map(bucketOf);
}

/** When to try again, for a refusal: reckoned as if the current bucket were full. */
export const refusedFor = (limit: RateLimit, at: Date, buckets: readonly Bucket[], uses = 1) =>
  retryAfterSeconds(limit, at, withCurrentFull(limit, at, buckets), uses);

export function createRateLimiter(table: Table): RateLimiter {
  return {
    async take(limit, now) {
      const buckets = await readBuckets(table, limit, now);
      const counter = counterUpdate(limit, now, buckets);
      if (!counter) return { allowed: false, retryAfterSeconds: refusedFor(limit, now, buckets) };
      try {
        await table.doc.send(new UpdateCommand({ TableName: table.name, ...counter }));
        return { allowed: true };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        return { allowed: false, retryAfterSeconds: refusedFor(limit, now, buckets) };
      }
    },
    async giveBack(limit, now) {
      try {
        await table.doc.send(new UpdateCommand({ TableName: table.name, ...counterGiveBack(limit, now) }));
      } catch (error) {
        if (!isConditionFailure(error)) throw error; // nothing left to give back
      }
    },
  };
}
