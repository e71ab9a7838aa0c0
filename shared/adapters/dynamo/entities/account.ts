// An account: `ACCOUNT#<nic>` / `PROFILE`. What the rules read of a customer.
import * as z from 'zod';
import { LANGUAGES, type Account } from '../../../domain/model';
import { accountPk, parseItem, type Item, type Key } from './item';

export const accountKey = (nic: string): Key => ({ pk: accountPk(nic), sk: 'PROFILE' });

const schema = z.object({
  nic: z.string(),
  email: z.string(),
  name: z.string(),
  language: z.enum(LANGUAGES),
  unpaidInvoices: z.number(),
});

export const accountItem = (account: Account): Item => ({
  ...accountKey(account.nic),
  entity: 'account',
  ...account,
});

export const readAccount = (item: Item): Account => parseItem('account', schema, item);
