// The one middy stack of every HTTP route: a route handler declares its RouteSpec and a function
// that reads like the use case; parsing, validation, the caller, error mapping, headers and
// logging context are done here, once.
import { randomBytes } from 'node:crypto';
import middy, { type MiddlewareObj } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import type * as z from '../zod';
import { DomainError, isDomainError, type FieldProblem } from '../domain/errors';
import type { Handle } from '../domain/model';
import { logger } from './logger';
import { publishCounted } from '../telemetry';
import { apiHeaders } from './headers';
import {
  inputOf,
  recordParsedWith,
  type ApiEvent,
  type ApiResult,
  type RouteHandler,
  type Input,
  type RouteInputSpec,
} from './route-spec';
import { PROBLEM_TITLES, problemDocument, problemResponse, type ProblemDocument } from './problem';
import { handleSchema } from './schemas';
import { escapeHtml } from '../html';

export type { ApiEvent, ApiResult, RouteHandler, RouteInputSpec } from './route-spec';
export { parsedWith } from './route-spec';

type Parsed<S, K extends string> = S extends { [P in K]: infer T }
  ? T extends Input<z.ZodMiniType> & (() => infer U extends z.ZodMiniType)
    ? z.output<U>
    : T extends z.ZodMiniType
      ? z.output<T>
      : undefined
  : undefined;

export interface RouteRequest<S extends RouteInputSpec> {
  params: Parsed<S, 'params'>;
  query: Parsed<S, 'query'>;
  headers: Parsed<S, 'headers'>;
  body: Parsed<S, 'body'>;
  /** The caller's handle, lower-case; present exactly when the route has `auth: true`. */
  caller: S extends { auth: true } ? Handle : undefined;
  event: ApiEvent;
  /** When this invocation is cut off (the Lambda's timeout): nothing it started runs past it. */
  deadline: Date;
}

