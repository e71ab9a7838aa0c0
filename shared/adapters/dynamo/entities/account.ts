// An account: `ACCOUNT#<nic>` / `PROFILE`. What the rules read of a customer, and the address
// change waiting for its code.
import * as z from '../../../zod';
import { LANGUAGES, ZONES, type Account } from '../../../domain/model';
import { accountPk, itemSchema, parseItem, type Item, type Key } from './item';

export const accountKey = (nic: string): Key => ({ pk: accountPk(nic), sk: 'PROFILE' });

const schema = itemSchema(() =>
  z.object({
    nic: z.string(),
    email: z.string(),
    name: z.string(),
    language: z.enum(LANGUAGES),
    // Accounts stored before zones existed are all European: the service started in the EU.
    zone: z._default(z.enum(ZONES), 'eu'),
    timeZone: z.optional(z.string()),
    unpaidInvoices: z.number(),
    // Accounts stored before the payment-method rule had one: the rule then only read invoices.
    paymentMethod: z._default(z.boolean(), true),
    // An address change waiting for its code (email-change.ts): the code only as its hash.
    pendingEmail: z.optional(
      z.object({
        email: z.string(),
        codeHash: z.string(),
        expiresAt: z.string(),
        attempts: z.number(),
        cancelHash: z.optional(z.string()),
      }),
    ),
    // The stop link of the last change that ended (email-change.ts): its hash only.
    endedEmailChange: z.optional(z.object({ cancelHash: z.string() })),
    // Mail to `email` bounced or drew a complaint (shared/usecases/bounces.ts); a new address clears it.
    emailBouncedAt: z.optional(z.string()),
  }),
);

export const accountItem = (account: Account): Item => ({
  ...accountKey(account.nic),
  entity: 'account',
  ...account,
});

export const readAccount = (item: Item): Account => parseItem('account', schema, item);
