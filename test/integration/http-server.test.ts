import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from '../../shared/zod';
import { handler as health, route as healthRoute } from '../../functions/http/health';
import { createLocalIssuer } from '../../infra/local/jwt';
import { startHttpServer, type LocalServer } from '../../infra/local/http-server';
import { createTokenHandler, tokenRoute } from '../../infra/local/token-route';
import { jsonRoute } from '../../shared/http/middleware';
import { defineRoute } from '../../shared/http/openapi';

const echoRoute = defineRoute({
  method: 'POST',
  path: '/services/{serviceId}/echo',
  auth: true,
  summary: 'Echo for tests',
  params: z.object({ serviceId: z.string() }),
  body: z.optional(z.object({ say: z.string() })),
  responses: { 200: { description: 'What the handler saw' } },
});
const echo = jsonRoute(echoRoute, async ({ params, body, caller, event }) => ({
  caller,
  params,
  body,
  query: event.queryStringParameters,
  headers: event.headers,
  cookies: event.cookies,
  claims: (event.requestContext as { authorizer?: { jwt: { claims: Record<string, string> } } }).authorizer
    ?.jwt.claims,
}));

const accounts = new Set(['aa123456-ovh']);
let server: LocalServer;

beforeAll(async () => {
  const issuer = await createLocalIssuer();
  server = await startHttpServer({
    port: 0,
    verifyToken: issuer.verifyToken,
    routes: [
      { ...healthRoute, handler: health },
      { ...echoRoute, handler: echo },
      {
        ...tokenRoute,
        handler: createTokenHandler({
          issueToken: issuer.issueToken,
          accountExists: async (nic) => accounts.has(nic),
        }),
      },
    ],
  });
});
afterAll(() => server.close());

const tokenFor = async (nic: string) => {
  const response = await fetch(`${server.url}/_local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nic }),
  });
  return { response, body: (await response.json()) as { token?: string; code?: string } };
};

describe('local HTTP server', () => {
  it('listens on a free port when given 0', () => {
    expect(server.port).toBeGreaterThan(0);
  });

  it('answers GET /health with 200 {"status":"ok"} and the security headers', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it.each([
    ['no token', undefined],
    ['a malformed token', 'Bearer not-a-jwt'],
    ['a token of another issuer', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJuaWMiOiJhYTEyMzQ1Ni1vdmgifQ.c2ln'],
  ])('answers a protected route called with %s with a 401 problem', async (_, authorization) => {
    const response = await fetch(`${server.url}/services/example.fi/echo`, {
      method: 'POST',
      headers: authorization ? { authorization } : {},
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it('passes the claims of a token from /_local/token to the handler, as API Gateway would', async () => {
    const { response: tokenResponse, body } = await tokenFor('AA123456-OVH');
    expect(tokenResponse.status).toBe(200);
    const response = await fetch(`${server.url}/services/ex%C3%A4mple.fi/echo?x=1&x=2&y=%20z&constructor=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${body.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ say: 'hei' }),
    });
    expect(response.status).toBe(200);
    const seen = (await response.json()) as { claims: Record<string, string> };
    expect(seen).toMatchObject({
      caller: 'aa123456-ovh',
      params: { serviceId: 'exämple.fi' },
      body: { say: 'hei' },
      query: { x: '1,2', y: ' z', constructor: '1' },
      claims: {
        nic: 'aa123456-ovh',
        sub: 'aa123456-ovh',
        iss: 'service-contacts-local',
        aud: 'service-contacts',
      },
    });
    expect(seen.claims.exp).toMatch(/^\d+$/);
  });

  it('hands the headers over as API Gateway does: lower-case, repeated ones joined, cookies apart', async () => {
    const { body } = await tokenFor('aa123456-ovh');
    // Raw HTTP: fetch would merge the repeated headers itself before sending them.
    const lines = [
      'POST /services/example.fi/echo HTTP/1.1',
      `Host: 127.0.0.1:${server.port}`,
      `Authorization: Bearer ${body.token}`,
      'Authorization: Bearer not-a-jwt',
      'X-Two: a',
      'x-two: b',
      'Constructor: c',
      'Cookie: one=1; two=2',
      'Cookie:  three=3 ;',
      'Content-Length: 0',
      'Connection: close',
    ];
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.write(`${lines.join('\r\n')}\r\n\r\n`));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
    expect(raw.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    const seen = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as {
      caller: string;
      headers: Record<string, string>;
      cookies: string[];
    };
    // The first authorization header is the one checked, as the authorizer reads it.
    expect(seen.caller).toBe('aa123456-ovh');
    expect(seen.headers).toMatchObject({
      authorization: `Bearer ${body.token},Bearer not-a-jwt`,
      'x-two': 'a,b',
      constructor: 'c',
      host: `127.0.0.1:${server.port}`,
    });
    expect(seen.headers).not.toHaveProperty('cookie');
    expect(seen.cookies).toEqual(['one=1', 'two=2', 'three=3']);
  });

  it('refuses a token for an account that does not exist with 422 unknown_account', async () => {
    const { response, body } = await tokenFor('zz999-ovh');
    expect(response.status).toBe(422);
    expect(body).toMatchObject({ code: 'unknown_account' });
  });

  it('answers an unknown path with a 404 problem and a known path with another method with 405', async () => {
    const unknown = await fetch(`${server.url}/nothing/here`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect(await unknown.json()).toMatchObject({ status: 404, code: 'not_found' });

    const wrongMethod = await fetch(`${server.url}/health`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    expect(await wrongMethod.json()).toMatchObject({ status: 405, code: 'method_not_allowed' });
  });

  it('stops listening on close()', async () => {
    const issuer = await createLocalIssuer();
    const other = await startHttpServer({
      port: 0,
      verifyToken: issuer.verifyToken,
      routes: [{ ...healthRoute, handler: health }],
    });
    expect((await fetch(`${other.url}/health`)).status).toBe(200);
    await other.close();
    await expect(fetch(`${other.url}/health`)).rejects.toThrow();
  });
});

describe('what Node refuses before any route (issue 22)', () => {
  it("headers past 16 KB are a 431 problem document, not Node's bare answer", async () => {
    const response = await fetch(`${server.url}/health`, { headers: { 'x-filler': 'x'.repeat(20_000) } });
    expect(response.status).toBe(431);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.json()).toMatchObject({ status: 431, code: 'headers_too_large' });
  });
});
