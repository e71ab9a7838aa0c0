// How many emails one person may make the system send (DESIGN.md, "Rate limits"), so that nobody
// can flood an inbox: counted per person in windows kept in the table, since Lambdas scale out.
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
  what: `You have started ${s.emailChangesPerDay} address changes today`,
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

/** Uses of a limit to count in the same write as what they pay for, so that a refusal counts nothing. */
export interface Quota {
  limit: RateLimit;
  uses: number;
  at: Date;
}

export const tooManyRequests = (limit: RateLimit, retryAfterSeconds: number) =>
  new DomainError(
    'too_many_requests',
    `${limit.what}; please try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`,
    [],
    retryAfterSeconds,
  );
