// Account handles (DESIGN.md §1): two letters, digits, then `-ovh`; any case in, lower-case kept.
import * as z from 'zod';
import { DomainError } from './errors';
import type { Handle } from './model';

const HANDLE_MESSAGE = 'not a handle (two letters, digits, then -ovh)';

// The digit count is bounded so that a handle stays a short key; real handles have at most 8 digits.
export const handleSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2}\d{1,10}-ovh$/, HANDLE_MESSAGE);

/** The stored form of a handle typed by someone; throws DomainError validation_failed naming `path`. */
export function normaliseHandle(input: string, path = 'handle'): Handle {
  const parsed = handleSchema.safeParse(input);
  if (!parsed.success)
    throw new DomainError('validation_failed', `${input} is ${HANDLE_MESSAGE}`, [
      { path, message: HANDLE_MESSAGE },
    ]);
  return parsed.data;
}