/** An answer other than 200: `reply(202, body)`. A plain value returned by a route means 200. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body?: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}
export const reply = (status: number, body?: unknown, headers?: Record<string, string>) =>
  new Reply(status, body, headers);

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;

const invalid = (errors: FieldProblem[]) =>
  new DomainError('validation_failed', 'The request is not valid.', errors);

/** The raw body as the route's format reads it: JSON, or a form as an object of strings. */
function readBody(event: ApiEvent, format: 'json' | 'html'): unknown {
  if (event.body === undefined || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  const contentType = event.headers?.['content-type'] ?? '';
  if (format === 'html') {
    if (!FORM_TYPE.test(contentType)) {
      throw invalid([{ path: 'body', message: 'Expected content-type application/x-www-form-urlencoded' }]);
    }
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (!JSON_TYPE.test(contentType))
    throw invalid([{ path: 'body', message: 'Expected content-type application/json' }]);
  try {
    return JSON.parse(text);
  } catch {
    throw invalid([{ path: 'body', message: 'Malformed JSON' }]);
  }
}

/** API Gateway's JWT authorizer has checked the token; the handle is its `nic` claim. */
function readCaller(event: ApiEvent): Handle {
  const context = event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
  const parsed = handleSchema().safeParse(context.authorizer?.jwt?.claims?.nic);
  if (!parsed.success)
    throw new DomainError('unauthenticated', 'A valid bearer token with a handle is required.');
  return parsed.data;
}

/** One input parsed with its schema (none: undefined); its issues are added to `errors`. */
function check(
  errors: FieldProblem[],
  where: string,
  input: Input<z.ZodMiniType> | undefined,
  value: () => unknown,
): unknown {
  const schema = inputOf(input);
  if (!schema) return undefined;
  const result = schema.safeParse(value());
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    errors.push({ path: [where, ...issue.path.map(String)].join('.'), message: issue.message });
  }
  return undefined;
}

function readRequest<S extends RouteInputSpec>(
  route: S,
  event: ApiEvent,
  context: Context,
  format: 'json' | 'html',
): RouteRequest<S> {
  const caller = route.auth ? readCaller(event) : undefined;
  const errors: FieldProblem[] = [];
  const request = {
    params: check(errors, 'params', route.params, () => event.pathParameters ?? {}),
    query: check(errors, 'query', route.query, () => event.queryStringParameters ?? {}),
    headers: check(errors, 'headers', route.headers, () => event.headers ?? {}),
    body: check(errors, 'body', route.body, () => readBody(event, format)),
    caller,
    event,
    deadline: new Date(Date.now() + context.getRemainingTimeInMillis()),
  };
  if (errors.length > 0) throw invalid(errors);
  return request as RouteRequest<S>;
}

/** The problem an error stands for. Unknown errors are logged and answered without internals. */
function problemFor(error: unknown, context: Partial<Context>): ProblemDocument {
  if (isDomainError(error)) {
    logger.info('Request refused', { errorCode: error.code, status: error.status });
    return problemDocument(error.status, error.code, PROBLEM_TITLES[error.code], error.message, error.errors);
  }
  logger.error('Unhandled error', error as Error);
  const reference = context.awsRequestId ? ` Reference: ${context.awsRequestId}.` : '';
  return problemDocument(
    500,
    'internal_error',
    PROBLEM_TITLES.internal_error,
    `Something went wrong on our side.${reference}`,
  );
}

const problemOnError: MiddlewareObj<ApiEvent, ApiResult> = {
  onError: (request) => {
    const { status, code, title, detail, errors } = problemFor(request.error, request.context);
    // Set, not returned: a returned value would stop the header middlewares from running.
    request.response = problemResponse(status, code, title, detail, errors);
    const retryAfter = isDomainError(request.error) ? request.error.retryAfterSeconds : undefined;
    if (retryAfter !== undefined)
      request.response.headers = { ...request.response.headers, 'retry-after': String(retryAfter) };
  },
};

function stack(
  route: RouteInputSpec,
  run: (event: ApiEvent, context: Context) => Promise<ApiResult>,
): RouteHandler {
  const handler = middy<ApiEvent, ApiResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(publishCounted)
    .use(apiHeaders)
    .use(problemOnError)
    .handler(run);
  recordParsedWith(handler, route);
  return handler;
}

function jsonResult(value: unknown): ApiResult {
  const { status, body, headers } =
    value instanceof Reply ? value : new Reply(value === undefined ? 204 : 200, value);
  if (body === undefined) return { statusCode: status, headers: { ...headers } };
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/** A JSON route: `export const handler = jsonRoute(route, async ({ params, body, caller }) => …)`. */
export function jsonRoute<const S extends RouteInputSpec>(
  route: S,
  run: (request: RouteRequest<S>) => Promise<unknown>,
): RouteHandler {
  return stack(route, async (event, context) =>
    jsonResult(await run(readRequest(route, event, context, 'json'))),
  );
}

export interface HtmlRequest<S extends RouteInputSpec> extends RouteRequest<S> {
  /** Put `nonce="${nonce}"` on every <style> element; the CSP allows no other styles. */
  nonce: string;
}

/** A page for a problem the route did not turn into its own page (a 500, say); the event tells its language. */
export type ErrorPage = (problem: ProblemDocument, event: ApiEvent, nonce: string) => string;

const plainErrorPage: ErrorPage = (problem) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(problem.title)}</title></head>` +
  `<body><h1>${escapeHtml(problem.title)}</h1><p>${escapeHtml(problem.detail)}</p></body></html>`;

function htmlResult(
  status: number,
  html: string,
  nonce: string,
  headers: Record<string, string> = {},
): ApiResult {
  return {
    statusCode: status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; style-src 'nonce-${nonce}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
      ...headers,
    },
    body: html,
  };
}

/**
 * A page route: form-urlencoded bodies in, HTML out, problems as readable pages. The run function
 * returns the page as a string (200) or `reply(status, html)`.
 */
export function htmlRoute<const S extends RouteInputSpec>(
  route: S,
  run: (request: HtmlRequest<S>) => Promise<string | Reply>,
  errorPage: ErrorPage = plainErrorPage,
): RouteHandler {
  return stack(route, async (event, context) => {
    const nonce = randomBytes(16).toString('base64');
    try {
      const page = await run({ ...readRequest(route, event, context, 'html'), nonce });
      return page instanceof Reply
        ? htmlResult(page.status, String(page.body ?? ''), nonce, page.headers)
        : htmlResult(200, page, nonce);
    } catch (error) {
      // Caught here rather than in problemOnError so that the error page shares this page's nonce.
      const problem = problemFor(error, context);
      return htmlResult(problem.status, errorPage(problem, event, nonce), nonce);
    }
  });
}
