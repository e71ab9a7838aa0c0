// DESIGN.md "Many services at once": a batch is planned service by service with the rules of one
// request, all or nothing, and a refusal names each refused service with the code it alone would get.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_BATCH_SERVICES, batchAccountsToRead, batchActions, planBatch } from '../../shared/domain/batch';
import { codeMatches } from '../../shared/domain/codes';
import { DomainError } from '../../shared/domain/errors';
import type { Account, Service } from '../../shared/domain/model';
import { issueCodes, newRequest } from '../../shared/domain/new-request';
import { planContactChange, type ChangeBody } from '../../shared/domain/plan';
import { oracleBatch } from '../support/plan-oracle';

const ASKER = 'aa1-ovh';
const PEOPLE = [ASKER, 'bb2-ovh', 'cc3-ovh', 'dd4-ovh', 'ee5-ovh', 'ff6-ovh'];
const OWING = 'dd4-ovh';
const ABROAD = 'ee5-ovh';
const NO_CARD = 'ff6-ovh';
const NOBODY = 'xx0-ovh'; // no account has this handle

const accounts = new Map<string, Account>(
  PEOPLE.map((nic) => [
    nic,
    {
      nic,
      email: `${nic}@example.com`,
      name: nic,
      language: 'en',
      zone: nic === ABROAD ? 'ca' : 'eu',
      unpaidInvoices: nic === OWING ? 1 : 0,
      paymentMethod: nic !== NO_CARD,
    },
  ]),
);

const service = (serviceId: string, admin: string, tech: string, billing: string): Service => ({
  serviceId,
  name: serviceId,
  type: 'domain',
  contacts: { admin, tech, billing },
});

const refusalOf = (run: () => unknown) => {
  try {
    run();
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return error;
  }
};

