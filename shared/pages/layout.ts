// The page shell and the one way markup is written for the confirm pages: the `html` template tag
// escapes every interpolated string, so a service name or handle typed by a customer can never
// become markup, and only fragments built by `html` itself pass through unescaped.
import { escapeHtml } from '../html';
import { PAGE_CSS } from './styles';
import type { PageLanguage, PageWords } from './words';

/** Markup that is already safe: made by `html`, never from a plain string. */
export class Html {
  readonly #markup: string;
  private constructor(markup: string) {
    this.#markup = markup;
  }
  static trusted(markup: string): Html {
    return new Html(markup);
  }
  toString(): string {
    return this.#markup;
  }
}

type Part = string | Html | readonly Part[] | false | null | undefined;

const write = (part: Part): string => {
  if (part === false || part === null || part === undefined) return '';
  if (part instanceof Html) return part.toString();
  if (Array.isArray(part)) return part.map(write).join('');
  return escapeHtml(part as string);
};

export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  return Html.trusted(
    strings.reduce((out, text, i) => out + text + (i < parts.length ? write(parts[i]) : ''), ''),
  );
}

export interface Document {
  language: PageLanguage;
  words: PageWords;
  nonce: string;
  providerName: string;
  /** The <title>; also the h1 unless the body brings its own. */
  title: string;
  isError?: boolean;
  body: Html;
}

export function renderDocument(doc: Document): string {
  const { language, words, nonce, providerName, title, isError = false, body } = doc;
  const fullTitle = `${isError ? words.errorPrefix : ''}${title} – ${providerName}`;
  return `<!doctype html>
${html`<html lang="${language}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <meta name="robots" content="noindex, nofollow" />
    <title>${fullTitle}</title>
    <style nonce="${nonce}">
      ${Html.trusted(PAGE_CSS)}
    </style>
  </head>
  <body>
    <header class="top">
      <div class="top-in">
        <span class="mark" aria-hidden="true"></span>
        <span><span class="brand">${providerName}</span> <span class="product">${words.product}</span></span>
      </div>
    </header>
    <main class="wrap">
      <div class="card">${body}</div>
    </main>
  </body>
</html>`}
`;
}
