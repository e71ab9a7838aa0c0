// Confirmation codes: 128 random bits, written in Crockford's base32 so they can be typed from a
// printed email (no I, L, O, U; case and dashes do not matter). Only a SHA-256 of the code is stored:
// the code has full entropy, so a slow password hash would add cost and nothing else.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_BYTES = 16;

function toBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** A fresh code, grouped in fours for reading aloud or typing: `7K3M-…`. */
export function newCode(): string {
  const symbols = toBase32(randomBytes(CODE_BYTES));
  return symbols.match(/.{1,4}/g)!.join('-');
}

/** The canonical form of what someone typed: upper case, no separators, look-alikes mapped. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

export const hashCode = (code: string): string =>
  createHash('sha256').update(normaliseCode(code)).digest('hex');

/** Compares a typed code with a stored hash in constant time. */
export function codeMatches(input: string, storedHash: string | undefined): boolean {
  if (storedHash === undefined) return false;
  const given = Buffer.from(hashCode(input), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

export const MAX_WRONG_CODES = 5;