describe('planBatch', () => {
  it('plans every service as it would be planned alone', () => {
    const services = [service('a.fi', ASKER, ASKER, ASKER), service('b.fi', ASKER, 'cc3-ovh', ASKER)];
    const changes = { tech: 'bb2-ovh' };
    const planned = planBatch({
      serviceIds: ['a.fi', 'b.fi'],
      services: new Map(services.map((s) => [s.serviceId, s])),
      asker: ASKER,
      changes,
      accounts,
    });
    expect(planned.map((p) => p.service.serviceId)).toEqual(['a.fi', 'b.fi']);
    expect(planned[1]!.requests).toEqual(
      planContactChange({ service: services[1]!, asker: ASKER, changes, accounts }),
    );
  });

  it('names a service that is not the asker’s as not_found, and every other refusal with its own code', () => {
    const services = new Map(
      [
        service('mine.fi', ASKER, ASKER, ASKER),
        service('theirs.fi', 'cc3-ovh', 'cc3-ovh', 'cc3-ovh'),
        service('already.fi', ASKER, 'bb2-ovh', ASKER),
        service('tech-only.fi', 'cc3-ovh', ASKER, 'cc3-ovh'),
      ].map((s) => [s.serviceId, s]),
    );
    const refusal = refusalOf(() =>
      planBatch({
        serviceIds: ['mine.fi', 'theirs.fi', 'gone.fi', 'already.fi', 'tech-only.fi'],
        services,
        asker: ASKER,
        changes: { tech: 'bb2-ovh', billing: 'bb2-ovh' },
        accounts,
      }),
    );
    expect(refusal?.code).toBe('batch_refused');
    expect(refusal?.status).toBe(422);
    expect(refusal?.errors.map(({ path, code }) => ({ path, code }))).toEqual([
      { path: 'services[1]', code: 'not_found' },
      { path: 'services[2]', code: 'not_found' },
      { path: 'services[3]', code: 'no_change' },
      { path: 'services[4]', code: 'role_not_allowed' },
    ]);
  });

  it('refuses a list that names a service twice, none, or more than 100, and a change of no role', () => {
    const services = new Map([['a.fi', service('a.fi', ASKER, ASKER, ASKER)]]);
    const plan = (serviceIds: string[], changes: ChangeBody = { tech: 'bb2-ovh' }) =>
      refusalOf(() => planBatch({ serviceIds, services, asker: ASKER, changes, accounts }));
    expect(plan(['a.fi', 'a.fi'])?.errors).toEqual([
      { path: 'services[1]', message: 'already named earlier in the list' },
    ]);
    expect(plan([])?.code).toBe('validation_failed');
    expect(plan(Array.from({ length: 101 }, (_, i) => `s${i}.fi`))?.code).toBe('validation_failed');
    expect(plan(['a.fi'], {})?.code).toBe('validation_failed');
  });

  it('plans or refuses each service exactly as DESIGN.md’s rules say, all or nothing (test/support/plan-oracle.ts)', () => {
    const seen = new Map<string, number>();
    // Weighted so that whole batches get planned too: the asker holds a role on most services, the
    // new contact is mostly one who may be named, and most lists name each service once.
    const person = fc.oneof({ weight: 2, arbitrary: fc.constant(ASKER) }, fc.constantFrom(...PEOPLE));
    const contactsArb = fc.record({ admin: person, tech: person, billing: person });
    const named = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(ASKER, 'bb2-ovh', 'cc3-ovh') },
      fc.constantFrom(OWING, ABROAD, NO_CARD, NOBODY),
    );
    const changesArb = fc.record({ admin: named, tech: named, billing: named }, { requiredKeys: [] });
    // A service of the world (0 to 11), or one nobody has (-1).
    const pick = fc.oneof({ weight: 12, arbitrary: fc.nat(11) }, fc.constant(-1));
    const listArb = fc.oneof(
      { weight: 8, arbitrary: fc.uniqueArray(pick, { minLength: 1, maxLength: 6 }) },
      fc.array(pick, { maxLength: 12 }),
    );
    fc.assert(
      fc.property(
        fc.array(contactsArb, { minLength: 12, maxLength: 12 }),
        listArb,
        changesArb,
        (all, picks, changes) => {
          const list = all.map((c, i) => service(`s${i}.fi`, c.admin, c.tech, c.billing));
          const services = new Map(list.map((s) => [s.serviceId, s]));
          const serviceIds = picks.map((i) => (i < 0 ? 'gone.fi' : `s${i}.fi`));
          const want = oracleBatch(
            accounts,
            ASKER,
            serviceIds,
            new Map(list.map((s) => [s.serviceId, s.contacts])),
            changes,
          );
          const input = { serviceIds, services, asker: ASKER, changes, accounts };
          const refusal = refusalOf(() => planBatch(input));
          const kind = 'planned' in want ? 'planned' : want.refused;
          seen.set(kind, (seen.get(kind) ?? 0) + 1);
          if ('planned' in want) {
            expect(refusal).toBeUndefined();
            expect(
              planBatch(input).map((p) => ({ serviceId: p.service.serviceId, requests: p.requests })),
            ).toEqual(want.planned);
          } else if (want.refused === 'validation_failed') {
            expect(refusal?.code).toBe('validation_failed');
          } else {
            for (const { code } of want.services) seen.set(code, (seen.get(code) ?? 0) + 1);
            expect(refusal?.code).toBe('batch_refused');
            expect(refusal?.errors.map(({ path, code }) => ({ path, code }))).toEqual(want.services);
            // And each refused service the asker holds a role on is refused alike when asked alone.
            for (const { path, code } of want.services) {
              const alone = services.get(serviceIds[Number(/\d+/.exec(path)![0])]!);
              if (code === 'not_found') continue;
              expect(
                refusalOf(() => planContactChange({ service: alone!, asker: ASKER, changes, accounts }))
                  ?.code,
              ).toBe(code);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
    console.log(`planBatch, 500 lists: ${[...seen].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    // Every outcome the rules name is reached, per service inside a refused batch too.
    for (const kind of [
      'planned',
      'validation_failed',
      'batch_refused',
      'not_found',
      'role_not_allowed',
      'unknown_account',
      'zone_mismatch',
      'no_change',
      'unpaid_invoices',
      'no_payment_method',
    ])
      expect(seen.get(kind) ?? 0, kind).toBeGreaterThan(0);
  });

  it('reads every account any service’s plan needs, and the contacts the emails name', () => {
    const services = [service('a.fi', ASKER, 'cc3-ovh', OWING), service('b.fi', ASKER, 'ee5-ovh', ASKER)];
    expect(new Set(batchAccountsToRead(services, ASKER, { tech: 'bb2-ovh', billing: 'bb2-ovh' }))).toEqual(
      new Set([ASKER, 'bb2-ovh', 'cc3-ovh', OWING, 'ee5-ovh']),
    );
  });
});

describe('newRequest', () => {
  it('gives one person the same code in every request of a batch, and each person a key id of their own', () => {
    const codes = issueCodes([ASKER, 'bb2-ovh', ASKER]);
    expect([...codes.keys()]).toEqual([ASKER, 'bb2-ovh']);
    expect(codes.get(ASKER)!.keyId).not.toBe(codes.get('bb2-ovh')!.keyId);
    const plan = {
      roles: ['tech' as const],
      from: 'cc3-ovh',
      to: 'bb2-ovh',
      confirmers: [ASKER, 'bb2-ovh'],
      notified: [],
    };
    const at = { createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-15T00:00:00.000Z' };
    const [first, second] = ['a.fi', 'b.fi'].map((serviceId, i) =>
      newRequest({
        id: `r${i}`,
        service: { serviceId, name: serviceId },
        asker: ASKER,
        plan,
        codes,
        ...at,
        batchId: 'b1',
      }),
    );
    for (const request of [first!, second!]) {
      expect(request.batchId).toBe('b1');
      expect(codeMatches(codes.get(ASKER)!.code, request.confirmers[0]!.codeHash)).toBe(true);
      expect(codeMatches(codes.get(ASKER)!.code, request.confirmers[1]!.codeHash)).toBe(false);
      expect(request.confirmers.map((c) => c.codeSentAt)).toEqual([at.createdAt, at.createdAt]);
    }
  });

  it('refuses to build a request whose confirmer was issued no code', () => {
    const plan = {
      roles: ['tech' as const],
      from: 'cc3-ovh',
      to: 'bb2-ovh',
      confirmers: [ASKER, 'bb2-ovh'],
      notified: [],
    };
    expect(() =>
      newRequest({
        id: 'r',
        service: { serviceId: 'a.fi', name: 'a.fi' },
        asker: ASKER,
        plan,
        codes: issueCodes([ASKER]),
        createdAt: 'x',
        expiresAt: 'y',
      }),
    ).toThrow(/bb2-ovh/);
  });
});

describe("a batch's actions", () => {
  it('offers each call that at least one of its requests offers, in the order of API.md', () => {
    expect(batchActions([{ actions: ['cancel'] }, { actions: ['accept', 'refuse', 'resend'] }])).toEqual([
      'accept',
      'refuse',
      'cancel',
      'resend',
    ]);
    expect(batchActions([{ actions: ['resend'] }, { actions: [] }])).toEqual(['resend']);
  });

  it('offers nothing once no request offers anything', () => {
    expect(batchActions([{ actions: [] }, { actions: [] }])).toEqual([]);
  });
});

describe('a batch’s shape (batch.ts checkShape)', () => {
  const many = (count: number) =>
    Array.from({ length: count }, (_, i) => service(`s${i}.fi`, ASKER, ASKER, ASKER));
  const plan = (list: Service[], changes: ChangeBody) =>
    planBatch({
      serviceIds: list.map((s) => s.serviceId),
      services: new Map(list.map((s) => [s.serviceId, s])),
      asker: ASKER,
      changes,
      accounts,
    });

  it('takes up to MAX_BATCH_SERVICES services; no service, or one more, is validation_failed on `services`', () => {
    expect(plan(many(MAX_BATCH_SERVICES), { tech: 'bb2-ovh' })).toHaveLength(MAX_BATCH_SERVICES);
    for (const list of [many(0), many(MAX_BATCH_SERVICES + 1)]) {
      expect(() => plan(list, { tech: 'bb2-ovh' })).toThrow(
        expect.objectContaining({
          code: 'validation_failed',
          errors: [expect.objectContaining({ path: 'services' })],
        }),
      );
    }
  });

  it('without a role to change is validation_failed on the body', () => {
    expect(() => plan(many(1), {})).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        errors: [expect.objectContaining({ path: 'body' })],
      }),
    );
  });
});
