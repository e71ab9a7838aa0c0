// An account in good standing for tests: its email at example.com, in the EU zone, nothing unpaid,
// a payment method on file; a test that needs another standing says so with `overrides`.
import type { Account } from '../../shared/domain/model';

export function accountFor(nic: string, overrides: Partial<Omit<Account, 'nic'>> = {}): Account {
  return {
    nic,
    email: `${nic}@example.com`,
    name: nic,
    language: 'en',
    zone: 'eu',
    unpaidInvoices: 0,
    paymentMethod: true,
    ...overrides,
  };
}
