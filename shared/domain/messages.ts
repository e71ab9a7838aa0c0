// The words the API uses about a request. Emails and pages have their own, translated templates.
import type { ContactChangeRecord, Handle, Role, Why } from './model';

const list = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

export const rolesInWords = (roles: readonly Role[]): string =>
  `${list(roles)} contact${roles.length > 1 ? 's' : ''}`;

/** One sentence saying where the request stands, for `ContactChange.message`. */
export function describeRequest(request: ContactChangeRecord): string {
  const what = `${rolesInWords(request.roles)} of ${request.serviceName} from ${request.from} to ${request.to}`;
  switch (request.state) {
    case 'awaiting_confirmation': {
      const waiting = request.confirmers.filter((c) => c.status === 'pending').map((c) => c.nic);
      return `Waiting for the confirmation of ${list(waiting)}.`;
    }
    case 'applying':
      return `Everyone has confirmed; the change of the ${what} is being applied.`;
    case 'done':
      return `The ${what} has been changed.`;
    case 'refused':
      return `The change of the ${what} was refused${request.reason ? `: ${request.reason}` : '.'}`;
    case 'expired':
      return `The change of the ${what} expired before everyone confirmed it.`;
    case 'failed':
      return `The change of the ${what} could not be applied${request.reason ? `: ${request.reason}` : '.'}`;
    case 'cancelled':
      return `The change of the ${what} was cancelled by ${request.askedBy}.`;
  }
}

/** The 202 message of a created change: it is registered, and who gets an email. */
export function describeRegistered(emailed: readonly Handle[]): string {
  return `Your request is registered. An email with a confirmation code was sent to ${list(emailed)}.`;
}

/** The API's `reason`: why a request ended, in English (emails and pages say it from `why` in each language). */
export function whyInEnglish(why: Why, request: Pick<ContactChangeRecord, 'roles' | 'askedBy'>): string {
  const roles = rolesInWords(request.roles);
  switch (why.code) {
    case 'refused':
      return `${list(why.nics)} refused the change.`;
    case 'cancelled':
      return `${list(why.nics)} withdrew the request.`;
    case 'not_confirmed_in_time':
      return `Not confirmed in time by ${list(why.nics) || 'everyone'}.`;
    case 'contacts_moved':
      return `The ${roles} changed while the request was open.`;
    case 'authority_lost':
      return `${list(why.nics)} no longer holds a role that may change the ${roles}.`;
    case 'unpaid_invoices':
      return unpaidInWords(why.nics);
    case 'no_payment_method':
      return 'The new billing contact has no valid payment method.';
    case 'fault':
      return 'The request stopped because of a fault.';
  }
}

/**
 * Whose invoices are unpaid is told only to that account (`reader`); anyone else, and the reason
 * every party reads on the request, learns only that a billing contact involved owes something.
 */
export const unpaidInWords = (owing: readonly Handle[], reader?: Handle): string =>
  reader !== undefined && owing.includes(reader)
    ? 'Your account has unpaid invoices: the billing contact cannot change until they are paid.'
    : 'The billing contact cannot change while a billing contact involved has unpaid invoices.';

/** The new billing contact (`who`, as the asker named them) has no valid payment method; `mine` when that is the reader. */
export const noPaymentMethodInWords = (who: string, mine: boolean): string =>
  mine
    ? 'Your account has no valid payment method: add one before you become the billing contact.'
    : `${who} has no valid payment method: the new billing contact needs one.`;
