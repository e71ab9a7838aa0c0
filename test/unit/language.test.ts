// No English in a Finnish email or page, and no Finnish in an English one: every kind of email to
// every kind of reader (test/support/email-samples.ts) and every page state (page-samples.ts) is read
// for words of the other language, once what customers typed (names, handles, service names,
// addresses, links, codes) is taken out.
import { describe, expect, it } from 'vitest';
import type { Language } from '../../shared/domain/model';
import { renderEmail } from '../../shared/email/render';
import { emailSamples } from '../support/email-samples';
import { pageSamples } from '../support/page-samples';
import { ALL_EMAILS } from '../../shared/email/kinds/all';

/** Words that only English has (months too), and Finnish's; a hit is a leak from the other language. */
const ENGLISH = new Set(
  (
    'the and of to you your yours is are was were be been for with this that these not has have had by ' +
    'it its in an at as if or but from will can may must please no yes who what when why which ' +
    'request contact contacts change changes code codes confirm confirmed confirmation accept accepted ' +
    'refuse refused cancel cancelled expired expire failed done reason details service role roles until ' +
    'january february march april may june july august september october november december ' +
    'monday tuesday wednesday thursday friday saturday sunday'
  ).split(' '),
);
const FINNISH = new Set(
  (
    'ja ei että tai se sen ne niitä joka jonka kun mutta myös vain jo vielä nyt enää sinä sinun sinulle sinulla ' +
    'olet olit hei kiitos palvelu palvelun pyyntö pyynnön pyyntöä muutos muutoksen koodi koodin vahvista ' +
    'vahvistus hyväksy hylkää voimassa asti klo mennessä joulukuuta marraskuuta maaliskuuta'
  ).split(' '),
);

/** What customers typed, and what no language owns: taken out before the words are read. */
const DATA = [
  /https?:\/\/\S+/g,
  /[\w.+-]+@[\w.-]+\.\w+/g,
  /\b[a-z]{2}\d+-ovh\b/gi,
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
  /\b[0-9A-Z]{4}(-[0-9A-Z]{2,4})+\b/g, // codes
  /\bexample\.fi\b/g,
  /\bExample Hosting\b/g,
  /\b(Aino Aalto|Bob Brown|Zed Zorn|Cecilia Carlsson)\b/g,
];

const wordsOf = (text: string): string[] =>
  DATA.reduce((rest, pattern) => rest.replace(pattern, ' '), text)
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean);

/** The words of `text` that belong to the other language than `language`. */
export function foreignWords(text: string, language: Language): string[] {
  const foreign = language === 'fi' ? ENGLISH : FINNISH;
  return [
    ...new Set(
      wordsOf(text).filter((word) => foreign.has(word) || (language === 'en' && /[äöå]/.test(word))),
    ),
  ];
}

/** What a reader sees of a page or an email's HTML: its text, and the labels read aloud. */
const visibleText = (html: string): string =>
  html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/(?:aria-label|title|alt)="([^"]*)"/g, ' $1 <')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39);/g, ' ');

describe('the check itself', () => {
  it('finds English in a Finnish sentence, and Finnish in an English one', () => {
    expect(foreignWords('Syy: bb4321-ovh refused the change.', 'fi')).toEqual(['refused', 'the', 'change']);
    expect(foreignWords('Reason: bb4321-ovh hylkäsi muutoksen.', 'en')).toEqual(['hylkäsi', 'muutoksen']);
    expect(foreignWords('Voimassa asti 8. December 2025', 'fi')).toEqual(['december']);
  });

  it('leaves names, handles, links and codes alone', () => {
    expect(
      foreignWords(
        'Hei Bob Brown (bb4321-ovh): https://x.example/confirm/a?token=7K3M-QW9P, example.fi',
        'fi',
      ),
    ).toEqual([]);
  });
});

describe.each(['fi', 'en'] as const)('every email in %s', (language) => {
  it('speaks only its language, in the subject, the text part and the HTML part', async () => {
    const samples = await emailSamples(language);
    expect(samples.length).toBeGreaterThan(25);
    const leaks = samples.flatMap(({ name, message }) => {
      const email = renderEmail(message, ALL_EMAILS[message.kind], { providerName: 'Example Hosting' });
      const found = foreignWords(`${email.subject}\n${email.text}\n${visibleText(email.html)}`, language);
      return found.length > 0 ? [`${name}: ${found.join(', ')}`] : [];
    });
    expect(leaks).toEqual([]);
  });
});

describe.each(['fi', 'en'] as const)('every confirm page in %s', (language) => {
  it.each(pageSamples(language).map((page) => [page.name, page.html]))(
    '%s speaks only its language',
    (_, html) => {
      expect(foreignWords(visibleText(html), language)).toEqual([]);
    },
  );
});
