// Naming people and times the same way in every email and page.
import type { Handle, Role } from '../domain/model';
import type { People, Vocabulary } from './types';

/** Names as read from the accounts, by handle; `you` is the reader. */
export function peopleOf(names: Readonly<Record<Handle, string>>, you?: Handle): People {
  return {
    name: (nic) => (names[nic] ? `${names[nic]} (${nic})` : nic),
    ...(you !== undefined && { you }),
  };
}

/**
 * Building an Intl formatter costs far more than using one (it was the largest share of a resend's own
 * CPU time in the bench's profile): one per locale and zone, kept for the process. Both sets are
 * small: two languages, and the IANA zones readers chose.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const lists = new Map<string, Intl.ListFormat>();

export function listInWords(locale: string, items: readonly string[]): string {
  let list = lists.get(locale);
  if (!list) lists.set(locale, (list = new Intl.ListFormat(locale, { type: 'conjunction' })));
  return list.format(items);
}

export const rolesInWords = (words: Vocabulary, roles: readonly Role[]): string =>
  listInWords(
    words.locale,
    roles.map((role) => words.roleNames[role]),
  );

/** A date and time in the reader's zone, with the zone shown ("8. joulukuuta 2025 klo 11.05 UTC+2"). */
export function formatTime(locale: string, iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`Not a time: ${iso}`);
  const key = `${locale} ${timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    });
    formatters.set(key, format);
  }
  return format.format(date);
}
