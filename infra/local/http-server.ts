// The local stand-in for API Gateway (HTTP API, payload format 2.0): it turns each HTTP request
// into the event API Gateway would send, checks the JWT where API Gateway's authorizer would, calls
// the same Lambda handler in-process and writes back what API Gateway would make of its result.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import type {
  APIGatewayEventRequestContextV2,
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  Context,
} from 'aws-lambda';
import type { JWTPayload } from 'jose';
import type { HttpMethod } from '../../shared/http/openapi';
import { problemResponse, PROBLEM_TITLES, type ProblemCode } from '../../shared/http/problem';
import { servePanel } from './panel-files';

export interface LocalRoute {
  method: HttpMethod;
  /** API Gateway's path template: `/services/{serviceId}/contact-changes`. */
  path: string;
  auth: boolean;
  handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;
}

export interface LocalServerOptions {
  routes: readonly LocalRoute[];
  /** Verifies a `Bearer …` header value; the local issuer's verifyToken. */
  verifyToken: (authorization: string | undefined) => Promise<JWTPayload | null>;
  /** 0 picks a free port. */
  port?: number;
  /** The built control panel, served at /panel/ (see panel-files.ts); none when absent. */
  panelDir?: string;
}

export interface LocalServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** API Gateway's own payload limit; larger requests never reach a function. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** API Gateway's integration timeout; the handler's context counts down from it. */
const TIMEOUT_MS = 30_000;
const TEXT_TYPE =
  /^(text\/|application\/([\w.+-]+\+)?(json|xml)|application\/x-www-form-urlencoded|application\/javascript)/i;

interface CompiledRoute extends LocalRoute {
  pattern: RegExp;
  names: string[];
}

/** Path parameters arrive URL-decoded; a malformed escape is the client's error, as in API Gateway. */
function decodePathParameters(route: CompiledRoute, match: RegExpExecArray): Record<string, string> | null {
  try {
    return Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]));
  } catch {
    return null;
  }
}

/**
 * The first route (in rank order) whose template matches the path and whose method is the request's;
 * failing that, the methods of those the path matched (none: no route at all).
 */
function findRoute(
  compiled: readonly CompiledRoute[],
  method: string | undefined,
  path: string,
):
  | { route: CompiledRoute; match: RegExpExecArray; allow?: undefined }
  | { route?: undefined; allow: string[] } {
  const allow: string[] = [];
  for (const route of compiled) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.method === method) return { route, match };
    allow.push(route.method);
  }
  return { allow };
}

function compile(route: LocalRoute): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}+]+)\+?\}$/.exec(part)?.[1];
      if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      // A greedy `{proxy+}` may span segments; a plain `{name}` is one segment.
      return part.endsWith('+}') ? '(.+)' : '([^/]+)';
    })
    .join('');
  return { ...route, names, pattern: new RegExp(`^${source}$`) };
}

/**
 * The claims of each payload as made once: the issuer hands back the same payload object for a token it
 * verified before (infra/local/jwt.ts), so a caller's requests share them, frozen, as they share the token.
 */
const claimsMade = new WeakMap<JWTPayload, Readonly<Record<string, string>>>();

/** API Gateway hands claims to the function as strings; arrays as `[a b]`. */
function claimsAsApiGatewayDoes(payload: JWTPayload): Readonly<Record<string, string>> {
  let claims = claimsMade.get(payload);
  if (!claims) {
    claims = Object.freeze(stringClaims(payload));
    claimsMade.set(payload, claims);
  }
  return claims;
}

function stringClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([key, value]) => [
      key,
      Array.isArray(value)
        ? `[${value.join(' ')}]`
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value),
    ]),
  );
}

const NO_BODY = Buffer.alloc(0);

