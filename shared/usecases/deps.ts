// What every use case is given: the ports, the clock and the settings. Handlers build it once
// at module scope (shared/runtime.ts in AWS, infra/local in one machine); tests build their own.
import type {
  BusinessMetrics,
  ContactStore,
  EmailKind,
  Emails,
  EmailTemplate,
  IdempotencyStore,
  Leases,
  Mailer,
  RateLimiter,
  Workflow,
} from '../domain/ports';
import { tooManyRequests, type RateLimit, type RateLimitSettings } from '../domain/rate-limits';

export interface Deps {
  store: ContactStore;
  idempotency: IdempotencyStore;
  mailer: Mailer;
  /** The kinds of email this function sends, with their templates (shared/email/kinds/). */
  emails: Emails;
  workflow: Workflow;
  limiter: RateLimiter;
  leases: Leases;
  metrics: BusinessMetrics;
  now: () => Date;
  newId: () => string;
  settings: {
    /** Validity window of a request, seconds. */
    ttlSeconds: number;
    /** The one reminder goes this many seconds before expiry. */
    reminderBeforeSeconds: number;
    /** Where the confirm page and the panel are served; the emailed links start with it. */
    publicBaseUrl: string;
    limits: RateLimitSettings;
    /** The hosting provider's name, as the confirm pages show it (emails get it from their mailer). */
    providerName: string;
  };
  /** Where failures that must not fail the caller go (a notice that could not be sent). */
  log: { warn(message: string, details?: Record<string, unknown>): void };
}

/**
 * The templates of `kind`, among the function's emails. A kind it sends but does not name is a bug:
 * thrown at once, before any catch that logs a failed send, so that a test sees it.
 */
export function templateOf<K extends EmailKind>(deps: Pick<Deps, 'emails'>, kind: K): EmailTemplate<K> {
  const template: EmailTemplate<K> | undefined = deps.emails[kind];
  if (!template) throw new Error(`This function sends "${kind}" emails but its emails do not name them`);
  return template;
}

export const isoNow = (deps: Pick<Deps, 'now'>): string => deps.now().toISOString();

/**
 * Counts one use of every limit, or refuses with too_many_requests and when to try again (the first
 * limit, in order, that refused). A refusal by one limit gives back what the others took: a call that
 * sends nothing costs nobody a use. The limits are taken side by side: each is its own counter.
 */
export async function within(deps: Pick<Deps, 'limiter' | 'now'>, ...limits: RateLimit[]): Promise<void> {
  const now = deps.now();
  const results = await Promise.all(limits.map((limit) => deps.limiter.take(limit, now)));
  const refused = results.findIndex((result) => !result.allowed);
  if (refused === -1) return;
  await Promise.all(
    limits.filter((_, i) => results[i]!.allowed).map((taken) => deps.limiter.giveBack(taken, now)),
  );
  const result = results[refused]!;
  throw tooManyRequests(limits[refused]!, result.allowed ? 0 : result.retryAfterSeconds);
}

/** Reads, writes and workflow starts in flight at once: a batch of 100 neither crawls nor bursts. */
const PARALLEL = 10;

export async function inGroups<T, R>(list: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < list.length; start += PARALLEL) {
    results.push(...(await Promise.all(list.slice(start, start + PARALLEL).map(run))));
  }
  return results;
}

/**
 * A read started now for a later await, beside others: its failure is thrown where it is awaited, as
 * if it had been read there, and a call that ends before then (another read's error) leaves no
 * unhandled rejection behind.
 */
export function readAhead<T>(read: Promise<T>): Promise<T> {
  read.catch(() => undefined);
  return read;
}
