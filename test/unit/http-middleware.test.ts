import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from '../../shared/zod';
import { DomainError, ERROR_STATUS, type ErrorCode } from '../../shared/domain/errors';
import { logger } from '../../shared/http/logger';
import { htmlRoute, jsonRoute, reply, type ApiResult } from '../../shared/http/middleware';
import { buildOpenApiDocument, defineRoute } from '../../shared/http/openapi';
import { route as healthRoute } from '../../functions/http/health';
import { handleSchema, pagingQuerySchema, roleSchema } from '../../shared/http/schemas';

const context = {
  awsRequestId: 'req-1',
  functionName: 'test',
  getRemainingTimeInMillis: () => 25_000,
} as Context;

function event(overrides: Partial<APIGatewayProxyEventV2> & { nic?: string } = {}): APIGatewayProxyEventV2 {
  const { nic, ...rest } = overrides;
  return {
    version: '2.0',
    routeKey: 'POST /things/{thingId}',
    rawPath: '/things/t1',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    isBase64Encoded: false,
    requestContext: {
      accountId: '1',
      apiId: 'api',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: 'POST',
        path: '/things/t1',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'test',
      },
      requestId: 'r',
      routeKey: 'POST /things/{thingId}',
      stage: '$default',
      time: '',
      timeEpoch: 0,
      ...(nic === undefined ? {} : { authorizer: { jwt: { claims: { nic }, scopes: null } } }),
    },
    ...rest,
  } as APIGatewayProxyEventV2;
}

const json = (result: ApiResult) => JSON.parse(result.body ?? 'null');

const echoRoute = defineRoute({
  method: 'POST',
  path: '/things/{thingId}',
  auth: true,
  summary: 'Echo',
  params: z.object({ thingId: z.string().check(z.minLength(1)) }),
  query: pagingQuerySchema,
  body: z.object({ tech: handleSchema(), roles: z.array(roleSchema()).check(z.minLength(1)) }),
  responses: { 200: { description: 'The input' } },
});
const echo = jsonRoute(echoRoute, async ({ params, query, body, caller }) => ({
  params,
  query,
  body,
  caller,
}));
const goodBody = JSON.stringify({ tech: 'BB4321-OVH', roles: ['tech'] });

afterEach(() => vi.restoreAllMocks());

