// The rate counters on DynamoDB Local, with the clock given to each call (never slept through): a
// window slides, so a burst cannot straddle a window's edge (issue 22, item 4: 30 creates at 23:58
// and 30 more at 00:00 were 60 in two minutes against "30 an hour").
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../shared/adapters/dynamo/rate-limiter';
import type { RateLimit } from '../../shared/domain/rate-limits';
import { storePerFile } from '../support/dynamodb-local';
import { changeRecord, seedService, uniqueNic } from './builders';

const db = storePerFile();
const limiter = () => createRateLimiter({ doc: db.doc, name: db.tableName });

const HOUR = 3600;
const at = (iso: string) => new Date(iso);
const hourly = (limit: number): RateLimit => ({
  key: `test#${randomUUID()}`,
  limit,
  windowSeconds: HOUR,
  what: 'tests',
});

async function takeMany(limit: RateLimit, when: Date, n: number) {
  const results = [];
  for (let i = 0; i < n; i++) results.push(await limiter().take(limit, when));
  return results;
}

describe('a sliding window', () => {
  it('30 an hour: 30 at 23:58, and at 00:00 the 31st is refused until 23:55 bucket has left the window', async () => {
    const limit = hourly(30);
    expect((await takeMany(limit, at('2026-12-06T23:58:00Z'), 30)).every((r) => r.allowed)).toBe(true);
    const refused = await limiter().take(limit, at('2026-12-07T00:00:00Z'));
    // The 23:55–00:00 bucket stops counting a whole hour after it ends: at 01:00.
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: HOUR });
    expect((await limiter().take(limit, at('2026-12-07T00:59:59Z'))).allowed).toBe(false);
    expect((await takeMany(limit, at('2026-12-07T01:00:00Z'), 30)).every((r) => r.allowed)).toBe(true);
    expect((await limiter().take(limit, at('2026-12-07T01:00:01Z'))).allowed).toBe(false);
  });

  it('3 a day: 3 before midnight, none just after, until a day after their bucket', async () => {
    const limit: RateLimit = { key: `test#${randomUUID()}`, limit: 3, windowSeconds: 24 * HOUR, what: 'day' };
    expect((await takeMany(limit, at('2026-12-06T23:59:00Z'), 3)).every((r) => r.allowed)).toBe(true);
    const refused = await limiter().take(limit, at('2026-12-07T00:01:00Z'));
    expect(refused.allowed).toBe(false);
    // The 22:00–24:00 bucket counts until a day after it ends.
    if (!refused.allowed) expect(refused.retryAfterSeconds).toBe(24 * HOUR - 60);
  });

  it('uses spread over the window count together, and each frees its place when it leaves', async () => {
    const limit = hourly(3);
    expect((await limiter().take(limit, at('2026-12-07T10:00:00Z'))).allowed).toBe(true);
    expect((await limiter().take(limit, at('2026-12-07T10:20:00Z'))).allowed).toBe(true);
    expect((await limiter().take(limit, at('2026-12-07T10:40:00Z'))).allowed).toBe(true);
    const refused = await limiter().take(limit, at('2026-12-07T10:50:00Z'));
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 15 * 60 }); // 10:00–10:05 leaves at 11:05
    expect((await limiter().take(limit, at('2026-12-07T11:05:00Z'))).allowed).toBe(true);
    expect((await limiter().take(limit, at('2026-12-07T11:05:00Z'))).allowed).toBe(false);
  });

  it('40 takes at once across the edge of a bucket leave exactly the limit taken', async () => {
    const limit = hourly(10);
    await takeMany(limit, at('2026-12-07T12:04:00Z'), 4);
    const results = await Promise.all(
      Array.from({ length: 40 }, () => limiter().take(limit, at('2026-12-07T12:05:00Z'))),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(6);
  });

  it('a give-back frees one use of the current bucket', async () => {
    const limit = hourly(1);
    const when = at('2026-12-07T13:00:00Z');
    expect((await limiter().take(limit, when)).allowed).toBe(true);
    await limiter().giveBack(limit, when);
    expect((await limiter().take(limit, when)).allowed).toBe(true);
    expect((await limiter().take(limit, when)).allowed).toBe(false);
  });
});

describe("the asker's quota in the create transaction slides too", () => {
  it('2 an hour: 2 requests at 23:58, the 3rd at 00:00 is too_many_requests and writes nothing', async () => {
    const limit = hourly(2);
    const create = async (when: string) => {
      const [admin, to] = [uniqueNic('aa'), uniqueNic('bb')];
      const service = await seedService(db, { admin, tech: admin, billing: admin }, [to]);
      const record = changeRecord(service, { roles: ['tech'], to });
      return db.store.createRequests([record], { limit, uses: 1, at: at(when) });
    };
    await create('2026-12-06T23:58:00Z');
    await create('2026-12-06T23:58:30Z');
    await expect(create('2026-12-07T00:00:00Z')).rejects.toMatchObject({
      code: 'too_many_requests',
      retryAfterSeconds: HOUR,
    });
  });
});
