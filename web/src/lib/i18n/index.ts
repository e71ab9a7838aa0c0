// The words of the account's language, for every component through one context.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en, type Words } from './en';
import { fi } from './fi';
import type { Language } from '../api/client';

export const WORDS: Record<Language, Words> = { fi, en };

/** Before the account is read (the sign-in page), the browser's preference decides. */
export const browserLanguage = (): Language =>
  navigator.language.toLowerCase().startsWith('fi') ? 'fi' : 'en';

export interface Reader {
  language: Language;
  t: Words;
  /** A time of the API (ISO, UTC) in the reader's language and time zone. */
  time(iso: string): string;
}

/** `timeZone`: the account's (API.md's Account.timeZone) once known; the browser's until then. */
export const readerOf = (language: Language, timeZone?: string): Reader => {
  const t = WORDS[language];
  return { language, t, time: (iso) => formatTime(t, iso, timeZone) };
};

export const I18n = createContext<Reader>(readerOf('en'));

export const useWords = () => useContext(I18n);

function formatTime(t: Words, iso: string, timeZone: string | undefined): string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
  try {
    return new Intl.DateTimeFormat(t.locale, { ...options, timeZone }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(t.locale, options).format(new Date(iso)); // an unknown zone name
  }
}

export const roleList = (t: Words, roles: readonly (keyof Words['roles'])[]) =>
  new Intl.ListFormat(t.locale, { type: 'conjunction' }).format(roles.map((role) => t.roleShort[role]));

/** The words for a problem code; the API's own detail when the code is newer than the panel. */
export function problemText(t: Words, code: string, detail: string): string {
  const words = t.errors as unknown as Record<string, unknown>;
  const text = words[code];
  return typeof text === 'string' ? text : detail || t.errors.unexpected;
}
