// The time zone an account reads times in: emails and pages show every time in it, and say which.
import type { Account, Language } from './model';

/**
 * Until an account chooses its own zone, it follows the language: Finnish readers are in Finland,
 * while an English reader could be anywhere, and UTC, named as such, misleads nobody.
 */
export const DEFAULT_TIME_ZONES: Record<Language, string> = { fi: 'Europe/Helsinki', en: 'UTC' };

export const timeZoneOf = (account: Pick<Account, 'language' | 'timeZone'>): string =>
  account.timeZone ?? DEFAULT_TIME_ZONES[account.language];

/** Whether `name` is an IANA time zone this runtime knows: Intl refuses any other. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