function readBody(request: IncomingMessage, headers: Record<string, string>): Promise<Buffer | 'too_large'> {
  // Neither content-length nor transfer-encoding: HTTP/1.1 says there is no body (RFC 9112, 6.3), and
  // Node reads none; a GET need not wait for the stream's end. Node drains it after the answer.
  if (headers['content-length'] === undefined && headers['transfer-encoding'] === undefined)
    return Promise.resolve(NO_BODY);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too_large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

interface RequestHeaders {
  /** Lower-case names, repeated headers' values joined with commas, as API Gateway sends them; no cookie. */
  headers: Record<string, string>;
  /** Every cookie of every cookie header, API Gateway's `cookies`. */
  cookies: string[];
  /** The first authorization header, the one the authorizer reads. */
  authorization: string | undefined;
}

/**
 * The request's headers read once, from the raw list: Node's `headers` and `headersDistinct` would
 * each build an object of their own from it on every request.
 */
function readHeaders(request: IncomingMessage): RequestHeaders {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  let authorization: string | undefined;
  const raw = request.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    if (name === 'cookie') {
      for (const cookie of value.split(';')) {
        const trimmed = cookie.trim();
        if (trimmed) cookies.push(trimmed);
      }
      continue;
    }
    if (name === 'authorization') authorization ??= value;
    // Own properties only: a header named `constructor` is not Object's.
    headers[name] = Object.hasOwn(headers, name) ? `${headers[name]},${value}` : value;
  }
  return { headers, cookies, authorization };
}

function buildEvent(
  request: IncomingMessage,
  { headers, cookies }: RequestHeaders,
  url: URL,
  route: CompiledRoute,
  pathParameters: Record<string, string>,
  body: Buffer,
  claims: Record<string, string> | undefined,
): APIGatewayProxyEventV2 {
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    // Own properties only, as for the headers: `?constructor=1` is not Object's.
    query[name] = Object.hasOwn(query, name) ? `${query[name]},${value}` : value;
  const isText = body.length === 0 || TEXT_TYPE.test(headers['content-type'] ?? '');
  const routeKey = `${route.method} ${route.path}`;
  const now = new Date();
  const forwarded = headers['x-forwarded-for']?.split(',')[0]?.trim();
  const requestContext: APIGatewayEventRequestContextV2 = {
    accountId: '000000000000',
    apiId: 'local',
    domainName: headers.host ?? 'localhost',
    domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
    http: {
      method: route.method,
      path: url.pathname,
      protocol: `HTTP/${request.httpVersion}`,
      sourceIp: forwarded ?? request.socket.remoteAddress ?? '127.0.0.1',
      userAgent: headers['user-agent'] ?? '',
    },
    requestId: randomUUID(),
    routeKey,
    stage: '$default',
    time: now.toISOString(),
    timeEpoch: now.getTime(),
  };
  // Only routes with an authorizer get this block, as in API Gateway.
  if (claims)
    Object.assign(requestContext, {
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: null } },
    });
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(url.search.length > 1 ? { queryStringParameters: query } : {}),
    ...(route.names.length ? { pathParameters } : {}),
    requestContext,
    ...(body.length ? { body: body.toString(isText ? 'utf8' : 'base64') } : {}),
    isBase64Encoded: !isText,
  };
}

const unsupported = () => {
  throw new Error('Not available locally');
};