describe('jsonRoute', () => {
  it('hands validated, normalised input and the lower-cased caller to the route', async () => {
    const result = await echo(
      event({
        nic: 'AA123456-OVH',
        body: goodBody,
        pathParameters: { thingId: 't1' },
        queryStringParameters: { limit: '5' },
      }),
      context,
    );
    expect(result.statusCode).toBe(200);
    expect(json(result)).toEqual({
      params: { thingId: 't1' },
      query: { limit: 5 },
      body: { tech: 'bb4321-ovh', roles: ['tech'] },
      caller: 'aa123456-ovh',
    });
  });

  it.each([
    ['malformed JSON', { body: '{"tech": ' }, 'body'],
    ['a body that is not JSON at all', { body: 'tech=bb4321-ovh', headers: {} }, 'body'],
    [
      'JSON under another content type',
      { body: goodBody, headers: { 'content-type': 'text/plain' } },
      'body',
    ],
    ['no body', {}, 'body'],
    ['a wrong type', { body: JSON.stringify({ tech: 42, roles: ['tech'] }) }, 'body.tech'],
    [
      'a handle that is one only once Unicode folds its case (Kelvin sign)',
      { body: JSON.stringify({ tech: '\u212Aa1-ovh', roles: ['tech'] }) },
      'body.tech',
    ],
    ['an unknown role', { body: JSON.stringify({ tech: 'bb4321-ovh', roles: ['boss'] }) }, 'body.roles.0'],
    ['a limit out of range', { body: goodBody, queryStringParameters: { limit: '101' } }, 'query.limit'],
    [
      'a limit that is not a number',
      { body: goodBody, queryStringParameters: { limit: 'ten' } },
      'query.limit',
    ],
  ])('answers %s with 400 validation_failed naming the field', async (_, overrides, path) => {
    const result = await echo(
      event({ nic: 'aa123456-ovh', pathParameters: { thingId: 't1' }, ...overrides }),
      context,
    );
    expect(result.statusCode).toBe(400);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    const problem = json(result);
    expect(problem).toMatchObject({
      status: 400,
      code: 'validation_failed',
      type: expect.stringContaining('/validation_failed'),
    });
    expect(problem.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('reads a base64-encoded body', async () => {
    const body = Buffer.from(goodBody).toString('base64');
    const result = await echo(
      event({ nic: 'aa123456-ovh', pathParameters: { thingId: 't1' }, body, isBase64Encoded: true }),
      context,
    );
    expect(json(result).body.tech).toBe('bb4321-ovh');
  });

  it.each([
    ['no authorizer claims', undefined],
    ['an empty nic claim', ''],
    ['a nic claim that is not a handle', 'root'],
    ['a nic claim that folds to a handle only through Unicode (Kelvin sign)', '\u212Aa1-ovh'],
  ])('answers %s with 401 unauthenticated before validating', async (_, nic) => {
    const result = await echo(event({ nic, body: 'not json' }), context);
    expect(result.statusCode).toBe(401);
    expect(json(result).code).toBe('unauthenticated');
  });

  it.each(Object.entries(ERROR_STATUS) as [ErrorCode, number][])(
    'maps DomainError %s to %i',
    async (code, status) => {
      const failing = jsonRoute({ auth: false }, async () => {
        throw new DomainError(code, `because ${code}`);
      });
      const result = await failing(event(), context);
      expect(result.statusCode).toBe(status);
      expect(json(result)).toMatchObject({
        status,
        code,
        detail: `because ${code}`,
        title: expect.any(String),
      });
    },
  );

  it('answers an unknown error with a 500 that leaks nothing, and logs it', async () => {
    const logged = vi.spyOn(logger, 'error');
    const failing = jsonRoute({ auth: false }, async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.7:8000 table=secret-table');
    });
    const result = await failing(event(), context);
    expect(result.statusCode).toBe(500);
    expect(json(result)).toMatchObject({ code: 'internal_error', status: 500 });
    expect(result.body).not.toMatch(/ECONNREFUSED|secret-table|stack/);
    expect(result.body).toContain('req-1');
    expect(logged).toHaveBeenCalledOnce();
  });

  it('adds the security headers to answers and problems alike', async () => {
    const ok = await jsonRoute({ auth: false }, async () => ({ fine: true }))(event(), context);
    const bad = await echo(event(), context);
    for (const result of [ok, bad]) {
      expect(result.headers).toMatchObject({
        'cache-control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Strict-Transport-Security': 'max-age=15552000; includeSubDomains; preload',
        'Referrer-Policy': 'no-referrer',
        'Origin-Agent-Cluster': '?1',
        'X-DNS-Prefetch-Control': 'off',
        'X-Download-Options': 'noopen',
        'X-Permitted-Cross-Domain-Policies': 'none',
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
        // The API speaks English, and says so; pages say their language in <html lang>.
        'content-language': 'en',
      });
      // A document's headers are for pages only.
      expect(Object.keys(result.headers ?? {})).not.toContain('X-Frame-Options');
      expect(Object.keys(result.headers ?? {})).not.toContain('Permissions-Policy');
    }
  });

  it('sends no empty header: none that nothing would read, such as an empty Reporting-Endpoints', async () => {
    const ok = await jsonRoute({ auth: false }, async () => ({ fine: true }))(event(), context);
    const page = await htmlRoute({ auth: false }, async () => '<p>hi</p>')(event({ headers: {} }), context);
    const bad = await echo(event(), context);
    for (const result of [ok, page, bad]) {
      expect(result.headers).not.toHaveProperty('Reporting-Endpoints');
      const empty = Object.entries(result.headers ?? {}).filter(([, value]) => String(value).trim() === '');
      expect(empty).toEqual([]);
    }
  });

  it('serialises reply(status, body, headers), and an undefined result as 204', async () => {
    const created = await jsonRoute({ auth: false }, async () => reply(202, { id: 'x' }, { location: '/x' }))(
      event(),
      context,
    );
    expect(created).toMatchObject({
      statusCode: 202,
      headers: { location: '/x', 'content-type': 'application/json' },
    });
    expect(json(created)).toEqual({ id: 'x' });
    const empty = await jsonRoute({ auth: false }, async () => undefined)(event(), context);
    expect(empty.statusCode).toBe(204);
    expect(empty.body).toBeUndefined();
  });

  it('never writes a code or token of a body to the logs, even on a crash', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true));
    const crashing = jsonRoute({ auth: false, body: z.object({ token: z.string() }) }, async ({ body }) => {
      logger.setLogLevel('DEBUG');
      logger.info('oops', { body, token: body.token, details: { code: body.token, taskToken: 'TT-1' } });
      throw new Error('boom');
    });
    await crashing(event({ body: JSON.stringify({ token: 'CODE-123456' }) }), context);
    expect(written.join('')).toContain('boom');
    expect(written.join('')).not.toMatch(/CODE-123456|TT-1/);
  });

  it('never answers 5xx for arbitrary input to a route that only echoes what it validated', async () => {
    const text = fc.oneof(fc.string(), fc.json(), fc.constant(goodBody));
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          body: fc.option(text, { nil: undefined }),
          contentType: fc.oneof(fc.constant('application/json'), fc.string()),
          base64: fc.boolean(),
          limit: fc.option(fc.string(), { nil: undefined }),
          cursor: fc.option(fc.string(), { nil: undefined }),
          thingId: fc.string(),
          nic: fc.option(fc.oneof(fc.string(), fc.constant('aa123456-ovh')), { nil: undefined }),
        }),
        async ({ body, contentType, base64, limit, cursor, thingId, nic }) => {
          const query = Object.fromEntries(
            Object.entries({ limit, cursor }).filter(([, v]) => v !== undefined),
          );
          const result = await echo(
            event({
              nic,
              headers: { 'content-type': contentType },
              body: base64 && body !== undefined ? Buffer.from(body).toString('base64') : body,
              isBase64Encoded: base64,
              pathParameters: { thingId },
              queryStringParameters: query as Record<string, string>,
            }),
            context,
          );
          expect(result.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('htmlRoute', () => {
  const page = defineRoute({
    method: 'POST',
    path: '/confirm/{id}',
    auth: false,
    format: 'html',
    summary: 'Page',
    params: z.object({ id: z.string() }),
    body: z.object({ token: z.string().check(z.minLength(1)), decision: z.enum(['accept', 'refuse']) }),
    responses: { 200: { description: 'A page', contentType: 'text/html' } },
  });
  const confirm = htmlRoute(page, async ({ body, nonce }) => {
    if (body.token !== 'good') throw new DomainError('invalid_token', 'That code <b>does not</b> work.');
    return `<style nonce="${nonce}">p{}</style><p>${body.decision}</p>`;
  });
  const form = (body: string) =>
    event({
      body,
      pathParameters: { id: 'c1' },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

  it('parses the form and answers a page under a strict CSP carrying the page nonce', async () => {
    const result = await confirm(form('token=good&decision=accept'), context);
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(result.headers?.['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(csp).toMatch(/default-src 'none'.*form-action 'self'.*frame-ancestors 'none'/);
    expect(result.body).toBe(`<style nonce="${nonce}">p{}</style><p>accept</p>`);
    expect(result.headers).toMatchObject({
      'cache-control': 'no-store',
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Permissions-Policy': expect.stringMatching(
        /^accelerometer=\(\), .*camera=\(\), .*vertical-scroll=\(\)$/,
      ),
    });
    expect(result.headers).not.toHaveProperty('content-language');
  });

  it('answers a domain error with a readable, escaped page and its status', async () => {
    const result = await confirm(form('token=bad&decision=accept'), context);
    expect(result.statusCode).toBe(422);
    expect(result.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(result.body).toContain('That code &lt;b&gt;does not&lt;/b&gt; work.');
  });

  it('answers a bad form with a 400 page', async () => {
    const result = await confirm(form('decision=maybe'), context);
    expect(result.statusCode).toBe(400);
    expect(result.body).toContain('<h1>');
  });

  it("answers what the route did not turn into a page with the route's own error page", async () => {
    const failing = htmlRoute(
      page,
      async () => {
        throw new Error('boom');
      },
      (problem, request, nonce) =>
        `<p lang="${request.headers?.['accept-language']}">${problem.code} ${nonce.length}</p>`,
    );
    const request = form('token=good&decision=accept');
    const result = await failing(
      { ...request, headers: { ...request.headers, 'accept-language': 'fi' } },
      context,
    );
    expect(result.statusCode).toBe(500);
    expect(result.body).toBe('<p lang="fi">internal_error 24</p>');
  });
});

describe('the OpenAPI document built from the same route specs', () => {
  const document = buildOpenApiDocument([
    healthRoute,
    { ...echoRoute, errors: ['not_found', 'role_not_allowed'] },
  ]);
  const operation = document.paths['/things/{thingId}']?.post as {
    security: unknown[];
    parameters: { name: string; in: string; required: boolean }[];
    requestBody: {
      required: boolean;
      content: Record<string, { schema: { properties: Record<string, unknown> } }>;
    };
    responses: Record<string, { content?: Record<string, unknown> }>;
  };

  it('describes inputs from the validation schemas and refers to registered components', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(operation.security).toEqual([{ bearerAuth: [] }]);
    expect(operation.parameters).toEqual([
      expect.objectContaining({ name: 'thingId', in: 'path', required: true }),
      expect.objectContaining({ name: 'limit', in: 'query', required: false }),
      expect.objectContaining({ name: 'cursor', in: 'query', required: false }),
    ]);
    expect(operation.requestBody.required).toBe(true);
    expect(operation.requestBody.content['application/json']?.schema.properties.tech).toEqual({
      $ref: '#/components/schemas/Handle',
    });
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['Handle', 'Role', 'Problem', 'Health']),
    );
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('documents every problem the route and the stack may answer with', () => {
    expect(Object.keys(operation.responses)).toEqual(['200', '400', '401', '403', '404', '500']);
    expect(operation.responses['404']?.content).toHaveProperty(['application/problem+json']);
    expect(JSON.stringify(document)).not.toContain('$defs');
  });
});
