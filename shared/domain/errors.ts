// Errors are values the caller can name: each carries the API code of API.md's table.
// One HTTP middleware maps them to problem documents; nothing matches on messages.

export const ERROR_STATUS = {
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
  unpaid_invoices: 422,
  no_payment_method: 422,
  batch_refused: 422,
  invalid_token: 422,
  too_many_attempts: 429,
  too_many_requests: 429,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldProblem {
  /** Where the problem is, e.g. `tech` or `body.email`. */
  path: string;
  message: string;
  /** For batch_refused: the code a single request for that service would get. */
  code?: ErrorCode;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors: FieldProblem[] = [],
    /** For a rate limit: when to try again (the HTTP answer's Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
