// The words the API uses about a request. Emails and pages have their own, translated templates.
import type { ContactChangeRecord, Handle, Role } from './model';

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
