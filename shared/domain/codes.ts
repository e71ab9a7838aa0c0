// Confirmation codes, written in Crockford's base32 so they can be typed from a printed email (no I,
// L, O, U; case and dashes do not matter). A code is 32 symbols: a key id of 6 (30 random bits) that
// names the confirmer it was issued to, then a secret of 26 (130 random bits). The key id is what lets
// the public confirm page count a wrong code against its owner only: a code whose key id names nobody
// is a stranger's guess and locks nobody out, so nobody can block someone else's answer (issue 22).
// Only a SHA-256 of the whole code is stored, and the key id apart: the code has full entropy, so a
// slow password hash would add cost and nothing else. Codes of the older form (26 symbols, no key id)
// still match their hash.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 160 random bits: exactly 32 symbols of 5 bits. */
const CODE_BYTES = 20;
const KEY_ID_SYMBOLS = 6;
const CODE_SYMBOLS = 32;
const KEYED_CODE = new RegExp(`^[${ALPHABET}]{${CODE_SYMBOLS}}$`);

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

export interface FreshCode {
  /** Grouped in fours for reading aloud or typing: `7K3M-…`. */
  code: string;
  /** Its first symbols, naming whose it is; stored in plain beside the code's hash. */
  keyId: string;
}

/**
 * A fresh code whose key id differs from every one in `taken` (the other confirmers' of the same
 * request), so that a key id names one confirmer only.
 */
export function newCode(taken: ReadonlyArray<string | undefined> = []): FreshCode {
  for (;;) {
    const symbols = toBase32(randomBytes(CODE_BYTES));
    const keyId = symbols.slice(0, KEY_ID_SYMBOLS);
    if (!taken.includes(keyId)) return { code: symbols.match(/.{1,4}/g)!.join('-'), keyId };
  }
}

/** The canonical form of what someone typed: upper case, no separators, look-alikes mapped. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

/** The key id a typed code claims, or undefined when it does not have the form of a keyed code. */
export function keyIdOf(input: string): string | undefined {
  const code = normaliseCode(input);
  return KEYED_CODE.test(code) ? code.slice(0, KEY_ID_SYMBOLS) : undefined;
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
