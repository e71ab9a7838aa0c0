// A constant route (health, the OpenAPI document) skips the route stack to stay small, yet answers
// with exactly the headers a JSON route of the full stack gives: the same security, cache and
// language headers, from the one module both use (shared/http/headers.ts).
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { declareRoute } from '../../functions/declare';
import { handler as health, route as healthRoute } from '../../functions/http/health';
import { constantRoute } from '../../shared/http/constant-route';
import { jsonRoute } from '../../shared/http/middleware';

const event = {
  version: '2.0',
  routeKey: 'GET /health',
  rawPath: '/health',
  rawQueryString: '',
  headers: {},
  isBase64Encoded: false,
  requestContext: { http: { method: 'GET', path: '/health' }, requestId: 'r', routeKey: 'GET /health' },
} as unknown as APIGatewayProxyEventV2;
const context = {
  awsRequestId: 'req-1',
  functionName: 'test',
  getRemainingTimeInMillis: () => 25_000,
} as Context;

describe('a constant route', () => {
  it('answers its body as JSON with the headers of a JSON route of the full stack', async () => {
    const constant = await health(event, context);
    const full = await jsonRoute({ auth: false }, async () => ({ status: 'ok' }))(event, context);
    expect(constant).toEqual(full);
    expect(constant.headers).toMatchObject({
      'cache-control': 'no-store',
      'content-language': 'en',
      'X-Content-Type-Options': 'nosniff',
    });
  });

  it('parses with the route it declares, as declareRoute requires', () => {
    const handler = constantRoute(healthRoute, { status: 'ok' });
    expect(() => declareRoute({ name: 'health', route: healthRoute, handler, needs: {} })).not.toThrow();
    const other = constantRoute({ auth: false }, { status: 'ok' });
    expect(() => declareRoute({ name: 'health', route: healthRoute, handler: other, needs: {} })).toThrow(
      /does not parse with the route it declares/,
    );
  });
});