/** The context the stand-in hands a handler: its deadline API Gateway's integration timeout from now. */
export function lambdaContext(requestId: string): Context {
  const deadline = Date.now() + TIMEOUT_MS;
  // Made for each request, so no named closure in it: under tsx each would cost a defineProperty
  // of its name (esbuild's keepNames); a method's name is its own.
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'service-contacts-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:service-contacts-local',
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/service-contacts-local',
    logStreamName: 'local',
    getRemainingTimeInMillis() {
      return Math.max(0, deadline - Date.now());
    },
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

function write(response: ServerResponse, result: APIGatewayProxyResultV2) {
  // Like API Gateway: a result without statusCode is a 200 JSON body.
  const structured =
    typeof result === 'object' && result !== null && 'statusCode' in result
      ? result
      : {
          statusCode: 200,
          headers: { 'content-type': 'application/json' },
          body: typeof result === 'string' ? result : JSON.stringify(result),
        };
  for (const [name, value] of Object.entries(structured.headers ?? {})) {
    if (value !== undefined) response.setHeader(name, String(value));
  }
  if (structured.cookies?.length) response.setHeader('set-cookie', structured.cookies);
  const body = structured.body ?? '';
  response.statusCode = structured.statusCode ?? 200;
  response.end(structured.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

/** The server's own answers (no route, bad token…), with the headers the handlers' answers carry. */
function problem(response: ServerResponse, status: number, code: ProblemCode, detail: string) {
  const result = problemResponse(status, code, PROBLEM_TITLES[code], detail);
  result.headers = { ...result.headers, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
  write(response, result);
}

export async function startHttpServer({
  routes,
  verifyToken,
  port = 0,
  panelDir,
}: LocalServerOptions): Promise<LocalServer> {
  // Like API Gateway, a literal path wins over a template, and a template over a greedy one.
  const rank = (route: CompiledRoute) => route.names.length + (route.path.includes('+}') ? 100 : 0);
  const compiled = routes.map(compile).sort((a, b) => rank(a) - rank(b));

  const server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (panelDir && (request.method === 'GET' || request.method === 'HEAD')) {
        if (await servePanel(panelDir, url.pathname, response)) return;
      }
      const found = findRoute(compiled, request.method, url.pathname);
      if (!found.route) {
        if (found.allow.length === 0)
          return problem(response, 404, 'not_found', `No route for ${url.pathname}.`);
        response.setHeader('allow', [...new Set(found.allow)].join(', '));
        return problem(
          response,
          405,
          'method_not_allowed',
          `${request.method} is not allowed on ${url.pathname}.`,
        );
      }
      const pathParameters = decodePathParameters(found.route, found.match);
      if (!pathParameters)
        return problem(response, 400, 'validation_failed', 'The path holds a malformed escape.');
      const headers = readHeaders(request);
      const body = await readBody(request, headers.headers);
      if (body === 'too_large')
        return problem(response, 413, 'payload_too_large', 'The body is larger than 10 MB.');
      let claims: Record<string, string> | undefined;
      if (found.route.auth) {
        const payload = await verifyToken(headers.authorization);
        if (!payload) return problem(response, 401, 'unauthenticated', 'A valid bearer token is required.');
        claims = claimsAsApiGatewayDoes(payload);
      }
      const event = buildEvent(request, headers, url, found.route, pathParameters, body, claims);
      write(response, await found.route.handler(event, lambdaContext(event.requestContext.requestId)));
    } catch (error) {
      // A handler that throws instead of answering is a 500 in API Gateway too.
      console.error('Local HTTP server: handler failed', error);
      if (!response.headersSent) problem(response, 500, 'internal_error', 'The handler failed.');
    }
  });

  // Requests Node refuses before any handler sees them get a problem document too, not Node's bare
  // answer: headers (or a URL) past Node's 16 KB are 431 headers_too_large, anything unparsable 400.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || error.code === 'ECONNRESET') return socket.destroy();
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const result = tooLarge
      ? problemResponse(
          431,
          'headers_too_large',
          PROBLEM_TITLES.headers_too_large,
          'The request headers are larger than 16 KB.',
        )
      : problemResponse(
          400,
          'validation_failed',
          PROBLEM_TITLES.validation_failed,
          'The request could not be read as HTTP.',
        );
    const body = String(result.body ?? '');
    const head = [
      `HTTP/1.1 ${result.statusCode} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}`,
      'content-type: application/problem+json',
      `content-length: ${Buffer.byteLength(body)}`,
      'cache-control: no-store',
      'x-content-type-options: nosniff',
      'connection: close',
    ];
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections would hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}
