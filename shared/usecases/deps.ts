// What every use case is given: the ports, the clock and the settings. Handlers build it once
// at module scope (shared/runtime.ts in AWS, infra/local in one machine); tests build their own.
import type {
  BusinessMetrics,
  ContactStore,
  IdempotencyStore,
  Mailer,
  RateLimiter,
  Workflow,
} from '../domain/ports';
import { tooManyRequests, type RateLimit, type RateLimitSettings } from '../domain/rate-limits';

export interface Deps {
  store: ContactStore;
  idempotency: IdempotencyStore;
  mailer: Mailer;
  workflow: Workflow;
  limiter: RateLimiter;
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

export const isoNow = (deps: Pick<Deps, 'now'>): string => deps.now().toISOString();

/** Counts one use of `limit`, or refuses with too_many_requests and when to try again. */
export async function within(deps: Pick<Deps, 'limiter' | 'now'>, limit: RateLimit): Promise<void> {
  const taken = await deps.limiter.take(limit, deps.now());
  if (!taken.allowed) throw tooManyRequests(limit, taken.retryAfterSeconds);
}
