// What API.md promises of every answer, as checks an outside client would make: never a 5xx, and
// every error a problem document whose code is in API.md's table with that code's status (pages of
// /confirm may answer with an HTML page instead). The table is written out again here rather than
// imported: the contract is the reference, not the code under test.
import type { Answer } from './client';

export const STATUS_OF_CODE: Record<string, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  role_not_allowed: 403,
  not_a_party: 403,
  not_the_asker: 403,
  not_found: 404,
  change_pending: 409,
  request_closed: 409,
  already_answered: 409,
  nothing_pending: 409,
  no_change: 422,
  unknown_account: 422,
  zone_mismatch: 422,
  batch_refused: 422,
  unpaid_invoices: 422,
  no_payment_method: 422,
  invalid_token: 422,
  too_many_attempts: 429,
  too_many_requests: 429,
  // The transport's own answers: a route asked with another method, a body over API Gateway's limit.
  method_not_allowed: 405,
  payload_too_large: 413,
};

export const show = (answer: Answer) =>
  `${answer.status} ${answer.headers.get('content-type')} ${String(JSON.stringify(answer.body)).slice(0, 300)}`;

/** Throws unless the answer keeps API.md's promises; `html` allows an HTML page for an error. */
export function checkAnswer(answer: Answer, { html = false } = {}): void {
  if (answer.status >= 500) throw new Error(`5xx: ${show(answer)}`);
  if (answer.status < 400) return;
  const type = answer.headers.get('content-type') ?? '';
  if (html && type.startsWith('text/html')) return;
  if (type !== 'application/problem+json')
    throw new Error(`an error without a problem document: ${show(answer)}`);
  const { type: uri, title, status, detail, code, errors } = answer.body ?? {};
  if (typeof uri !== 'string' || typeof title !== 'string' || typeof detail !== 'string')
    throw new Error(`not an RFC 9457 document: ${show(answer)}`);
  if (status !== answer.status || STATUS_OF_CODE[code] !== answer.status)
    throw new Error(`code and status disagree with API.md: ${show(answer)}`);
  const fieldProblem = (e: { path?: unknown; message?: unknown }) =>
    typeof e?.path === 'string' && typeof e?.message === 'string';
  if (errors !== undefined && !(Array.isArray(errors) && errors.every(fieldProblem)))
    throw new Error(`malformed field problems: ${show(answer)}`);
  if (code === 'too_many_requests' && !/^\d+$/.test(answer.headers.get('retry-after') ?? ''))
    throw new Error(`too_many_requests without Retry-After in seconds: ${show(answer)}`);
}

/**
 * What an answer says, in one word: `ok` for 2xx, else the problem's code; an HTML error page is
 * known by its status alone (`page <status>`), since a page carries no code.
 */
export function outcomeOf(answer: Answer): string {
  if (answer.status < 400) return 'ok';
  if (typeof answer.body === 'object' && answer.body !== null && typeof answer.body.code === 'string')
    return answer.body.code;
  return `page ${answer.status}`;
}
