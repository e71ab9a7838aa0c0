// The pieces the confirm pages share: the request in facts, who has answered, what the roles mean,
// and the code forms. People are named as in the emails: "Aino Aalto (aa123456-ovh)".
import type { Confirmation, ContactChange, Handle } from '../domain/model';
import { formatTime, listInWords, peopleOf, rolesInWords } from '../language/people';
import { html, type Html } from './layout';
import type { PageWords, SentenceView } from './words';

/** What the parts need to know about the request being shown, and about its reader. */
export interface Shown {
  words: PageWords;
  request: ContactChange;
  serviceName: string;
  /** The confirmer whose code it is; absent when the code given matched nobody. */
  confirmer?: string;
  /** Names of the accounts the request names, by handle. */
  names: Readonly<Record<Handle, string>>;
  /** The reader's time zone (IANA). */
  timeZone: string;
}

const when = ({ words, timeZone }: Shown, iso: string) => formatTime(words.words.locale, iso, timeZone);

export function sentenceView(shown: Shown): SentenceView {
  const { words, request, serviceName, confirmer, names } = shown;
  const people = peopleOf(names, confirmer);
  const others = request.confirmations
    .filter((c) => c.status === 'pending' && c.nic !== confirmer)
    .map((c) => people.name(c.nic));
  return {
    serviceName,
    roles: rolesInWords(words.words, request.roles),
    you: confirmer,
    youAre: {
      asker: request.askedBy === confirmer,
      from: request.from === confirmer,
      to: request.to === confirmer,
    },
    askedBy: people.name(request.askedBy),
    from: people.name(request.from),
    to: people.name(request.to),
    expiresAt: when(shown, request.expiresAt),
    completedAt: request.completedAt ? when(shown, request.completedAt) : undefined,
    others: listInWords(words.words.locale, others),
    why: request.why ? words.words.why(request.why, people) : undefined,
  };
}

/** A person by name and handle, marked when it is the reader, so that "you" is never left to be worked out. */
function person({ words, names, confirmer }: Shown, nic: string): Html {
  const name = names[nic];
  return html`${name ? `${name} ` : ''}<span class="handle">${name ? `(${nic})` : nic}</span>${
      nic === confirmer ? ` ${words.youMark}` : ''
    }`;
}

export function factsOf(shown: Shown, { open }: { open: boolean }): Html {
  const { words, request, serviceName } = shown;
  const f = words.facts;
  const rows: Array<[string, Html | string]> = [
    [f.service, serviceName],
    [request.roles.length === 1 ? f.role : f.roles, rolesInWords(words.words, request.roles)],
    [request.state === 'done' ? f.previous : f.from, person(shown, request.from)],
    [f.to, person(shown, request.to)],
    [f.askedBy, person(shown, request.askedBy)],
  ];
  if (request.notified.length > 0) {
    const told = request.notified.map((nic, i) => html`${i > 0 ? ', ' : ''}${person(shown, nic)}`);
    rows.push([f.notified, html`${told}`]);
  }
  if (open) rows.push([f.validUntil, when(shown, request.expiresAt)]);
  rows.push([f.requestId, html`<span class="handle">${request.id}</span>`]);
  return html`<h2>${f.heading}</h2>
    <dl class="facts">
      ${rows.map(
        ([label, value]) =>
          html`<div>
            <dt>${label}</dt>
            <dd>${value}</dd>
          </div>`,
      )}
    </dl>`;
}

/** What each role the request moves means (DESIGN.md's definitions). */
export function rolesExplained({ words, request }: Shown): Html {
  return html`<section class="roles" aria-label="${words.words.rolesHeading}">
    <p class="small">${words.words.rolesHeading}</p>
    <ul class="small">
      ${request.roles.map((role) => html`<li>${words.words.roleMeanings[role]}</li>`)}
    </ul>
  </section>`;
}

/** The guide's warning, before the answer, whenever the administrative role moves. */
export const adminWarning = ({ words, request }: Shown): Html | '' =>
  request.roles.includes('admin') ? html`<p class="warning">${words.words.adminWarning}</p>` : '';

