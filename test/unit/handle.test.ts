// DESIGN.md §1: a handle is two letters, digits, then `-ovh`, in any case, and nothing else: a value
// with more before or after it names no account, rather than the handle it contains.
import { describe, expect, it } from 'vitest';
import { handleSchema } from '../../shared/domain/handle';

const parsed = (value: string) => {
  const result = handleSchema().safeParse(value);
  return result.success ? result.data : 'refused';
};

describe('a handle', () => {
  it('is kept in lower case, trimmed', () => {
    expect(parsed(' AA12-OVH ')).toBe('aa12-ovh');
  });

  it.each(['xaa12-ovh', '1aa12-ovh', 'aa12-ovhx', 'aa12-ovh-ovh', 'bb2-ovh aa12-ovh'])(
    '%s is refused',
    (value) => {
      expect(parsed(value)).toBe('refused');
    },
  );
});
