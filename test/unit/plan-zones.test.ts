// DESIGN.md "Same zone": contacts change only between accounts of one geographic zone, and the
// refusal comes in its fixed place: after role_not_allowed and unknown_account, before no_change
// and unpaid_invoices.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain/errors';
import type { Account, Service, Zone } from '../../shared/domain/model';
import { planContactChange, type ChangeBody } from '../../shared/domain/plan';

const ADMIN = 'aa1-ovh';
const TECH = 'tt2-ovh';
const EU = 'ee3-ovh';
const CA = 'cc4-ovh';
const CA_OWING = 'co5-ovh';

const account = (nic: string, zone: Zone, unpaidInvoices = 0): Account => ({
  nic,
  email: `${nic}@example.com`,
  name: nic,
  language: 'en',
  zone,
  unpaidInvoices,
  paymentMethod: true,
});

const accounts = new Map(
  [
    account(ADMIN, 'eu'),
    account(TECH, 'eu', 1),
    account(EU, 'eu'),
    account(CA, 'ca'),
    account(CA_OWING, 'ca', 1),
  ].map((a) => [a.nic, a]),
);
const service: Service = {
  serviceId: 'example.fi',
  name: 'example.fi',
  type: 'domain',
  contacts: { admin: ADMIN, tech: TECH, billing: TECH },
};

function refusal(asker: string, changes: ChangeBody): { code: string; fields: string[] } | 'planned' {
  try {
    planContactChange({ service, asker, changes, accounts });
    return 'planned';
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { code: error.code, fields: error.errors.map((e) => e.path) };
  }
}

describe('zones: a new contact in another zone than the asker', () => {
  it('is refused as zone_mismatch, naming the field', () => {
    expect(refusal(ADMIN, { admin: CA })).toEqual({ code: 'zone_mismatch', fields: ['admin'] });
  });

  it('in the same zone is planned', () => {
    expect(refusal(ADMIN, { admin: EU })).toBe('planned');
  });

  it('comes after role_not_allowed: a tech contact asking for admin hears about the role first', () => {
    expect(refusal(TECH, { admin: CA })).toMatchObject({ code: 'role_not_allowed' });
  });

  it('comes after unknown_account: every unknown account is named before any zone', () => {
    expect(refusal(ADMIN, { tech: CA, billing: 'xx0-ovh' })).toEqual({
      code: 'unknown_account',
      fields: ['billing'],
    });
  });

  it('comes before no_change: the field at fault is the one in another zone', () => {
    expect(refusal(ADMIN, { tech: CA, billing: TECH })).toEqual({ code: 'zone_mismatch', fields: ['tech'] });
  });

  it('comes before unpaid_invoices: the zone is said before whose invoices are unpaid', () => {
    expect(refusal(ADMIN, { billing: CA_OWING })).toEqual({ code: 'zone_mismatch', fields: ['billing'] });
  });

  it('refuses the whole body, naming every field in another zone', () => {
    expect(refusal(ADMIN, { tech: CA, billing: CA_OWING, admin: EU })).toEqual({
      code: 'zone_mismatch',
      fields: ['tech', 'billing'],
    });
  });
});
