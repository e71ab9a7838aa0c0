// An invoice: `ACCOUNT#<nic>` / `INVOICE#<id>`. Written by the fixtures loader; the rules read only
// the count of unpaid ones kept on the account.
import { accountPk, type Item } from './item';

export interface InvoiceFields {
  id: string;
  amount: number;
  currency: string;
  status: 'paid' | 'unpaid';
  dueDate: string;
}

export const invoiceItem = (nic: string, invoice: InvoiceFields): Item => ({
  pk: accountPk(nic),
  sk: `INVOICE#${invoice.id}`,
  entity: 'invoice',
  nic,
  ...invoice,
});
