// `Idempotency-Key` on creating contact changes (API.md): the same key and body within 24 hours
// answer with the first response and create nothing new.
import { createHash } from 'node:crypto';
import { DomainError } from '../domain/errors';
import type { Handle } from '../domain/model';
import type { Deps } from './deps';

const WINDOW_MS = 24 * 3600 * 1000;

export async function once<T>(
  deps: Deps,
  caller: Handle,
  key: string | undefined,
  request: unknown,
  run: () => Promise<T>,
  /** When this call can no longer be running (its Lambda's deadline): then its key is free again. */
  runningUntil: Date,
): Promise<T> {
  if (key === undefined) return run();
  const fingerprint = createHash('sha256').update(JSON.stringify(request)).digest('hex');
  const now = deps.now();
  const claim = await deps.idempotency.claim(caller, key, fingerprint, {
    expiresAt: new Date(now.getTime() + WINDOW_MS),
    runningUntil,
    now,
  });
  switch (claim.kind) {
    case 'replay':
      return claim.response as T;
    case 'in_progress':
      throw new DomainError('change_pending', 'A request with this Idempotency-Key is still being handled.');
    case 'mismatch':
      throw new DomainError(
        'validation_failed',
        'This Idempotency-Key was already used with a different body.',
        [{ path: 'headers.idempotency-key', message: 'already used with a different body' }],
      );
  }
  try {
    const response = await run();
    await deps.idempotency.complete(caller, key, response);
    return response;
  } catch (error) {
    // A refusal is an answer too, but a retry after fixing things must be able to run: free the key.
    await deps.idempotency.release(caller, key);
    throw error;
  }
}
