// How many emails one person may make the system send (DESIGN.md, "Rate limits"), so that nobody
// can flood an inbox: counted per person in the table, since Lambdas scale out. Windows slide: a
// window is counted in twelve buckets, and a use counts until the whole window has passed after its
// bucket, so no burst can straddle an edge (issue 22: 30 creates at 23:58 and 30 more at 00:00 were
// allowed by fixed UTC hours). Counting whole buckets errs on the safe side: a use may count up to a
// twelfth of the window longer than the window itself, never shorter.
import { DomainError } from './errors';
import type { Handle } from './model';

export interface RateLimit {
  /** What is counted, per whom: part of the counter's key. */
  key: string;
  limit: number;
  windowSeconds: number;
  /** What the caller is told, in words. */
  what: string;
}

export interface RateLimitSettings {
  resendsPerHour: number;
  requestsPerHour: number;
  emailChangesPerDay: number;
  /** Codes on the public page that name no confirmer, per request (they lock nobody: issue 22). */
  unownedCodesPerRequestPerHour: number;
  /** The same, per source address, across requests. */
  unownedCodesPerSourcePerHour: number;
  /** Refused contact changes that named someone by address, per asker: probes for accounts. */
  addressRefusalsPerHour: number;
}

const HOUR = 3600;

export const resendLimit = (s: RateLimitSettings, requestId: string, confirmer: Handle): RateLimit => ({
  key: `resend#${requestId}#${confirmer}`,
  limit: s.resendsPerHour,
  windowSeconds: HOUR,
  what: `${confirmer} has been sent a new code ${s.resendsPerHour} times in the last hour`,
});

export const requestLimit = (s: RateLimitSettings, asker: Handle): RateLimit => ({
  key: `requests#${asker}`,
  limit: s.requestsPerHour,
  windowSeconds: HOUR,
  what: `You have asked for ${s.requestsPerHour} contact changes in the last hour`,
});

export const emailChangeLimit = (s: RateLimitSettings, nic: Handle): RateLimit => ({
  key: `email-change#${nic}`,
  limit: s.emailChangesPerDay,
  windowSeconds: 24 * HOUR,
  what: `You have started ${s.emailChangesPerDay} address changes in the last 24 hours`,
});

/**
 * A refusal of a change that names someone by address tells the asker something of that address's
 * account (none, another zone, unpaid invoices) and sends nothing: counted, so that nobody can test
 * addresses for accounts without limit.
 */
export const addressRefusalLimit = (s: RateLimitSettings, asker: Handle): RateLimit => ({
  key: `address-refusals#${asker}`,
  limit: s.addressRefusalsPerHour,
  windowSeconds: HOUR,
  what: `${s.addressRefusalsPerHour} of your contact changes that named someone by email address have been refused in the last hour`,
});

/**
 * Codes given on the public page that name no confirmer: they lock nobody out, so that nobody can
 * block someone else's answer; these bound the guessing instead, per request and per source address.
 * A code that names its owner is never held back by them.
 */
export const unownedCodeLimits = (s: RateLimitSettings, requestId: string, source?: string): RateLimit[] => [
  {
    key: `unowned-codes#${requestId}`,
    limit: s.unownedCodesPerRequestPerHour,
    windowSeconds: HOUR,
    what: `This request has been given ${s.unownedCodesPerRequestPerHour} codes that are not any of its confirmers' in the last hour`,
  },
  ...(source === undefined
    ? []
    : [
        {
          key: `unowned-codes-from#${source}`,
          limit: s.unownedCodesPerSourcePerHour,
          windowSeconds: HOUR,
          what: `Your address has given ${s.unownedCodesPerSourcePerHour} codes that are not any confirmer's in the last hour`,
        },
      ]),
];

/** Uses of a limit counted in one bucket, which starts at `start` (epoch seconds). */
export interface Bucket {
  start: number;
  count: number;
}

const BUCKETS_PER_WINDOW = 12;

export const bucketSeconds = (limit: RateLimit): number =>
  Math.max(1, Math.floor(limit.windowSeconds / BUCKETS_PER_WINDOW));

const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

/** The start of the bucket that counts a use at `at`. */
export function bucketAt(limit: RateLimit, at: Date): number {
  const seconds = epochSeconds(at);
  return seconds - (seconds % bucketSeconds(limit));
}

/** When a bucket's uses stop counting: a whole window after the bucket has ended. */
export const bucketExpiresAt = (limit: RateLimit, start: number): number =>
  start + bucketSeconds(limit) + limit.windowSeconds;

/** The oldest bucket that still counts at `at`. */
export const oldestCountedBucket = (limit: RateLimit, at: Date): number =>
  bucketAt(limit, at) - BUCKETS_PER_WINDOW * bucketSeconds(limit);

const counted = (limit: RateLimit, at: Date, buckets: readonly Bucket[]) =>
  buckets.filter((b) => bucketExpiresAt(limit, b.start) > epochSeconds(at) && b.start <= epochSeconds(at));

/**
 * How many uses the current bucket may hold in all at `at`, given the buckets read (the current one
 * may be among them and is left out): the limit less what the earlier buckets of the window hold.
 * Earlier buckets only ever shrink (a give-back), so a conditional increment of the current bucket up
 * to this bound keeps the window at the limit however many take at once.
 */
export function roomInCurrentBucket(limit: RateLimit, at: Date, buckets: readonly Bucket[]): number {
  const current = bucketAt(limit, at);
  const earlier = counted(limit, at, buckets).filter((b) => b.start !== current);
  return limit.limit - earlier.reduce((sum, b) => sum + b.count, 0);
}

/** Seconds until `uses` more fit: until enough of the oldest buckets have left the window. */
export function retryAfterSeconds(limit: RateLimit, at: Date, buckets: readonly Bucket[], uses = 1): number {
  const live = [...counted(limit, at, buckets)].sort((a, b) => a.start - b.start);
  let total = live.reduce((sum, b) => sum + b.count, 0);
  let freeAt = epochSeconds(at) + 1;
  for (const bucket of live) {
    if (total + uses <= limit.limit) break;
    total -= bucket.count;
    freeAt = bucketExpiresAt(limit, bucket.start);
  }
  return Math.max(1, freeAt - epochSeconds(at));
}

/** Uses of a limit to count in the same write as what they pay for, so that a refusal counts nothing. */
export interface Quota {
  limit: RateLimit;
  uses: number;
  at: Date;
  /**
   * The limit's buckets at `at`, when the caller read them already (ContactStore.readQuota) beside its
   * other reads: the write counts on them rather than reading them first. Read early is as safe as read
   * late: the earlier buckets only ever shrink, and the write checks the current one's count itself.
   */
  buckets?: readonly Bucket[];
}

export const tooManyRequests = (limit: RateLimit, retryAfterSeconds: number) =>
  new DomainError(
    'too_many_requests',
    `${limit.what}; please try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`,
    [],
    retryAfterSeconds,
  );