/** Who must confirm and where each stands, in words as well as colour. */
export function confirmationsOf(shown: Shown): Html {
  const { words, request } = shown;
  const open = request.state === 'awaiting_confirmation';
  const status = (c: Confirmation) =>
    c.status === 'pending' && !open ? words.confirm.neverAnswered : words.confirm.status[c.status];
  const items = request.confirmations.map(
    (c) =>
      html`<li>
        <span class="who"
          >${person(shown, c.nic)}${c.at ? html`<span class="when">${when(shown, c.at)}</span>` : ''}</span
        ><span class="pill pill-${c.status}">${status(c)}</span>
      </li>`,
  );
  // The note is a promise about the future, so only an open request makes it.
  return html`<h2>${words.confirm.answersHeading}</h2>
    ${open ? html`<p class="muted small">${words.confirm.answersNote}</p>` : ''}
    <ul class="people">
      ${items}
    </ul>`;
}

export interface FormInput extends Shown {
  token: string;
  formError?: string;
}

/**
 * The answer form. Its first submit button is a disabled, hidden one, so that Enter in the code
 * field does nothing: with two consequential answers, only a deliberate press may choose one.
 */
export function codeForm(input: FormInput): Html {
  const c = input.words.confirm;
  return answerForm({
    words: input.words,
    action: `/confirm/${encodeURIComponent(input.request.id)}`,
    token: input.token,
    means: [c.acceptMeans, c.refuseMeans],
    ...(input.formError !== undefined && { formError: input.formError }),
  });
}

/** The answer form, posting to `action`: one request's page, or a batch's. */
export function answerForm(input: {
  words: PageWords;
  action: string;
  token: string;
  /** What accepting and what refusing mean. */
  means: [string, string];
  formError?: string;
}): Html {
  const { words, action, token, formError, means } = input;
  const c = words.confirm;
  const describedBy = formError ? 'code-error code-hint' : 'code-hint';
  return html`<section class="answer" aria-labelledby="answer-heading">
    <h2 id="answer-heading">${c.formHeading}</h2>
    <form method="post" action="${action}">
      <button type="submit" disabled hidden aria-hidden="true"></button>
      <label for="code">${c.codeLabel}</label>
      ${codeInput(token, describedBy, Boolean(formError))}
      <p class="hint" id="code-hint">${c.codeHint}</p>
      ${formError ? html`<p class="field-error" id="code-error">${formError}</p>` : ''}
      <div class="actions">
        <button type="submit" class="primary" name="decision" value="accept">${c.accept}</button>
        <button type="submit" class="danger" name="decision" value="refuse">${c.refuse}</button>
      </div>
      <ul class="means">
        <li>${means[0]}</li>
        <li>${means[1]}</li>
      </ul>
    </form>
  </section>`;
}

/** The one code field of every form: typed or pasted, offered by the OS from the email. */
function codeInput(token: string, describedBy: string | undefined, invalid: boolean): Html {
  return html`<input
    id="code"
    name="token"
    type="text"
    value="${token}"
    required
    maxlength="64"
    autocomplete="one-time-code"
    autocapitalize="characters"
    spellcheck="false"
    ${describedBy ? html`aria-describedby="${describedBy}"` : ''}
    ${invalid ? html`aria-invalid="true"` : ''}
  />`;
}

/**
 * A field to type (or retype) a code that opens the confirm page with it. A GET changes nothing, so
 * the reader sees the request before any answer is possible.
 */
export function codeLookupForm(
  requestId: string,
  token: string,
  { label, button, error }: { label: string; button: string; error?: string },
): Html {
  return html`<form class="answer" method="get" action="/confirm/${encodeURIComponent(requestId)}">
    <label for="code">${label}</label>
    ${codeInput(token, error ? 'code-error' : undefined, Boolean(error))}
    ${error ? html`<p class="field-error" id="code-error">${error}</p>` : ''}
    <div class="actions"><button type="submit" class="primary">${button}</button></div>
  </form>`;
}
