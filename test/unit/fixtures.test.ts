import { describe, expect, it } from 'vitest';
import { parseFixtures } from '../../shared/adapters/fixtures';
import { DomainError } from '../../shared/domain/errors';

const aino = { nic: 'aa123456-ovh', email: 'aino@example.com', name: 'Aino Aalto', language: 'fi' };
const bob = { nic: 'bb4321-ovh', email: 'bob@example.com', name: 'Bob Brown', language: 'en' };
const service = {
  serviceId: 'example.fi',
  name: 'example.fi',
  type: 'domain',
  contacts: { admin: 'aa123456-ovh', tech: 'aa123456-ovh', billing: 'bb4321-ovh' },
};

/** The field problems a bad file is refused with, as `path: message` lines. */
function problemsOf(data: unknown): string[] {
  try {
    parseFixtures(data);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.code).toBe('validation_failed');
    return error.errors.map((problem) => `${problem.path}: ${problem.message}`);
  }
  throw new Error('the file was accepted');
}

describe('fixture files', () => {
  it('a good file is accepted, handles in any case become lower-case, unpaid invoices are counted', () => {
    const dan = {
      nic: ' DD2024-OVH ',
      email: 'dan@example.com',
      name: 'Dan Dawson',
      language: 'en',
      invoices: [
        { id: '1', amount: 10, currency: 'EUR', status: 'unpaid', dueDate: '2025-01-31' },
        { id: '2', amount: 12.5, currency: 'EUR', status: 'paid', dueDate: '2024-12-31' },
      ],
    };
    const fixtures = parseFixtures({
      accounts: [aino, bob, dan],
      services: [{ ...service, contacts: { ...service.contacts, tech: 'Dd2024-Ovh' } }],
    });
    expect(fixtures.accounts.map((a) => [a.nic, a.unpaidInvoices])).toEqual([
      ['aa123456-ovh', 0],
      ['bb4321-ovh', 0],
      ['dd2024-ovh', 1],
    ]);
    expect(fixtures.services[0]?.contacts.tech).toBe('dd2024-ovh');
  });

  it('a bad handle is named by its place in the file', () => {
    expect(problemsOf({ accounts: [{ ...aino, nic: 'aino' }] })).toEqual([
      'accounts[0].nic: not a handle (two letters, digits, then -ovh)',
    ]);
    expect(
      problemsOf({
        accounts: [aino, bob],
        services: [{ ...service, contacts: { ...service.contacts, billing: 'bb4321' } }],
      }),
    ).toEqual(['services[0].contacts.billing: not a handle (two letters, digits, then -ovh)']);
  });

  it('every bad field of every entry is reported at once', () => {
    expect(
      problemsOf({
        accounts: [{ nic: 'aa1-ovh', email: 'not-an-email', name: ' ', language: 'sv', unpaidInvoices: -1 }],
        services: [
          { serviceId: 'a/b', name: 'x', type: 'mail', contacts: { admin: 'aa1-ovh', tech: 'aa1-ovh' } },
        ],
      }),
    ).toEqual([
      'accounts[0].email: not an email address',
      'accounts[0].name: a name is needed',
      'accounts[0].language: one of fi, en',
      'accounts[0].unpaidInvoices: Too small: expected number to be >=0',
      'services[0].serviceId: letters, digits, dots, hyphens and underscores only',
      'services[0].type: one of domain, server, hosting',
      'services[0].contacts.billing: Invalid input: expected string, received undefined',
    ]);
  });

  it('a service contact that is not an account of the file is refused', () => {
    expect(problemsOf({ accounts: [aino], services: [service] })).toEqual([
      'services[0].contacts.billing: no account bb4321-ovh in this file',
    ]);
  });

  it('duplicates are refused: accounts (whatever the case), services and invoice ids', () => {
    const invoice = { id: 'INV-1', amount: 5, currency: 'EUR', status: 'paid', dueDate: '2025-01-01' };
    expect(
      problemsOf({
        accounts: [
          aino,
          bob,
          { ...aino, nic: 'AA123456-OVH' },
          { ...bob, nic: 'cc1-ovh', invoices: [invoice, invoice] },
        ],
        services: [service, service],
      }),
    ).toEqual([
      'accounts[2].nic: aa123456-ovh repeats accounts[0]',
      'services[1].serviceId: example.fi repeats services[0]',
      'accounts[3].invoices[1].id: INV-1 repeats accounts[3].invoices[0]',
    ]);
  });

  it('an unpaid count and an invoice list together, unknown fields and a missing list are refused', () => {
    expect(problemsOf({ accounts: [{ ...aino, unpaidInvoices: 1, invoices: [] }] })).toEqual([
      'accounts[0].unpaidInvoices: give either unpaidInvoices or invoices, not both',
    ]);
    expect(problemsOf({ accounts: [{ ...aino, unpaidInvoice: 1 }] })).toEqual([
      'accounts[0]: Unrecognized key: "unpaidInvoice"',
    ]);
    expect(problemsOf({ services: [] })).toEqual([
      'accounts: Invalid input: expected array, received undefined',
    ]);
    expect(problemsOf([])).toEqual(['(file): Invalid input: expected object, received array']);
  });
});

describe('fixture zones and time zones', () => {
  it('zone defaults to eu; a given zone and IANA time zone are kept', () => {
    const fixtures = parseFixtures({
      accounts: [aino, { ...bob, zone: 'ca', timeZone: 'America/Toronto' }],
    });
    expect(fixtures.accounts.map((a) => [a.zone, a.timeZone])).toEqual([
      ['eu', undefined],
      ['ca', 'America/Toronto'],
    ]);
  });

  it('an unknown zone or a time zone Intl does not know is refused by its place', () => {
    expect(
      problemsOf({
        accounts: [
          { ...aino, zone: 'asia' },
          { ...bob, timeZone: 'Europe/Atlantis' },
        ],
      }),
    ).toEqual([
      'accounts[0].zone: one of eu, ca, us',
      'accounts[1].timeZone: not an IANA time zone (e.g. Europe/Helsinki)',
    ]);
  });
});

describe('fixture payment methods', () => {
  it('paymentMethod defaults to true; false is kept; anything else is refused', () => {
    const fixtures = parseFixtures({ accounts: [aino, { ...bob, paymentMethod: false }] });
    expect(fixtures.accounts.map((a) => a.paymentMethod)).toEqual([true, false]);
    expect(problemsOf({ accounts: [{ ...aino, paymentMethod: 'yes' }] })).toEqual([
      'accounts[0].paymentMethod: true or false',
    ]);
  });
});
