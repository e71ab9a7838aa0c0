// Account handles (DESIGN.md §1): two letters, digits, then `-ovh`; any case in, lower-case kept.
import * as z from '../zod';

const HANDLE_MESSAGE = 'not a handle (two letters, digits, then -ovh)';

// The digit count is bounded so that a handle stays a short key; real handles have at most 8 digits.
// The pattern is checked before lower-casing, in ASCII only: Unicode case folding would turn the
// Kelvin sign (U+212A) into a "k" and let a look-alike name someone else's account.
export const handleSchema = z.builtOnce(() =>
  z
    .string()
    .check(z.trim(), z.regex(/^[A-Za-z]{2}[0-9]{1,10}-[Oo][Vv][Hh]$/, HANDLE_MESSAGE), z.toLowerCase()),
);
