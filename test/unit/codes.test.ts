import { describe, expect, it } from 'vitest';
import { codeMatches, hashCode, newCode, normaliseCode } from '../../shared/domain/codes';

describe('confirmation codes', () => {
  it('carry at least 128 random bits and never repeat', () => {
    const codes = new Set(Array.from({ length: 10_000 }, newCode));
    expect(codes.size).toBe(10_000);
    const code = [...codes][0]!;
    // 26 symbols of 5 bits = 130 bits, of which 128 are random.
    expect(normaliseCode(code)).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('match however they are typed, and only their own hash', () => {
    const code = newCode();
    const hash = hashCode(code);
    expect(codeMatches(code.toLowerCase().replace(/-/g, ' '), hash)).toBe(true);
    expect(codeMatches(newCode(), hash)).toBe(false);
    expect(codeMatches(code, undefined)).toBe(false);
  });

  it('are stored only as a hash that does not contain them', () => {
    const code = newCode();
    expect(hashCode(code)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashCode(code)).not.toContain(normaliseCode(code));
  });
});
