// An email claim: `EMAIL#<lower-cased address>` / `ACCOUNT#<nic>`, one per account and its CURRENT
// (verified) address, so that a new contact named by address is one strongly consistent Query on the
// table. An address waiting for its code (`pendingEmail`) never has a claim. Several accounts may
// share an address (one person, several handles): hence one item per account under the address.
import * as z from '../../../zod';
import { accountPk, itemSchema, parseItem, type Item, type Key } from './item';

/** Addresses are compared without case: people type them in any case, and mail servers agree. */
export const emailPk = (email: string) => `EMAIL#${email.trim().toLowerCase()}`;

export const emailClaimKey = (email: string, nic: string): Key => ({
  pk: emailPk(email),
  sk: accountPk(nic),
});

export const emailClaimItem = (email: string, nic: string): Item => ({
  ...emailClaimKey(email, nic),
  entity: 'email-claim',
  nic,
});

const schema = itemSchema(() => z.object({ nic: z.string() }));

export const readEmailClaim = (item: Item): string => parseItem('email claim', schema, item).nic;
