// The public confirm pages behind the emailed link, in the language of the code's owner. Pure
// rendering: the route decides what happened, these functions say it in words. No scripts at all,
// so the pages work in any mail client's browser and under a CSP that allows only nonce'd styles.
import { MAX_WRONG_CODES } from '../domain/codes';
import type { ContactChange, Handle } from '../domain/model';
import { html, renderDocument, type Html } from './layout';
import { peopleOf, rolesInWords } from '../language/people';
import {
  adminWarning,
  answerForm,
  codeForm,
  codeLookupForm,
  confirmationsOf,
  factsOf,
  rolesExplained,
  sentenceView,
  type Shown,
} from './parts';
import type { PageLanguage, PageWords, Said } from './words';
import { en } from './words-en';
import { fi } from './words-fi';

export type { PageLanguage } from './words';

const WORDS: Record<PageLanguage, PageWords> = { fi, en };

/** What every page is given. */
export interface PageBase {
  language: PageLanguage;
  nonce: string;
  /** The hosting provider's name, in the page's header and title. */
  providerName: string;
}

/** A page about one request, to a reader whose names and time zone are known. */
export interface RequestPageInput extends PageBase {
  request: ContactChange;
  serviceName: string;
  /** Names of the accounts the request names, by handle. */
  names: Readonly<Record<Handle, string>>;
  timeZone: string;
}

const shownOf = (input: RequestPageInput, confirmer?: string): Shown => ({
  words: WORDS[input.language],
  request: input.request,
  serviceName: input.serviceName,
  names: input.names,
  timeZone: input.timeZone,
  ...(confirmer !== undefined && { confirmer }),
});

const documentOf = (base: PageBase, title: string, body: Html, isError = false): string =>
  renderDocument({
    language: base.language,
    words: WORDS[base.language],
    nonce: base.nonce,
    providerName: base.providerName,
    title,
    isError,
    body,
  });

export interface ConfirmPageInput extends RequestPageInput {
  /** The handle whose code it is. */
  confirmer: string;
  token: string;
}

/** The request with Accept and Refuse at the top, where they are seen without scrolling; the details follow. */
export function renderConfirmPage(input: ConfirmPageInput): string {
  return confirmDocument(input, shownOf(input, input.confirmer));
}

/** The confirm page: the request in words, Accept and Refuse, for the owner of the code. */
function confirmDocument(base: PageBase & { token: string }, shown: Shown): string {
  const { words } = shown;
  const view = sentenceView(shown);
  const title = words.confirm.title(view);
  const body = html`<p class="eyebrow">${words.eyebrow}</p>
    <h1>${title}</h1>
    <p class="lead">${words.confirm.intro(view)}</p>
    ${adminWarning(shown)} ${codeForm({ ...shown, token: base.token })}
    <p class="note">${words.confirm.personal}</p>
    ${rolesExplained(shown)} ${factsOf(shown, { open: true })} ${confirmationsOf(shown)}`;
  return documentOf(base, title, body);
}

export interface StatusPageInput extends RequestPageInput {
  /** The code's owner. */
  confirmer: string;
  /** Right after their answer, rather than on opening the link again. */
  fresh: boolean;
  /** The current time (ISO): a request still open past its window has in fact expired. */
  now: string;
}

type Tone = 'ok' | 'wait' | 'bad' | 'info';
const BADGES: Record<Tone, string> = { ok: '✓', wait: '', bad: '✕', info: 'i' };

/**
 * Where a request stands, for the owner of a code that answered it or that it ended with: their
 * answer, who else has answered, and, once it has ended, who ended it, how and when.
 */
export function renderStatusPage(input: StatusPageInput): string {
  const shown = shownOf(input, input.confirmer);
  const { words, request, confirmer } = shown;
  const view = sentenceView(shown);
  const s = words.status;
  const open = request.state === 'awaiting_confirmation' && request.expiresAt > input.now;
  const [said, tone] = ((): [Said, Tone] => {
    switch (request.state) {
      case 'awaiting_confirmation': {
        if (!open) return [s.expired(view), 'info'];
        const waiting = request.confirmations.some((c) => c.status === 'pending' && c.nic !== confirmer);
        return waiting ? [s.waiting(view, input.fresh), 'wait'] : [s.applying(view, input.fresh), 'ok'];
      }
      case 'applying':
        return [s.applying(view, input.fresh), 'ok'];
      case 'done':
        return [s.done(view, input.fresh), 'ok'];
      case 'refused':
        return [s.refused(view, request.why?.nics.includes(confirmer!) ?? false), 'bad'];
      case 'expired':
        return [s.expired(view), 'info'];
      case 'cancelled':
        return [s.cancelled(view), 'info'];
      case 'failed':
        return [s.failed(view), 'bad'];
    }
  })();
  const ended = !open && request.state !== 'applying' && request.state !== 'done';
  const next = said.next ?? (ended && view.youAre.asker ? s.askAgain : undefined);
  const body = html`${outcome(words, { ...said, next }, tone)} ${factsOf(shown, { open })}
  ${confirmationsOf(shown)}`;
  return documentOf(input, said.title, body);
}

