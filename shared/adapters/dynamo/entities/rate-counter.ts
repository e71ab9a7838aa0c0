// A rate counter: `LIMIT#<what>#<whom>` / `BUCKET#<start>`, how many times one person did one thing
// in one bucket of a sliding window (shared/domain/rate-limits.ts). A take reads the window's buckets
// (one Query of the partition), then increments the current bucket conditional on the room the earlier
// ones leave. DynamoDB's TTL removes a bucket once it no longer counts.
import type { Bucket, RateLimit } from '../../../domain/rate-limits';
import {
  bucketAt,
  bucketExpiresAt,
  oldestCountedBucket,
  roomInCurrentBucket,
} from '../../../domain/rate-limits';
import { UpdateBuilder, type BuiltUpdate } from '../expression';
import { TTL_ATTRIBUTE } from './idempotency';
import type { Item, Key } from './item';

const BUCKET_PREFIX = 'BUCKET#';

const counterPk = (limit: RateLimit) => `LIMIT#${limit.key}`;
const bucketSk = (start: number) => `${BUCKET_PREFIX}${start}`;

/** The key condition of the Query that reads every bucket still counting at `at`. */
export const bucketsQuery = (limit: RateLimit, at: Date) => ({
  KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
  ExpressionAttributeValues: {
    ':pk': counterPk(limit),
    ':from': bucketSk(oldestCountedBucket(limit, at)),
    ':to': bucketSk(bucketAt(limit, at)),
  },
  ConsistentRead: true,
});

export const bucketOf = (item: Item): Bucket => ({
  start: Number(String(item.sk).slice(BUCKET_PREFIX.length)),
  count: Number(item.count ?? 0),
});

/**
 * Counts `uses` more in the bucket of `at`, refused (a failed condition) when that would pass the
 * room the earlier buckets leave; undefined when there is no room at all, so nothing is written.
 */
export function counterUpdate(
  limit: RateLimit,
  at: Date,
  buckets: readonly Bucket[],
  uses = 1,
): (BuiltUpdate & { Key: Key }) | undefined {
  const most = roomInCurrentBucket(limit, at, buckets) - uses;
  if (most < 0) return undefined;
  const start = bucketAt(limit, at);
  const update = new UpdateBuilder();
  const count = update.path('count');
  update
    .add(count, uses)
    .set(update.path('entity'), 'rate-counter')
    .set(update.path(TTL_ATTRIBUTE), bucketExpiresAt(limit, start))
    .whenEither(`attribute_not_exists(${count})`, `${count} <= ${update.value(most)}`);
  return { Key: { pk: counterPk(limit), sk: bucketSk(start) }, ...update.build() };
}

/** One use less in the bucket of `at`; never below zero, never creating a counter. */
export function counterGiveBack(limit: RateLimit, at: Date): BuiltUpdate & { Key: Key } {
  const update = new UpdateBuilder();
  const count = update.path('count');
  update.add(count, -1).when(`${count} > ${update.value(0)}`);
  return { Key: { pk: counterPk(limit), sk: bucketSk(bucketAt(limit, at)) }, ...update.build() };
}

/** The buckets as they stand once the current one is full: what a refusal's Retry-After is reckoned from. */
export function withCurrentFull(limit: RateLimit, at: Date, buckets: readonly Bucket[]): Bucket[] {
  const start = bucketAt(limit, at);
  const room = roomInCurrentBucket(limit, at, buckets);
  const current = buckets.find((b) => b.start === start)?.count ?? 0;
  return [...buckets.filter((b) => b.start !== start), { start, count: Math.max(current, room) }];
}
