// The change dialog's preview of a batch (web/src/features/contacts/preview.ts): each service's moves,
// who DESIGN.md's table says is only told, and the refusals the API already gives (`editableRoles`).
// It decides nothing (the API checks everything again and the success box lists whom it emailed), but
// what it shows must be DESIGN.md's rule, row by row.
import { describe, expect, it } from 'vitest';
import { confirmersOf, previewOf } from '../../web/src/features/contacts/preview';
import type { components } from '../../web/src/lib/api/schema';

type Service = components['schemas']['Service'];

const service = (contacts: Service['contacts'], editableRoles: Service['editableRoles']): Service =>
  ({
    serviceId: 'a.fi',
    name: 'a.fi',
    type: 'domain',
    contacts,
    editableRoles,
    names: {},
  }) as unknown as Service;
const ALL = ['admin', 'tech', 'billing'] as const;

describe('who is only told', () => {
  it('an admin asking a new tech: the old contact, who loses their last role', () => {
    const s = service({ admin: 'aa', tech: 'cc', billing: 'aa' }, [...ALL]);
    expect(previewOf(s, { tech: 'bb' }, 'aa').told).toEqual(['cc']);
  });

  it('an admin asking a new tech: not the old contact who keeps another role', () => {
    const s = service({ admin: 'aa', tech: 'cc', billing: 'cc' }, [...ALL]);
    expect(previewOf(s, { tech: 'bb' }, 'aa').told).toEqual([]);
  });

  it('an admin taking tech over: the old contact, even with another role left', () => {
    const s = service({ admin: 'aa', tech: 'cc', billing: 'cc' }, [...ALL]);
    expect(previewOf(s, { tech: 'AA' }, 'aa').told).toEqual(['cc']);
  });

  it('a tech contact replacing themself, or an admin: nobody', () => {
    expect(
      previewOf(service({ admin: 'aa', tech: 'cc', billing: 'aa' }, ['tech']), { tech: 'bb' }, 'cc').told,
    ).toEqual([]);
    expect(
      previewOf(service({ admin: 'aa', tech: 'aa', billing: 'aa' }, [...ALL]), { admin: 'bb' }, 'aa').told,
    ).toEqual([]);
  });

  it('the old contact of two roles asked at once is told once', () => {
    const s = service({ admin: 'aa', tech: 'cc', billing: 'cc' }, [...ALL]);
    expect(previewOf(s, { tech: 'bb', billing: 'dd' }, 'aa').told).toEqual(['cc']);
  });
});

describe('moves and refusals', () => {
  it('each role asked, from its current contact to the new one', () => {
    const s = service({ admin: 'aa', tech: 'cc', billing: 'aa' }, [...ALL]);
    expect(previewOf(s, { tech: 'bb', billing: 'dd' }, 'aa').moves).toEqual([
      { role: 'tech', from: 'cc', to: 'bb' },
      { role: 'billing', from: 'aa', to: 'dd' },
    ]);
  });

  it('a role the API says the caller may not change is refused as the API would', () => {
    const s = service({ admin: 'aa', tech: 'cc', billing: 'aa' }, ['tech']);
    expect(previewOf(s, { billing: 'bb' }, 'cc').refusal).toBe('role_not_allowed');
    expect(previewOf(s, { tech: 'bb' }, 'cc').refusal).toBeUndefined();
  });
});

it('the confirmers: the asker and each new contact, once', () => {
  expect(confirmersOf({ tech: 'bb', billing: 'bb' }, 'aa')).toEqual(['aa', 'bb']);
  expect(confirmersOf({ tech: 'aa' }, 'aa')).toEqual(['aa']);
  expect(confirmersOf({ admin: 'bb', tech: 'dd' }, 'aa')).toEqual(['aa', 'bb', 'dd']);
});
