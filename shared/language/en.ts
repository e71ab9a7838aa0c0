// English words shared by the emails and the confirm pages. Short, literal sentences: readers may be
// reading in their second language.
import type { Handle } from '../domain/model';
import { listInWords } from './people';
import type { People, Vocabulary } from './types';

const list = (items: readonly string[]) => listInWords('en-GB', items);

/** The people named, with the reader as "you" first. */
function subjects(nics: readonly Handle[], people: People): { you: boolean; others: string[] } {
  return {
    you: people.you !== undefined && nics.includes(people.you),
    others: nics.filter((nic) => nic !== people.you).map(people.name),
  };
}

export const en: Vocabulary = {
  locale: 'en-GB',
  roleNames: { admin: 'administrative contact', tech: 'technical contact', billing: 'billing contact' },
  roleMeanings: {
    admin:
      'Administrative contact: handles administrative and technical matters, and may change every contact of the service.',
    tech: 'Technical contact: handles technical matters only.',
    billing:
      'Billing contact: handles billing only, and is the only contact that gets the renewal reminders.',
  },
  rolesHeading: 'What the roles mean:',
  adminWarning:
    "Please note: the administrative contact can also change the details of the service's owner. " +
    'Give the role only to someone you trust with them.',
  why(why, people) {
    const [first = ''] = why.nics;
    const mine = first === people.you;
    switch (why.code) {
      case 'refused':
        return mine ? 'You refused the change.' : `${people.name(first)} refused the change.`;
      case 'cancelled':
        return mine ? 'You withdrew the request.' : `${people.name(first)} withdrew the request.`;
      case 'not_confirmed_in_time': {
        const { you, others } = subjects(why.nics, people);
        if (you) return `${list(['You', ...others])} did not confirm it in time.`;
        return others.length > 0
          ? `${list(others)} did not confirm it in time.`
          : 'It was not confirmed in time.';
      }
      case 'contacts_moved':
        return 'The contacts of the service changed in another way while the request was open.';
      case 'authority_lost':
        return mine
          ? 'You no longer hold a role that allows this change.'
          : `${people.name(first)}, who asked for it, no longer holds a role that allows this change.`;
      // Whose invoices are unpaid is told only to that account (issue "Hardening": privacy).
      case 'unpaid_invoices':
        return why.nics.some((nic) => nic === people.you)
          ? 'The billing contact cannot change while your account has unpaid invoices.'
          : 'The billing contact cannot change while a billing contact involved has unpaid invoices.';
      case 'no_payment_method':
        return why.nics.some((nic) => nic === people.you)
          ? 'You cannot become the billing contact: your account has no valid payment method.'
          : 'The new billing contact has no valid payment method, so the billing contact cannot change.';
      case 'fault':
        return 'A fault on our side stopped it. Nothing was changed; please make the request again if it is still needed.';
    }
  },
};
