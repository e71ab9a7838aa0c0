// The display names' cache (shared/adapters/dynamo/names.ts): a name read is reused while fresh and
// read again once older than the bound; an account not found is never kept; memory stays bounded.
import { describe, expect, it } from 'vitest';
import { NAMES_FRESH_MS, nameCache } from '../../shared/adapters/dynamo/names';

/** A directory of names that counts the handles each read asked for, and a clock the test moves. */
function directory(names: Record<string, string>) {
  const reads: string[][] = [];
  let now = 1_000_000;
  const cache = nameCache(
    async (nics) => {
      reads.push([...nics]);
      return new Map(nics.flatMap((nic) => (names[nic] === undefined ? [] : [[nic, { name: names[nic] }]])));
    },
    { clock: () => now },
  );
  return { cache, names, reads, advance: (ms: number) => (now += ms) };
}

describe('the names cache', () => {
  it('reads only what it does not hold fresh, once per handle however often a page names it', async () => {
    const d = directory({ aa: 'Aino', bb: 'Bob', zz: 'Zed' });
    expect(await d.cache.namesOf(['aa', 'zz', 'aa'])).toEqual(
      new Map([
        ['aa', 'Aino'],
        ['zz', 'Zed'],
      ]),
    );
    expect(await d.cache.namesOf(['zz', 'bb'])).toEqual(
      new Map([
        ['zz', 'Zed'],
        ['bb', 'Bob'],
      ]),
    );
    expect(await d.cache.namesOf(['aa', 'bb', 'zz'])).toHaveProperty('size', 3);
    expect(d.reads).toEqual([['aa', 'zz'], ['bb']]);
  });

  it('a changed name shows once the bound has passed since it was read, not before', async () => {
    const d = directory({ aa: 'Aino' });
    await d.cache.namesOf(['aa']);
    d.names.aa = 'Aino Aalto';
    d.advance(NAMES_FRESH_MS - 1);
    expect((await d.cache.namesOf(['aa'])).get('aa')).toBe('Aino');
    d.advance(1);
    expect((await d.cache.namesOf(['aa'])).get('aa')).toBe('Aino Aalto');
    expect(d.reads).toHaveLength(2);
  });

  it('a name read with its account elsewhere is taken at once', async () => {
    const d = directory({ aa: 'Aino' });
    await d.cache.namesOf(['aa']);
    d.cache.remember('aa', 'Aino Aalto');
    expect((await d.cache.namesOf(['aa'])).get('aa')).toBe('Aino Aalto');
    expect(d.reads).toHaveLength(1);
  });

  it('an account not found is asked for again: one made a moment later is named at once', async () => {
    const d = directory({});
    expect(await d.cache.namesOf(['nn'])).toEqual(new Map());
    d.names.nn = 'New';
    expect((await d.cache.namesOf(['nn'])).get('nn')).toBe('New');
    expect(d.reads).toEqual([['nn'], ['nn']]);
  });

  it('keeps at most 10,000 names, dropping the oldest read first', async () => {
    const many = Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`n${i}`, `Name ${i}`]));
    const d = directory(many);
    await d.cache.namesOf(Object.keys(many));
    await d.cache.namesOf(['n1', 'n10000']);
    expect(d.reads).toHaveLength(1);
    await d.cache.namesOf(['n0']);
    expect(d.reads.at(-1)).toEqual(['n0']);
  });
});
