// API.md "Errors": a refusal's `errors[].path` names the field to fix, so that a form can put the
// message beside it. Each refusal of a contact change names its fields: the body when it names no
// role, else the roles at fault, and only those. And the planner reads the accounts it needs: the
// asker, the new contacts, and the billing contact being replaced (whose unpaid invoices count).
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain/errors';
import type { Account, Service } from '../../shared/domain/model';
import { accountsToRead, planContactChange, type PlanInput } from '../../shared/domain/plan';

const ADMIN = 'aa1-ovh';
const TECH = 'tt2-ovh';
const NEW = 'nn3-ovh';
const ABROAD = 'cc4-ovh';

const account = (nic: string, zone: Account['zone'] = 'eu'): Account => ({
  nic,
  email: `${nic}@example.com`,
  name: nic,
  language: 'en',
  zone,
  unpaidInvoices: 0,
  paymentMethod: true,
});
const accounts = new Map(
  [account(ADMIN), account(TECH), account(NEW), account(ABROAD, 'ca')].map((a) => [a.nic, a]),
);
const service: Service = {
  serviceId: 'example.fi',
  name: 'example.fi',
  type: 'domain',
  contacts: { admin: ADMIN, tech: TECH, billing: ADMIN },
};

function fieldsOf(input: Partial<PlanInput>): { code: string; fields: string[] } | 'planned' {
  try {
    planContactChange({ service, asker: ADMIN, changes: {}, accounts, ...input });
    return 'planned';
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { code: error.code, fields: error.errors.map((e) => e.path) };
  }
}

describe('the fields a refused contact change names', () => {
  it.each([
    ['no role at all: the body', { changes: {} }, 'validation_failed', ['body']],
    [
      'a tech contact changing admin and billing: those two',
      { asker: TECH, changes: { admin: NEW, tech: NEW, billing: NEW } },
      'role_not_allowed',
      ['admin', 'billing'],
    ],
    [
      'an unknown handle: its role',
      { changes: { tech: 'xx9-ovh', billing: NEW } },
      'unknown_account',
      ['tech'],
    ],
    [
      'an address several accounts share: its role',
      { changes: { admin: 'both@example.com' }, sharedAddresses: new Set(['both@example.com']) },
      'unknown_account',
      ['admin'],
    ],
    [
      'an account in another zone: its role',
      { changes: { tech: NEW, billing: ABROAD } },
      'zone_mismatch',
      ['billing'],
    ],
    [
      'roles already held by the account named: those roles',
      { changes: { admin: ADMIN, tech: NEW } },
      'no_change',
      ['admin'],
    ],
  ] as const)('%s', (_, input, code, fields) => {
    expect(fieldsOf(input as Partial<PlanInput>)).toEqual({ code, fields });
  });

  it('each refusal and each field it names have words of their own for the form to show', () => {
    for (const input of [
      { asker: ADMIN, changes: {} },
      { asker: TECH, changes: { admin: NEW } },
      { asker: ADMIN, changes: { admin: ADMIN } },
    ]) {
      const error = (() => {
        try {
          planContactChange({ service, accounts, ...input });
        } catch (thrown) {
          return thrown;
        }
      })();
      expect(error).toBeInstanceOf(DomainError);
      const { message, errors } = error as DomainError;
      expect([message, ...errors.map((e) => e.message)].every((words) => words.trim().length > 0)).toBe(true);
    }
  });
});

describe('the accounts a plan reads', () => {
  it('without a billing change: the asker and the new contacts, once each, and no role left out', () => {
    expect(new Set(accountsToRead(service, TECH, { admin: undefined, tech: NEW }))).toEqual(
      new Set([NEW, TECH]),
    );
    expect(accountsToRead(service, ADMIN, { admin: NEW, tech: NEW })).toHaveLength(2);
  });

  it('with a billing change: the billing contact being replaced too, for their unpaid invoices', () => {
    expect(new Set(accountsToRead(service, TECH, { billing: NEW }))).toEqual(new Set([NEW, TECH, ADMIN]));
  });
});
