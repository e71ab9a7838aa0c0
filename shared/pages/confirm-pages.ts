// The public confirm pages behind the emailed link, in the language of the code's owner. Pure
// rendering: the route decides what happened, these functions say it in words. No scripts at all,
// so the pages work in any mail client's browser and under a CSP that allows only nonce'd styles.
import { MAX_WRONG_CODES } from '../domain/codes';
import type { ContactChange } from '../domain/model';
import { html, renderDocument, type Html } from './layout';
import { codeForm, confirmationsOf, factsOf, retypeForm, sentenceView, type Shown } from './parts';
import type { PageLanguage, PageWords, Said, SentenceView } from './words';
import { en } from './words-en';
import { fi } from './words-fi';

export type { PageLanguage } from './words';

const WORDS: Record<PageLanguage, PageWords> = { fi, en };

export interface ConfirmPageInput {
  language: PageLanguage;
  nonce: string;
  request: ContactChange;
  serviceName: string;
  /** The handle whose code it is. */
  confirmer: string;
  token: string;
  formError?: string;
}

export function renderConfirmPage(input: ConfirmPageInput): string {
  return confirmDocument({ ...input, words: WORDS[input.language] });
}

type ConfirmDocumentInput = Omit<ConfirmPageInput, 'confirmer'> &
  Shown & {
    /** Said at the top, before the request, with a link down to the field: a wrong code shown once is missed. */
    alert?: Said & { fix: string };
  };

/** The confirm page, also when the code given matched nobody (then no one is "you"). */
function confirmDocument(input: ConfirmDocumentInput): string {
  const { language, nonce, words, formError, alert } = input;
  const view = sentenceView(input);
  const title = words.confirm.title(view);
  const body = html`${
      alert
        ? html`<div class="alert">
            <h2>${alert.title}</h2>
            <p>${alert.body}</p>
            <p><a href="#code">${alert.fix}</a></p>
          </div>`
        : ''
    }
    <p class="eyebrow">${words.eyebrow}</p>
    <h1>${title}</h1>
    <p class="lead">${words.confirm.intro(view)}</p>
    ${factsOf(input, { open: true })} ${confirmationsOf(input)} ${codeForm(input)}`;
  return renderDocument({ language, words, nonce, title, isError: formError !== undefined, body });
}

export interface AnswerPageInput {
  language: PageLanguage;
  nonce: string;
  request: ContactChange;
  serviceName: string;
  confirmer: string;
  decision: 'accept' | 'refuse';
}

type Tone = 'ok' | 'wait' | 'bad' | 'info';
const BADGES: Record<Tone, string> = { ok: '✓', wait: '', bad: '✕', info: 'i' };

/** What happened after an answer, read from where the request stands now rather than from the decision. */
export function renderAnswerPage(input: AnswerPageInput): string {
  const words = WORDS[input.language];
  const shown = { ...input, words };
  const view = sentenceView(shown);
  const mine = input.request.confirmations.find((c) => c.nic === input.confirmer);
  const state = input.request.state;
  // The recorded answer decides "you refused": a refusal may be stored before the request is closed.
  const [said, tone] = ((): [Said, Tone] => {
    if (mine?.status === 'refused') return [words.outcome.refused(view), 'bad'];
    if (state === 'done') return [words.outcome.done(view), 'ok'];
    if (state === 'applying') return [words.outcome.applying(view), 'ok'];
    if (state === 'awaiting_confirmation') {
      const waiting = input.request.confirmations.some(
        (c) => c.status === 'pending' && c.nic !== input.confirmer,
      );
      return waiting ? [words.outcome.waiting(view), 'wait'] : [words.outcome.applying(view), 'ok'];
    }
    return [{ title: words.outcome.ended, body: closedInWords(words, input.request, view) }, 'info'];
  })();
  const body = html`${outcome(words, said, tone)}
  ${factsOf(shown, { open: state === 'awaiting_confirmation' })} ${confirmationsOf(shown)}`;
  return renderDocument({ language: input.language, words, nonce: input.nonce, title: said.title, body });
}

export interface ProblemPageInput {
  language: PageLanguage;
  nonce: string;
  /** An API error code, or 'internal_error'. */
  code: string;
  detail?: string;
  requestId?: string;
  token?: string;
  request?: ContactChange;
  serviceName?: string;
  confirmer?: string;
}

/** A readable page per problem; a wrong code on a known request shows the form again to retype it. */
export function renderProblemPage(input: ProblemPageInput): string {
  const { language, nonce, code, detail, request, confirmer } = input;
  const words = WORDS[language];
  const p = words.problem;
  const shown: Shown | undefined = request && {
    words,
    request,
    serviceName: input.serviceName ?? request.serviceId,
    confirmer,
  };
  if (code === 'invalid_token' && shown) {
    return confirmDocument({
      ...shown,
      language,
      nonce,
      token: input.token ?? '',
      formError: p.invalidCode.field,
      alert: p.invalidCode,
    });
  }
  const [said, tone, extra] = ((): [Said, Tone, Html?] => {
    switch (code) {
      case 'invalid_token':
        return [
          p.invalidCode,
          'bad',
          input.requestId ? retypeForm(words, input.requestId, input.token ?? '') : undefined,
        ];
      case 'already_answered':
        return [p.alreadyAnswered, 'info'];
      case 'request_closed':
        return [
          { ...p.requestClosed, next: shown && closedInWords(words, shown.request, sentenceView(shown)) },
          'info',
        ];
      case 'too_many_attempts':
        return [p.tooManyAttempts(MAX_WRONG_CODES), 'bad'];
      case 'internal_error':
        return [p.internalError, 'bad'];
      default:
        return [p.invalidLink, 'bad'];
    }
  })();
  const open = shown?.request.state === 'awaiting_confirmation';
  const body = html`${outcome(words, said, tone)} ${extra}
  ${shown ? html`${factsOf(shown, { open })}${confirmationsOf(shown)}` : ''}
  ${detail ? html`<p class="detail">${p.detailLabel} ${detail}</p>` : ''}`;
  return renderDocument({ language, words, nonce, title: said.title, isError: true, body });
}

function outcome(words: PageWords, said: Said, tone: Tone): Html {
  return html`<p class="eyebrow">${words.eyebrow}</p>
    <div class="outcome">
      <span class="badge badge-${tone}" aria-hidden="true">${BADGES[tone]}</span>
      <div>
        <h1>${said.title}</h1>
        <p class="lead">${said.body}</p>
        ${said.next ? html`<p>${said.next}</p>` : ''}
      </div>
    </div>`;
}

function closedInWords(words: PageWords, request: ContactChange, view: SentenceView): string {
  const how = words.closed[request.state](view);
  return request.reason ? `${how} ${words.reason(request.reason)}` : how;
}

/** For pages where the code's owner is unknown: Finnish if the browser prefers it to English. */
export function pickLanguage(acceptLanguage: string | undefined): PageLanguage {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((entry, index) => {
      const [tag = '', ...params] = entry.trim().toLowerCase().split(';');
      const q = params.map((param) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(param)?.[1]).find(Boolean);
      return { primary: tag.trim().split('-')[0], q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0 && (entry.primary === 'fi' || entry.primary === 'en'))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.primary === 'fi' ? 'fi' : 'en';
}
