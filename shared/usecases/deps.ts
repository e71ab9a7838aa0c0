// What every use case is given: the ports, the clock and the settings. Handlers build it once
// at module scope (shared/runtime.ts in AWS, infra/local in one machine); tests build their own.
import type { ContactStore, IdempotencyStore, Mailer, Workflow } from '../domain/ports';

export interface Deps {
  store: ContactStore;
  idempotency: IdempotencyStore;
  mailer: Mailer;
  workflow: Workflow;
  now: () => Date;
  newId: () => string;
  settings: {
    /** Validity window of a request, seconds. */
    ttlSeconds: number;
    /** The one reminder goes this many seconds before expiry. */
    reminderBeforeSeconds: number;
    /** Where the confirm page and the panel are served; the emailed links start with it. */
    publicBaseUrl: string;
    /** The hosting provider's name, as the confirm pages show it (emails get it from their mailer). */
    providerName: string;
  };
  /** Where failures that must not fail the caller go (a notice that could not be sent). */
  log: { warn(message: string, details?: Record<string, unknown>): void };
}

export const isoNow = (deps: Pick<Deps, 'now'>): string => deps.now().toISOString();
