// RFC 9457 problem documents, the one shape of every error answer (API.md, "Conventions").
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ErrorCode, FieldProblem } from '../domain/errors';

/**
 * Codes for answers the transport gives on its own, outside the domain's table in API.md:
 * an unexpected failure, a route that exists with another method, a body too large to read.
 */
export const TRANSPORT_CODES = [
  'internal_error',
  'method_not_allowed',
  'payload_too_large',
  'headers_too_large',
] as const;
export type TransportCode = (typeof TRANSPORT_CODES)[number];

export type ProblemCode = ErrorCode | TransportCode;

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  errors?: FieldProblem[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A stable URI per code, so clients may key on `type` as RFC 9457 intends. */
export const problemType = (code: ProblemCode): string => `https://service-contacts.example/problems/${code}`;

export function problemDocument(
  status: number,
  code: ProblemCode,
  title: string,
  detail: string,
  errors?: FieldProblem[],
): ProblemDocument {
  return { type: problemType(code), title, status, detail, code, ...(errors?.length ? { errors } : {}) };
}

export function problemResponse(
  status: number,
  code: ProblemCode,
  title: string,
  detail: string,
  errors?: FieldProblem[],
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE },
    body: JSON.stringify(problemDocument(status, code, title, detail, errors)),
  };
}

/** Short human titles per code; `detail` says what happened this time. */
export const PROBLEM_TITLES: Record<ProblemCode, string> = {
  validation_failed: 'The request is not valid',
  unauthenticated: 'Authentication is required',
  role_not_allowed: 'This role may not be changed by you',
  not_a_party: 'This belongs to another account',
  not_the_asker: 'Only the asker may do this',
  not_found: 'Not found',
  change_pending: 'A change is already pending',
  request_closed: 'The request is closed',
  already_answered: 'Already answered',
  nothing_pending: 'No address change is waiting',
  no_change: 'Nothing would change',
  unknown_account: 'Unknown account',
  zone_mismatch: 'Account in another zone',
  batch_refused: 'Some services of the batch would be refused',
  unpaid_invoices: 'Unpaid invoices',
  no_payment_method: 'No payment method',
  invalid_token: 'Invalid code',
  too_many_attempts: 'Too many attempts',
  too_many_requests: 'Too many requests',
  internal_error: 'Internal error',
  method_not_allowed: 'Method not allowed',
  payload_too_large: 'Payload too large',
  headers_too_large: 'Request header fields too large',
};
