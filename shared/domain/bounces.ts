// What SES tells about an email that did not reach its reader, and which of those make an address
// unusable for codes. A transient bounce (a full mailbox, a greylisting server) may well pass, and SES
// has already retried it; only a permanent bounce or a complaint says the address will not do.
import type { Handle } from './model';

export interface DeliveryProblem {
  type: 'bounce' | 'complaint';
  /** For a bounce, as SES classifies it: Permanent, Transient or Undetermined. */
  bounceType?: string;
  /** The addresses that bounced or complained. */
  recipients: string[];
  /** When SES accepted the email (ISO): it carried the codes issued before this. */
  sentAt: string;
  /** The account the email was for and what kind it was, from the email's message tags. */
  nic?: Handle;
  kind?: string;
}

export const makesAddressUnusable = (problem: DeliveryProblem): boolean =>
  problem.type === 'complaint' || problem.bounceType === 'Permanent';

/** SES reports the address as it was sent; the account may hold it in another case. */
export const sameAddress = (a: string, b: string): boolean =>
  a.trim().toLowerCase() === b.trim().toLowerCase();
