// DESIGN.md "Many services at once": a batch is planned service by service with the rules of one
// request, all or nothing, and a refusal names each refused service with the code it alone would get.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchAccountsToRead, batchActions, planBatch } from '../../shared/domain/batch';
import { codeMatches } from '../../shared/domain/codes';
import { DomainError, type FieldProblem } from '../../shared/domain/errors';
import { ROLES, type Account, type Service } from '../../shared/domain/model';
import { issueCodes, newRequest } from '../../shared/domain/new-request';
import { planContactChange, type ChangeBody } from '../../shared/domain/plan';

const ASKER = 'aa1-ovh';
const PEOPLE = [ASKER, 'bb2-ovh', 'cc3-ovh', 'dd4-ovh', 'ee5-ovh'];
const OWING = 'dd4-ovh';
const ABROAD = 'ee5-ovh';

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
      paymentMethod: true,
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

  it('refuses exactly the services a request alone would refuse, with their codes, or plans them all', () => {
    const person = fc.constantFrom(...PEOPLE);
    const serviceArb = fc.record({ admin: person, tech: person, billing: person });
    const changesArb = fc
      .record({ admin: person, tech: person, billing: person }, { requiredKeys: [] })
      .filter((changes) => ROLES.some((role) => changes[role] !== undefined));
    fc.assert(
      fc.property(fc.array(serviceArb, { minLength: 1, maxLength: 12 }), changesArb, (contacts, changes) => {
        const list = contacts.map((c, i) => service(`s${i}.fi`, c.admin, c.tech, c.billing));
        const services = new Map(list.map((s) => [s.serviceId, s]));
        const input = { serviceIds: [...services.keys()], services, asker: ASKER, changes, accounts };
        const alone = list.map((s) => {
          if (!Object.values(s.contacts).includes(ASKER)) return { code: 'not_found' };
          const refusal = refusalOf(() => planContactChange({ service: s, asker: ASKER, changes, accounts }));
          return refusal
            ? { code: refusal.code }
            : { plans: planContactChange({ service: s, asker: ASKER, changes, accounts }) };
        });
        const expected: Pick<FieldProblem, 'path' | 'code'>[] = alone.flatMap((a, i) =>
          'code' in a ? [{ path: `services[${i}]`, code: a.code as FieldProblem['code'] }] : [],
        );
        const refusal = refusalOf(() => planBatch(input));
        if (expected.length === 0) {
          expect(refusal).toBeUndefined();
          expect(planBatch(input).map((p) => p.requests)).toEqual(
            alone.map((a) => ('plans' in a ? a.plans : [])),
          );
        } else {
          expect(refusal?.code).toBe('batch_refused');
          expect(refusal?.errors.map(({ path, code }) => ({ path, code }))).toEqual(expected);
        }
      }),
    );
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
