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

export const listInWords = (locale: string, items: readonly string[]): string =>
  new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);

export const rolesInWords = (words: Vocabulary, roles: readonly Role[]): string =>
  listInWords(
    words.locale,
    roles.map((role) => words.roleNames[role]),
  );

/** A date and time in the reader's zone, with the zone shown ("8. joulukuuta 2025 klo 11.05 UTC+2"). */
export function formatTime(locale: string, iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`Not a time: ${iso}`);
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(date);
}