/** A batch's requests for the owner of its code, and the reader's names. */
export interface BatchPageInput extends PageBase {
  batchId: string;
  askedBy: Handle;
  /** The requests shown: those awaiting the reader's answer, or all that concern them. */
  requests: ContactChange[];
  confirmer: Handle;
  names: Readonly<Record<Handle, string>>;
}

/** Each request as a line: the service by name, and which roles move from whom to whom. */
function batchServices(input: BatchPageInput, state?: (request: ContactChange) => [string, string]): Html {
  const words = WORDS[input.language];
  const people = peopleOf(input.names);
  const items = input.requests.map((request) => {
    const pill = state?.(request);
    return html`<li>
      <span class="who"
        ><strong>${request.serviceName}</strong
        ><span class="when"
          >${words.batch.change({
            roles: rolesInWords(words.words, request.roles),
            from: people.name(request.from),
            to: people.name(request.to),
          })}</span
        ></span
      >${pill ? html`<span class="pill pill-${pill[0]}">${pill[1]}</span>` : ''}
    </li>`;
  });
  return html`<h2>${words.batch.servicesHeading}</h2>
    <ul class="people">
      ${items}
    </ul>`;
}

/** The batch page: every service awaiting the code's owner, one Accept and one Refuse for all of them. */
export function renderBatchConfirmPage(input: BatchPageInput & { token: string }): string {
  const words = WORDS[input.language];
  const b = words.batch;
  const count = input.requests.length;
  const title = b.title(count);
  const admin = input.requests.some((request) => request.roles.includes('admin'));
  const body = html`<p class="eyebrow">${b.eyebrow}</p>
    <h1>${title}</h1>
    <p class="lead">
      ${b.intro({
        askedBy: peopleOf(input.names).name(input.askedBy),
        count,
        youAsked: input.askedBy === input.confirmer,
      })}
    </p>
    ${admin ? html`<p class="warning">${words.words.adminWarning}</p>` : ''}
    ${answerForm({
      words,
      action: `/confirm/batch/${encodeURIComponent(input.batchId)}`,
      token: input.token,
      means: [b.acceptMeans, b.refuseMeans],
    })}
    <p class="note">${words.confirm.personal}</p>
    ${batchServices(input)}`;
  return documentOf(input, title, body);
}

/** Where each of the owner's requests stands: after their answer (`fresh`) or on opening the link again. */
export function renderBatchStatusPage(input: BatchPageInput & { fresh: boolean }): string {
  const words = WORDS[input.language];
  const b = words.batch;
  const mine = (request: ContactChange) => request.confirmations.find((c) => c.nic === input.confirmer);
  const count = (status: string) => input.requests.filter((r) => mine(r)?.status === status).length;
  const said = b.answered({ accepted: count('accepted'), refused: count('refused'), fresh: input.fresh });
  const tone: Tone = count('refused') > 0 && count('accepted') === 0 ? 'bad' : 'ok';
  const state = (request: ContactChange): [string, string] => {
    switch (request.state) {
      case 'awaiting_confirmation':
        return mine(request)?.status === 'pending'
          ? ['pending', b.state.awaiting_confirmation]
          : ['pending', b.state.waiting];
      case 'applying':
      case 'done':
        return ['accepted', b.state[request.state]];
      default:
        return ['refused', b.state[request.state]];
    }
  };
  const body = html`${outcome(words, said, tone)} ${batchServices(input, state)}`;
  return documentOf(input, said.title, body);
}

/** The link of a reminder: no code in it, so the reader types the one emailed before. */
export function renderEnterCodePage(input: PageBase & { requestId: string }): string {
  const words = WORDS[input.language];
  const e = words.enterCode;
  const body = html`<p class="eyebrow">${words.eyebrow}</p>
    <h1>${e.title}</h1>
    <p class="lead">${e.body}</p>
    ${codeLookupForm(input.requestId, '', { label: e.label, button: e.button })}`;
  return documentOf(input, e.title, body);
}

export interface ProblemPageInput extends PageBase {
  /** An API error code, or 'internal_error'. */
  code: string;
  requestId?: string;
  token?: string;
  /** For too_many_requests: when to try again. */
  retryAfterSeconds?: number;
}

/**
 * A readable page per problem; a wrong code shows a field to type it again. Nothing of the request:
 * a wrong code shows no more than no code does (issue 22), since only its owner may see the request.
 */
export function renderProblemPage(input: ProblemPageInput): string {
  const words = WORDS[input.language];
  const p = words.problem;
  const [said, tone, extra] = ((): [Said, Tone, Html?] => {
    switch (input.code) {
      case 'invalid_token':
        return [
          p.invalidCode,
          'bad',
          input.requestId
            ? codeLookupForm(input.requestId, input.token ?? '', {
                label: p.retype.label,
                button: p.retype.button,
                error: p.invalidCode.field,
              })
            : undefined,
        ];
      case 'too_many_attempts':
        return [p.tooManyAttempts(MAX_WRONG_CODES), 'bad'];
      case 'too_many_requests':
        return [p.tooManyCodes(Math.ceil((input.retryAfterSeconds ?? 3600) / 60)), 'bad'];
      case 'internal_error':
        return [p.internalError, 'bad'];
      default:
        return [p.invalidLink, 'bad'];
    }
  })();
  return documentOf(input, said.title, html`${outcome(words, said, tone)} ${extra}`, true);
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
