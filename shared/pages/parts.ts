// The pieces the confirm pages share: the request in facts, who has answered, and the code form.
import type { Confirmation, ContactChange } from '../domain/model';
import { formatTime } from '../format';
import { html, listInWords, type Html } from './layout';
import type { PageWords, SentenceView } from './words';

/** What the parts need to know about the request being shown. */
export interface Shown {
  words: PageWords;
  request: ContactChange;
  serviceName: string;
  /** The confirmer whose code it is; absent when the code given matched nobody. */
  confirmer?: string;
}

export function sentenceView({ words, request, serviceName, confirmer }: Shown): SentenceView {
  const others = request.confirmations
    .filter((c) => c.status === 'pending' && c.nic !== confirmer)
    .map((c) => c.nic);
  return {
    serviceName,
    you: confirmer,
    askedBy: request.askedBy,
    from: request.from,
    to: request.to,
    expiresAt: formatTime(words.locale, request.expiresAt),
    completedAt: request.completedAt ? formatTime(words.locale, request.completedAt) : undefined,
    others: listInWords(words.locale, others),
  };
}

/** A handle, marked when it is the reader's own so that "you" is never left to be worked out. */
function handle(words: PageWords, nic: string, confirmer: string | undefined): Html {
  return html`<span class="handle">${nic}</span>${nic === confirmer ? ` ${words.youMark}` : ''}`;
}

export function factsOf(shown: Shown, { open }: { open: boolean }): Html {
  const { words, request, serviceName, confirmer } = shown;
  const roles = listInWords(
    words.locale,
    request.roles.map((role) => words.roleNames[role]),
  );
  const rows: Array<[string, Html | string]> = [
    [words.facts.service, serviceName],
    [request.roles.length === 1 ? words.facts.role : words.facts.roles, roles],
    [
      request.state === 'done' ? words.facts.previous : words.facts.from,
      handle(words, request.from, confirmer),
    ],
    [words.facts.to, handle(words, request.to, confirmer)],
    [words.facts.askedBy, handle(words, request.askedBy, confirmer)],
  ];
  if (request.notified.length > 0) {
    const told = request.notified.map((nic, i) => html`${i > 0 ? ', ' : ''}${handle(words, nic, confirmer)}`);
    rows.push([words.facts.notified, html`${told}`]);
  }
  if (open) rows.push([words.facts.validUntil, formatTime(words.locale, request.expiresAt)]);
  rows.push([words.facts.requestId, html`<span class="handle">${request.id}</span>`]);
  return html`<dl class="facts">
    ${rows.map(
      ([label, value]) =>
        html`<div>
          <dt>${label}</dt>
          <dd>${value}</dd>
        </div>`,
    )}
  </dl>`;
}

/** Who must confirm and where each stands, in words as well as colour. */
export function confirmationsOf(shown: Shown): Html {
  const { words, request, confirmer } = shown;
  const open = request.state === 'awaiting_confirmation';
  const status = (c: Confirmation) =>
    c.status === 'pending' && !open ? words.confirm.neverAnswered : words.confirm.status[c.status];
  const items = request.confirmations.map(
    (c) =>
      html`<li>
        <span class="who"
          >${handle(words, c.nic, confirmer)}${
            c.at ? html`<span class="when">${formatTime(words.locale, c.at)}</span>` : ''
          }</span
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
  const { words, request, confirmer, token, formError } = input;
  const c = words.confirm;
  const describedBy = formError ? 'code-error code-hint' : 'code-hint';
  return html`<section class="answer" aria-labelledby="answer-heading">
      <h2 id="answer-heading">${c.formHeading}</h2>
      ${confirmer ? html`<p>${c.answeringAs(confirmer)}</p>` : ''}
      <form method="post" action="/confirm/${encodeURIComponent(request.id)}">
        <button type="submit" disabled hidden aria-hidden="true"></button>
        <label for="code">${c.codeLabel}</label>
        <p class="hint" id="code-hint">${c.codeHint}</p>
        ${codeInput(token, describedBy, Boolean(formError))}
        ${formError ? html`<p class="field-error" id="code-error">${formError}</p>` : ''}
        <div class="actions">
          <button type="submit" class="primary" name="decision" value="accept">${c.accept}</button>
          <button type="submit" class="secondary" name="decision" value="refuse">${c.refuse}</button>
        </div>
        <ul class="means">
          <li>${c.acceptMeans}</li>
          <li>${c.refuseMeans}</li>
        </ul>
      </form>
    </section>
    <p class="note">${c.personal}</p>`;
}

/** The one code field of both forms: typed or pasted, offered by the OS from the email. */
function codeInput(token: string, describedBy: string, invalid: boolean): Html {
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
    aria-describedby="${describedBy}"
    ${invalid ? html`aria-invalid="true"` : ''}
  />`;
}

/**
 * For a wrong code on an unknown request: a field to retype the code that opens the confirm page
 * again. A GET changes nothing, so the reader sees the request before any answer is possible.
 */
export function retypeForm(words: PageWords, requestId: string, token: string): Html {
  const r = words.problem.retype;
  return html`<form class="answer" method="get" action="/confirm/${encodeURIComponent(requestId)}">
    <label for="code">${r.label}</label>
    ${codeInput(token, 'code-error', true)}
    <p class="field-error" id="code-error">${words.problem.invalidCode.field}</p>
    <div class="actions"><button type="submit" class="primary">${r.button}</button></div>
  </form>`;
}
