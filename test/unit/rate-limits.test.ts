// DESIGN.md "Rate limits": windows that slide over twelve buckets; how long a refused caller waits;
// one counter per kind of use and per person.
import { describe, expect, it } from 'vitest';
import {
  addressRefusalLimit,
  bucketAt,
  bucketSeconds,
  emailChangeLimit,
  oldestCountedBucket,
  requestLimit,
  resendLimit,
  retryAfterSeconds,
  roomInCurrentBucket,
  tooManyRequests,
  unownedCodeLimits,
  type RateLimit,
} from '../../shared/domain/rate-limits';
import { TEST_LIMITS } from '../support/memory';

const SETTINGS = TEST_LIMITS;
/** Three uses an hour: buckets of 300 s. */
const LIMIT: RateLimit = { key: 'test#aa1-ovh', limit: 3, windowSeconds: 3600, what: 'Three uses' };
const T0 = 1_800_000_000; // a bucket's start (a multiple of 300)
const at = (seconds: number) => new Date(seconds * 1000);

describe('a refused caller waits', () => {
  it('until enough of the oldest buckets have left the window, whatever order they were read in', () => {
    // 2 uses at T0, 1 at T0 + 600; at T0 + 900 the window is full. One more fits once T0's bucket
    // stops counting: a whole window after it ended.
    const buckets = [
      { start: T0 + 600, count: 1 },
      { start: T0, count: 2 },
    ];
    expect(retryAfterSeconds(LIMIT, at(T0 + 900), buckets)).toBe(T0 + 300 + 3600 - (T0 + 900));
  });

  it('only as long as the uses asked for need: the oldest bucket alone when it frees enough', () => {
    const buckets = [
      { start: T0, count: 1 },
      { start: T0 + 300, count: 1 },
      { start: T0 + 600, count: 1 },
    ];
    expect(retryAfterSeconds(LIMIT, at(T0 + 900), buckets)).toBe(T0 + 300 + 3600 - (T0 + 900));
  });

  it('one second when the uses already fit, exactly at the limit', () => {
    const buckets = [{ start: T0, count: 2 }];
    expect(retryAfterSeconds(LIMIT, at(T0 + 900), buckets)).toBe(1);
  });
});

describe('the buckets that count', () => {
  it('begin with oldestCountedBucket: that one counts, the one before it does not', () => {
    const now = at(T0 + 3600 + 100);
    const oldest = oldestCountedBucket(LIMIT, now);
    expect(oldest).toBe(bucketAt(LIMIT, now) - 12 * bucketSeconds(LIMIT));
    expect(roomInCurrentBucket(LIMIT, now, [{ start: oldest, count: 1 }])).toBe(2);
    expect(roomInCurrentBucket(LIMIT, now, [{ start: oldest - bucketSeconds(LIMIT), count: 1 }])).toBe(3);
  });

  it('never include a bucket that starts after now (a clock ahead elsewhere)', () => {
    expect(roomInCurrentBucket(LIMIT, at(T0), [{ start: T0 + 600, count: 3 }])).toBe(3);
  });
});

describe('the limits', () => {
  it('each count on their own key: per kind of use, and per person', () => {
    const keys = [
      requestLimit(SETTINGS, 'aa1-ovh').key,
      requestLimit(SETTINGS, 'bb2-ovh').key,
      emailChangeLimit(SETTINGS, 'aa1-ovh').key,
      emailChangeLimit(SETTINGS, 'bb2-ovh').key,
      addressRefusalLimit(SETTINGS, 'aa1-ovh').key,
      addressRefusalLimit(SETTINGS, 'bb2-ovh').key,
      resendLimit(SETTINGS, 'r1', 'aa1-ovh').key,
      ...unownedCodeLimits(SETTINGS, 'r1', '192.0.2.1').map((l) => l.key),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('of codes that name no confirmer: per request always, per source only when the source is known', () => {
    expect(unownedCodeLimits(SETTINGS, 'r1')).toHaveLength(1);
    expect(unownedCodeLimits(SETTINGS, 'r1', '192.0.2.1')).toHaveLength(2);
  });

  it('refuse with too_many_requests, when to retry, and no field problems', () => {
    const error = tooManyRequests(LIMIT, 600);
    expect(error).toMatchObject({ code: 'too_many_requests', errors: [], retryAfterSeconds: 600 });
  });
});
