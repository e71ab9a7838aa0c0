import { describe, expect, it } from 'vitest';
import { codeMatches, hashCode, keyIdOf, newCode, normaliseCode } from '../../shared/domain/codes';

describe('confirmation codes', () => {
  it('carry a key id and at least 128 random secret bits, and never repeat', () => {
    const codes = new Set(Array.from({ length: 10_000 }, () => newCode().code));
    expect(codes.size).toBe(10_000);
    const { code, keyId } = newCode();
    // 32 symbols of 5 bits: a key id of 6 (30 bits), then a secret of 26 (130 bits).
    expect(normaliseCode(code)).toMatch(/^[0-9A-HJKMNP-TV-Z]{32}$/);
    expect(keyId).toBe(normaliseCode(code).slice(0, 6));
  });

  it('never give a key id already taken in the request', () => {
    const first = newCode();
    // Every key id but one taken would take forever to draw around; two is the real case.
    for (let i = 0; i < 1000; i++) expect(newCode([first.keyId]).keyId).not.toBe(first.keyId);
  });

  it('tell the key id of anything shaped like a code, however it is typed, and of nothing else', () => {
    const { code, keyId } = newCode();
    expect(keyIdOf(code.toLowerCase().replace(/-/g, ' '))).toBe(keyId);
    expect(keyIdOf('AAAA-BBBB')).toBeUndefined();
    expect(keyIdOf(normaliseCode(code).slice(0, 26))).toBeUndefined(); // the older, unkeyed form
    expect(keyIdOf(`${code}A`)).toBeUndefined();
    expect(keyIdOf(code.replace(/.$/, 'U'))).toBeUndefined(); // U is not a symbol
  });

  it('match however they are typed, and only their own hash', () => {
    const { code } = newCode();
    const hash = hashCode(code);
    expect(codeMatches(code.toLowerCase().replace(/-/g, ' '), hash)).toBe(true);
    expect(codeMatches(newCode().code, hash)).toBe(false);
    expect(codeMatches(code, undefined)).toBe(false);
  });

  it('of the older form (26 symbols, no key id) still match their hash', () => {
    const old = '7K3M-Q9XB-2H4D-P8RT-6W1Z-C5N0-AE';
    expect(codeMatches(old.toLowerCase(), hashCode(old))).toBe(true);
  });

  it('are stored only as a hash that does not contain them', () => {
    const { code } = newCode();
    expect(hashCode(code)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashCode(code)).not.toContain(normaliseCode(code));
  });

  it('match as typed from a printed email: any case, spaces or dashes, and I, L, O read as 1, 1, 0', () => {
    const code = '0123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ';
    for (const typed of ['oi23 4567 89ab cdef ghjk mnpq rstv wxyz', 'OL2345-6789ABCDEFGHJKMNPQRSTVWXYZ']) {
      expect(codeMatches(typed, hashCode(code))).toBe(true);
    }
    expect(codeMatches('1123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ', hashCode(code))).toBe(false);
  });
});
