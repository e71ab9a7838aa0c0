// One word for one thing in Finnish, across the panel, the emails and the confirm pages: a customer who
// reads "yhteyshenkilö" in an email must not meet "kontakti" for the same thing in the panel. Each row
// names a concept, the word we use and the variants a reviewer replaced; the catalogues' text is read
// as written (the emails' words are in their templates' source, built from these literals).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fi as pages } from '../../shared/pages/words-fi';
import { fi as panel } from '../../web/src/lib/i18n/fi';

const ROOT = resolve(import.meta.dirname, '../..');
const CATALOGUES = [
  'web/src/lib/i18n/fi.ts',
  'shared/pages/words-fi.ts',
  'shared/pages/email-change-pages.ts',
  'shared/email/templates/fi.ts',
  'shared/language/fi.ts',
];

const TERMS: { concept: string; use: string; not: RegExp }[] = [
  { concept: 'a contact of a service', use: 'yhteyshenkilö', not: /kontakti/i },
  { concept: 'the product', use: 'Palveluiden yhteyshenkilöt', not: /palvelujen/i },
  { concept: 'the admin role', use: 'hallinnollinen yhteyshenkilö', not: /pääkäyttäj/i },
  { concept: 'the control panel', use: 'hallintapaneeli', not: /ohjauspaneel|käyttöliittymä/i },
  { concept: 'the contact before a change', use: 'edellinen yhteyshenkilö', not: /aiempi yhteyshenkilö/i },
  {
    concept: 'an answer taken into account',
    use: 'kirjattu',
    not: /rekisteröi|hyväksyntäsi on tallennettu/i,
  },
  { concept: 'an email', use: 'sähköposti', not: /\bs-posti|\bmeili/i },
  // The panel's button, as emails and pages tell the reader to press it.
  { concept: 'the button for a new code', use: 'Lähetä koodini uudelleen', not: /Lähetä uudelleen/i },
];

/** The Finnish of a catalogue: its string literals, with the English of its comments left out. */
const finnishOf = (path: string) =>
  (readFileSync(resolve(ROOT, path), 'utf8').match(/'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g) ?? []).join(
    '\n',
  );

describe.each(CATALOGUES)('%s', (path) => {
  const text = finnishOf(path);
  it.each(TERMS)('says "$use" for $concept', ({ not }) => {
    expect(text.match(new RegExp(not.source, 'gi')) ?? []).toEqual([]);
  });
});

it('names the product the same way in the panel and on the confirm pages', () => {
  expect(panel.appName).toBe(pages.product);
});

it('reads a catalogue at all: the check above can fail', () => {
  expect(finnishOf('web/src/lib/i18n/fi.ts')).toContain('yhteyshenkilö');
  expect('Omat kontaktit').toMatch(TERMS[0]!.not);
});
